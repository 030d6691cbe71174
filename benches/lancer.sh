#!/usr/bin/env bash
# Benchmark of `cadria inventaire` (see benches/README.md): builds the release
# binary and the bench crate (which alone depends on regorus), then measures
# 1 000, 10 000 and 100 000 entries, or the sizes given as arguments.
set -euo pipefail
racine="$(cd "$(dirname "$0")/.." && pwd)"
cible="${CARGO_TARGET_DIR:-$racine/target}"
cargo build --release --manifest-path "$racine/Cargo.toml"
cargo build --release --manifest-path "$racine/benches/comparaison/Cargo.toml" --target-dir "$cible"
exec "$cible/release/cadria-banc" "$cible/release/cadria" "$@"

#!/usr/bin/env bash
# Benchmark of `cadria inventaire` (see benches/README.md): builds the release
# binary and the bench crate (which alone depends on regorus), then measures
# 1 000, 10 000 and 100 000 entries (plus 1 000 000 with --grand), or the
# sizes given as arguments. End to end in json, csv, texte, html and sarif
# (time and peak memory by GNU time), the parse floor, and evaluation against
# regorus, in one run.
set -euo pipefail
racine="$(cd "$(dirname "$0")/.." && pwd)"
cible="${CARGO_TARGET_DIR:-$racine/target}"
tailles=()
for a in "$@"; do
  case "$a" in
    --grand) tailles+=(1000 10000 100000 1000000) ;;
    --instructions) tailles+=("$a") ;;
    *) tailles+=("$a") ;;
  esac
done
if [ ! -x /usr/bin/time ]; then
  echo "GNU time (/usr/bin/time) est nécessaire : apt-get install time" >&2
  exit 2
fi
cargo build --release --manifest-path "$racine/Cargo.toml"
cargo build --release --manifest-path "$racine/benches/comparaison/Cargo.toml" --target-dir "$cible"
exec "$cible/release/cadria-banc" "$cible/release/cadria" "${tailles[@]}"

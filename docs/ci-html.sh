#!/usr/bin/env bash
# HTML reports in a real browser (issue 6): to be run by .ci/run, as root on
# Debian, after the build tools are installed and before `cargo test`.
#
# 1. Installs Debian's Chromium (headless rendering, screenshots, PDF) and
#    a font, so that the screenshots and PDFs show text on a bare system.
# 2. Runs the browser test, with CADRIA_EXIGER_NAVIGATEUR=1 so that a
#    missing browser fails the CI instead of skipping the test.
#
# Screenshots (wide and 360 px), A4 PDFs and DOM dumps are left in
# target/tmp/html_navigateur/ (or $CARGO_TARGET_DIR/tmp/...) for artefacts.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== chromium (tests HTML dans un vrai navigateur)"
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core
fi
chromium --version

echo "== cargo test --test html_navigateur"
CADRIA_EXIGER_NAVIGATEUR=1 cargo test --locked --test html_navigateur -- --nocapture

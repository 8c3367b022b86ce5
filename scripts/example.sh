#!/usr/bin/env bash
# The main job on the bundled example corpus: installs the sentence-vector model if it can,
# builds corroborate with it, and analyses examples/harbor-strike (pass other paths or flags
# to analyse something else, e.g. `scripts/example.sh --format html -o report.html examples/`).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/corroborate/target}"

if ! scripts/install-model.sh; then
  echo "example: model not installed; continuing with the lexical encoder" >&2
fi
cargo build --quiet -p corroborate-cli
corroborate="$CARGO_TARGET_DIR/debug/corroborate"
if [ "$#" -eq 0 ]; then
  set -- examples/harbor-strike
fi
exec "$corroborate" analyze "$@"

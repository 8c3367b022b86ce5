#!/usr/bin/env bash
# Coverage-guided fuzzing of every cargo-fuzz target (fuzz/fuzz_targets) with libFuzzer, on the
# stable toolchain (RUSTC_BOOTSTRAP lets cargo-fuzz pass its unstable flags; no sanitizer, debug
# assertions and overflow checks on). New inputs go to a scratch folder, the committed seeds in
# fuzz/corpus are read only; findings land in fuzz/artifacts/<target>/, which the stable smoke
# test (crates/ingest/tests/fuzz_smoke.rs) replays. Needs `cargo install cargo-fuzz`.
#   scripts/fuzz.sh [SECONDS_PER_TARGET (600)] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-600}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || mapfile -t targets < <(ls fuzz_targets | sed 's/\.rs$//')
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in "${targets[@]}"; do
  mkdir -p "$scratch/$target"
  # -close_fd_mask=2: the target's own stderr (library debug lines) is closed; libFuzzer's
  # report and the crash artifacts are kept.
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none "$target" "$scratch/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -close_fd_mask=2 2>&1 | grep -E '^(Done|stat::|==|SUMMARY|artifact_prefix|Test unit)' || true
  echo "$target: findings in fuzz/artifacts/$target: $(ls "artifacts/$target" 2>/dev/null | wc -l)"
done

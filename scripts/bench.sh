#!/usr/bin/env bash
# Runs every crate's criterion benches (release profile) and prints one table:
# benchmark, time per iteration, throughput. Pass crate names to run a subset:
#   scripts/bench.sh ingest text
# The embedding comparison against Python sentence-transformers is separate:
#   crates/embed/bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/corroborate/target}"
crates=("$@")
[ "${#crates[@]}" -gt 0 ] || crates=(ingest text extract embed story synth eval)
log=$(mktemp)
for crate in "${crates[@]}"; do
  features=()
  [ "$crate" = embed ] && features=(--features neural)
  cargo bench --quiet -p "corroborate-$crate" "${features[@]}" -- --noplot 2>/dev/null | tee -a "$log" >/dev/null
done
printf '| %-48s | %-24s | %-28s |\n' benchmark "time / iteration" throughput
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..50})" "$(printf -- '-%.0s' {1..26})" "$(printf -- '-%.0s' {1..30})"
awk '
  /^[^ ]+ *$/ && !/^(Benchmarking|Gnuplot|Found|Warning)/ { name=$1; next }
  /time:/ {
    if ($0 !~ /^ /) name=$1
    match($0, /\[[^]]*\]/); split(substr($0, RSTART+1, RLENGTH-2), v, " ")
    time[name]=v[3] " " v[4]; order[++n]=name; next
  }
  /thrpt:/ {
    match($0, /\[[^]]*\]/); split(substr($0, RSTART+1, RLENGTH-2), v, " ")
    thr[order[n]]=v[3] " " v[4]
  }
  END { for (i=1;i<=n;i++) printf "| %-48s | %-24s | %-28s |\n", order[i], time[order[i]], thr[order[i]] }
' "$log"
rm -f "$log"

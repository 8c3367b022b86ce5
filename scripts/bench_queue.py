#!/usr/bin/env python3
"""Scale-out on PostgreSQL and NATS JetStream (see scripts/bench-queue.sh, which builds the
release binary first). Starts a throw-away PostgreSQL cluster and nats-server, then adds the
held-out multi-news articles (../shared/data/multi-news/validation.csv: every document of every
row, one file each, in a fixed shuffled order; each row is one gold story):

- single: one process, `corroborate add --db postgres://…/single DIR`;
- queue, 1 worker / 2 workers: `add --queue` publishes the files, then 1 or 2
  `corroborate worker --until-empty` processes (started together) add them to a fresh database.

Per run: wall seconds and articles/s (queue runs: from the workers' start to the last one's
exit), B³ precision / recall / F1 of the stories against the rows and the F1 difference from
the single process, articles stored and distinct content hashes (every article once), the
lock-serialized share (the workers' time assigning under the lock over their total), and
PostgreSQL rows and bytes per article. Then queue latency: one idle worker, articles published
one at a time, seconds from publish to stored (p50 / p95).

Usage: scripts/bench-queue.sh [--lexical] [--rows N]
"""

import argparse
import ast
import csv
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "corroborate")
DATA = os.path.join(ROOT, "..", "shared", "data", "multi-news", "validation.csv")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """initdb in a temp folder (as nobody when root), pg_ctl start on a free port."""

    def __init__(self, work):
        versions = sorted(int(v) for v in os.listdir("/usr/lib/postgresql") if v.isdigit())
        self.bin = f"/usr/lib/postgresql/{versions[-1]}/bin"
        self.dir = os.path.join(work, "pg")
        os.makedirs(self.dir)
        self.port = free_port()
        self.root = os.geteuid() == 0
        if self.root:
            subprocess.run(["chown", "-R", "nobody", self.dir], check=True)
        data = os.path.join(self.dir, "data")
        self.tool("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self.tool("pg_ctl", "-D", data, "-o", opts, "-w", "-l",
                  os.path.join(self.dir, "log"), "start")
        self.data = data

    def tool(self, name, *args):
        cmd = [os.path.join(self.bin, name), *args]
        if self.root:
            cmd = ["runuser", "-u", "nobody", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd=self.dir)

    def url(self, db="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def sql(self, db, query):
        out = subprocess.run(["psql", "-At", self.url(db), "-c", query], check=True,
                             capture_output=True, text=True)
        return out.stdout.strip()

    def create(self, db):
        self.sql("postgres", f'CREATE DATABASE "{db}"')
        return self.url(db)

    def stop(self):
        self.tool("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")


class Nats:
    def __init__(self, work):
        self.port = free_port()
        exe = shutil.which("nats-server") or "/usr/sbin/nats-server"
        self.proc = subprocess.Popen([exe, "-js", "-a", "127.0.0.1", "-p", str(self.port),
                                      "-sd", os.path.join(work, "nats")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("nats-server did not start")

    def url(self):
        return f"nats://127.0.0.1:{self.port}"

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def write_articles(work, rows):
    """One file per document, names in a fixed shuffled order; the gold row of each name."""
    csv.field_size_limit(1 << 30)
    with open(DATA, newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))[:rows]
    items = []
    for row, record in enumerate(records):
        for text in ast.literal_eval(record["documents"]):
            if text.strip():
                items.append((row, text))
    random.Random(20261205).shuffle(items)
    folder = os.path.join(work, "articles")
    os.makedirs(folder)
    gold = {}
    for i, (row, text) in enumerate(items):
        name = f"a{i:05d}-r{row}"
        with open(os.path.join(folder, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
        gold[name] = row
    return folder, gold


def corroborate(*args, check=True):
    out = subprocess.run([BIN, *args], capture_output=True, text=True)
    if check and out.returncode != 0:
        log(out.stderr[-3000:])
        raise SystemExit(f"failed: corroborate {' '.join(args)}")
    return out


def stored(db):
    """(story of each article id, content hashes, article path stems) of the corpus."""
    out = corroborate("export", "--db", db, "--format", "jsonl", "--table", "articles")
    story_of, hashes = {}, []
    for line in out.stdout.splitlines():
        a = json.loads(line)
        story_of[a["id"]] = a["story"]
        hashes.append(a["content_hash"])
    return story_of, hashes


def bcubed(story_of, gold):
    """B³ precision, recall, F1 over the articles both know (ids are the file stems)."""
    ids = [i for i in story_of if i in gold]
    by_pred, by_gold = {}, {}
    for i in ids:
        by_pred.setdefault(story_of[i], set()).add(i)
        by_gold.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in ids:
        pred, true = by_pred[story_of[i]], by_gold[gold[i]]
        both = len(pred & true)
        p += both / len(pred)
        r += both / len(true)
    p, r = p / len(ids), r / len(ids)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def footprint(pg, db, articles):
    tables = pg.sql(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").split()
    rows = sum(int(pg.sql(db, f'SELECT count(*) FROM "{t}"')) for t in tables)
    size = int(pg.sql(db, "SELECT coalesce(sum(pg_total_relation_size(quote_ident(tablename))), 0)"
                          " FROM pg_tables WHERE schemaname = 'public'"))
    return rows / max(articles, 1), size / max(articles, 1)


def worker_reports(db, queue):
    out = corroborate("status", "--db", db, "--queue", queue, "--format", "json")
    return json.loads(out.stdout)["queue"]["workers"]


def run_queue(pg, nats, folder, encoder, name, workers):
    db = pg.create(name)
    corroborate("add", "--queue", nats.url(), folder)
    start = time.monotonic()
    procs = [subprocess.Popen([BIN, "worker", "--db", db, "--queue", nats.url(), "--until-empty",
                               *encoder], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
             for _ in range(workers)]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            log(err[-3000:])
            raise SystemExit("a worker failed")
    wall = time.monotonic() - start
    reports = worker_reports(db, nats.url())
    mine = sorted(reports, key=lambda w: w["started"])[-workers:]
    annotate = sum(w["annotate_seconds"] for w in mine)
    assign = sum(w["assign_seconds"] for w in mine)
    return db, wall, assign / max(annotate + assign, 1e-9), mine


def latency(pg, nats, encoder, samples=12):
    """An idle worker; one article published at a time: seconds until it is stored."""
    db = pg.create("latency")
    proc = subprocess.Popen([BIN, "worker", "--db", db, "--queue", nats.url(), *encoder],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(samples):
            path = os.path.join(tmp, f"late{i}.txt")
            with open(path, "w") as f:
                f.write(f"Latency probe {i}\nThe harbour of Port Elm reopened on day {i} after "
                        f"a storm, officials said, and {i * 7 + 3} ships were waiting.\n")
            start = time.monotonic()
            corroborate("add", "--queue", nats.url(), path)
            # The worker prints a summary line after each commit.
            while True:
                line = proc.stdout.readline()
                if not line or " new, " in line:
                    break
            times.append(time.monotonic() - start)
    proc.kill()
    proc.wait()
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lexical", action="store_true", help="the lexical encoder")
    parser.add_argument("--rows", type=int, default=250, help="multi-news rows (default all)")
    args = parser.parse_args()
    encoder = ["--lexical"] if args.lexical else []
    work = tempfile.mkdtemp(prefix="corroborate-bench-queue-")
    if os.geteuid() == 0:
        os.chmod(work, 0o755)
    pg, nats = Postgres(work), Nats(work)
    try:
        folder, gold = write_articles(work, args.rows)
        log(f"{len(gold)} articles from {args.rows} rows in {folder}")
        results = []
        db = pg.create("single")
        start = time.monotonic()
        # Exit code 1: some documents have no article text left after cleaning (named on
        # stderr); the workers park the same ones.
        corroborate("add", "--db", db, "--quiet", *encoder, folder, check=False)
        results.append(("single process", db, time.monotonic() - start, None))
        for workers in (1, 2):
            log(f"queue, {workers} worker(s)")
            db, wall, serial, _ = run_queue(pg, nats, folder, encoder, f"queue{workers}", workers)
            results.append((f"queue, {workers} worker{'s' if workers > 1 else ''}", db, wall, serial))
        base = None
        print(f"{len(gold)} articles ({args.rows} multi-news rows), encoder "
              f"{'lexical' if args.lexical else 'MiniLM (if installed)'}, "
              f"{os.cpu_count()} cores\n")
        print("| run | seconds | articles/s | B³ P | B³ R | B³ F1 | ΔF1 vs single | stored / distinct"
              " | under the lock | PG rows / article | PG bytes / article |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, db, wall, serial in results:
            story_of, hashes = stored(db)
            p, r, f1 = bcubed(story_of, gold)
            base = f1 if base is None else base
            rows, size = footprint(pg, db.rsplit("/", 1)[1], len(hashes))
            lock = "—" if serial is None else f"{100 * serial:.0f}%"
            print(f"| {name} | {wall:.1f} | {len(hashes) / wall:.1f} | {p:.3f} | {r:.3f} | {f1:.3f}"
                  f" | {f1 - base:+.4f} | {len(hashes)} / {len(set(hashes))} | {lock}"
                  f" | {rows:.1f} | {size / 1024:.1f} KiB |")
        p50, p95 = latency(pg, nats, encoder)
        print(f"\nqueue latency (idle worker, publish → committed), 12 articles: p50 {p50:.2f} s,"
              f" p95 {p95:.2f} s")
    finally:
        nats.stop()
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

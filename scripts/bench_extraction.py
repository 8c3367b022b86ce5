#!/usr/bin/env python3
"""Python trafilatura's extraction over the benchmark pages, one core: prints JSON
{"pages", "seconds"} (each page's extract() timed after one warm-up pass). Run by
scripts/bench-extraction.sh in a throw-away venv."""
import gzip
import json
import os
import sys
import time

import trafilatura


def main():
    folder = os.path.join(sys.argv[1], "html")
    pages = []
    for name in sorted(os.listdir(folder)):
        with gzip.open(os.path.join(folder, name), "rt", encoding="utf-8", errors="replace") as f:
            pages.append(f.read())
    for html in pages[:5]:
        trafilatura.extract(html)
    best = None
    for _ in range(int(os.environ.get("RUNS", "3"))):
        start = time.perf_counter()
        for html in pages:
            trafilatura.extract(html)
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    print(json.dumps({"pages": len(pages), "seconds": best}))


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Scale-out bench: scripts/bench-queue.sh [--lexical] [--rows N]. Builds the release binary,
# starts a throw-away PostgreSQL and nats-server, adds the held-out multi-news articles by one
# process and through the queue with 1 and 2 workers, and prints a Markdown table (see
# scripts/bench_queue.py for what each column measures). Needs postgresql and nats-server
# (Debian packages) and psql.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p corroborate-cli
exec python3 scripts/bench_queue.py "$@"

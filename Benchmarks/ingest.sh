#!/usr/bin/env bash
# Ingest throughput: 20,000 arXiv-shaped items from ../shared/corpus parsed and stored into a
# fresh SQLite database by a release build; prints items/s and peak memory.
# Usage: Benchmarks/ingest.sh [--items 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK="$ROOT/Benchmarks/.work"
ITEMS=20000
[ "${1:-}" = "--items" ] && ITEMS=$2
mkdir -p "$WORK"
FEED="$WORK/arxiv-${ITEMS}-items.xml"
[ -s "$FEED" ] || python3 Benchmarks/make_arxiv_rss.py --records ../shared/corpus/arxiv_records.jsonl \
  --out "$FEED" --count "$ITEMS" --unique
swift build -c release --product paperdigest 2>&1 | tail -1
BIN="$(swift build -c release --show-bin-path)/paperdigest"
for run in 1 2 3; do "$BIN" bench ingest "$FEED" --folder "$WORK"; done

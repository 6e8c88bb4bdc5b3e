#!/usr/bin/env bash
# Parse throughput: PaperDigest's FeedParser vs `xmllint --stream --noout` vs Python feedparser,
# on the same >= 20 MB arXiv-shaped RSS 2.0 file, in the same run.
# Usage: Benchmarks/parse.sh [--min-mb 20] [--runs 5]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK="$ROOT/Benchmarks/.work"
MIN_MB=20
RUNS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --min-mb) MIN_MB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "usage: $0 [--min-mb N] [--runs N]" >&2; exit 2 ;;
  esac
done
mkdir -p "$WORK"
FEED="$WORK/arxiv-${MIN_MB}mb.xml"

echo "[1/4] input"
if [ ! -s "$FEED" ]; then
  python3 "$ROOT/Benchmarks/make_arxiv_rss.py" --records "$ROOT/../shared/corpus/arxiv_records.jsonl" --out "$FEED" --min-mb "$MIN_MB"
fi
ls -l "$FEED"

echo "[2/4] peers"
command -v xmllint >/dev/null || apt-get install -y libxml2-utils >/dev/null
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet feedparser
fi

echo "[3/4] release build"
swift build -c release --product paperdigest 2>&1 | tail -1
BIN="$(swift build -c release --show-bin-path)/paperdigest"

echo "[4/4] measure (best of $RUNS runs; feedparser once)"
uptime
PD=$("$BIN" bench parse "$FEED" --runs "$RUNS")
echo "$PD"
PEERS=$("$WORK/venv/bin/python" "$ROOT/Benchmarks/peer_bench.py" "$FEED" --runs "$RUNS")
echo "$PEERS"
field() { echo "$1" | grep -oE "[0-9.]+ MB/s $2" | head -1 | cut -d' ' -f1; }
XL_LINE=$(echo "$PEERS" | grep '^xmllint')
FP_LINE=$(echo "$PEERS" | grep '^feedparser')
for kind in wall CPU; do
  pd=$(field "$PD" "$kind"); xl=$(field "$XL_LINE" "$kind"); fp=$(field "$FP_LINE" "$kind")
  printf 'by %-4s time: paperdigest %6.1f MB/s | %.2fx xmllint --stream (target >= 0.6x) | %.1fx feedparser (target >= 30x)\n' \
    "$kind" "$pd" "$(echo "$pd / $xl" | bc -l)" "$(echo "$pd / $fp" | bc -l)"
done

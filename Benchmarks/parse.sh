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

echo "[4/4] measure ($RUNS runs each, best time)"
PD=$("$BIN" bench parse "$FEED" --runs "$RUNS")
echo "$PD"
best=""
for _ in $(seq "$RUNS"); do
  s=$(date +%s.%N); xmllint --stream --noout "$FEED"; e=$(date +%s.%N)
  t=$(echo "$e - $s" | bc -l)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
BYTES=$(stat -c %s "$FEED")
XL=$(echo "$BYTES / 1000000 / $best" | bc -l)
printf 'xmllint --stream --noout: best %.3f s: %.1f MB/s\n' "$best" "$XL"
FP=$("$WORK/venv/bin/python" "$ROOT/Benchmarks/feedparser_bench.py" "$FEED" 1)
echo "$FP"
PDMB=$(echo "$PD" | sed -E 's/.*: ([0-9.]+) MB\/s$/\1/')
FPMB=$(echo "$FP" | sed -E 's/.*: ([0-9.]+) MB\/s$/\1/')
printf 'ratio vs xmllint --stream: %.2fx (target >= 0.6x)\n' "$(echo "$PDMB / $XL" | bc -l)"
printf 'ratio vs feedparser:       %.1fx (target >= 30x)\n' "$(echo "$PDMB / $FPMB" | bc -l)"

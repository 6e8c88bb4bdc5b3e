#!/usr/bin/env bash
# The render benchmark: a site of N items sampled from the shared corpus (default 100,000)
# rendered by PaperDigest (release build), rendered again with nothing changed, and the same
# items rendered by Hugo (Debian's package) in the same run. Work files go to
# Benchmarks/.work/ (git-ignored).
# Usage: Benchmarks/render.sh [ITEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-100000}"
if ! command -v hugo >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq hugo >/dev/null
fi
echo "hugo: $(hugo version)"
swift build -c release --product paperdigest 2>&1 | tail -1
/usr/bin/time -v .build/release/paperdigest bench render --items "$items" --corpus "${SHARED:-../shared}/corpus" \
  --hugo "$(command -v hugo)" 2> Benchmarks/.work-time.log | tee Benchmarks/.work-result.txt
grep -E "Maximum resident|Elapsed" Benchmarks/.work-time.log || true

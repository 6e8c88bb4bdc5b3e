#!/usr/bin/env bash
# The nightly job: installs what is missing, builds a release binary, runs `paperdigest run`.
# Extra arguments go to it (e.g. --config /srv/digest/paperdigest.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product paperdigest 2>&1 | tail -1
exec .build/release/paperdigest run "$@"

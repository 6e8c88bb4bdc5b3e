#!/usr/bin/env bash
# Runs every test: installs what is missing (apt packages, the model, the Python reference
# and checkers), builds, and runs the Swift test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
for extra in Scripts/setup-test-python.sh; do
  [ -x "$extra" ] && "$extra"
done
swift build --build-tests 2>&1 | tail -1
swift test --skip-build 2>&1 | tee .build/test.log | grep -v -E '^(◇|↳|Test Case|Test Suite)' | grep -v 'started\.$'
exit "${PIPESTATUS[0]}"

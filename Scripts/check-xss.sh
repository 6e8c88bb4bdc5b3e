#!/usr/bin/env bash
# Builds `paperdigest` and runs the browser XSS oracle (../shared/tools/xss) over its two
# corpora (html5lib, bleach) and Scripts/xss-extra-vectors.json (classic, mXSS and
# parser-confusion vectors gathered for PaperDigest).
# Passes only when no case executed script, left an unsafe DOM or escaped its container,
# also after the browser re-parses the container's innerHTML (--reparse).
#
# Environment: TOOLS_VENV (default .build/tools-venv), SHARED_TOOLS (default ../shared/tools),
# CONFIGURATION (debug or release, default debug), XSS_RESULTS (where to keep per-case JSONL).
set -euo pipefail
source "$(dirname "$0")/tools-env.sh"

results="${XSS_RESULTS:-$(mktemp -d)/xss-results.jsonl}"
summary="$("$TOOLS_VENV/bin/python" "$tools/xss/xss_oracle.py" \
    "$tools/xss/html5lib-sanitizer.json" "$tools/xss/bleach-regressions.json" "$root/Scripts/xss-extra-vectors.json" \
    --sanitizer "cmd:'$bin' sanitize" --reparse --out "$results" | grep '^SUMMARY')"
echo "$summary"

"$TOOLS_VENV/bin/python" - "$results" "$summary" <<'PY'
import json, sys
results, summary = sys.argv[1], sys.argv[2]
totals = json.loads(summary[summary.index('{'):])
failed = []
for line in open(results):
    case = json.loads(line)
    if case.get('error') or case.get('executed') or case.get('dom_unsafe') or case.get('escaped'):
        failed.append(case)
        print('FAIL', case['id'], json.dumps({k: case.get(k) for k in
              ('error', 'executed', 'findings', 'hits', 'escaped', 'output')}, ensure_ascii=False))
print('xss-oracle: %d passed, %d failed' % (totals['cases'] - len(failed), len(failed)))
sys.exit(1 if failed or totals['cases'] == 0 else 0)
PY

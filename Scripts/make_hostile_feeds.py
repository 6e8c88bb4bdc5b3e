#!/usr/bin/env python3
"""Writes feeds whose items carry XSS payloads in every field PaperDigest shows.

Every case of the given corpora (JSON: {"cases": [{"id", "input", ...}]}) becomes one item in
each of four feeds, so each payload reaches the pipeline in every shape a feed can give it:

  hostile-rss.xml        RSS 2.0: title, description (HTML), content:encoded (CDATA), dc:creator,
                         author, category, and a link with the payload in its query
  hostile-atom-html.xml  Atom 1.0: title and summary type="html", content type="text", author
                         name, category; the link is a hostile URL (javascript:, data:, …)
  hostile-atom-text.xml  Atom 1.0: title and summary type="text", content type="html", author
                         name and uri; the link is the payload itself (a relative URL)
  hostile-feed.json      JSON Feed 1.1: title, content_html, content_text, summary, authors,
                         url and external_url

Titles start with "xsscase <id> <feed> xssgroup<n>" so that each item can be found on the site
and in search (at most 100 items per group, the number the search page shows at once). XML 1.0
cannot hold NUL and most C0 controls, even as character references: the XML feeds drop them,
the JSON Feed keeps the payload as it is.

usage: make_hostile_feeds.py CORPUS.json [...] --out DIR [--now ISO8601]
Writes the four feeds and manifest.json (feeds, items, groups) into DIR.
"""
import argparse, datetime, json, os, re, sys
from xml.sax.saxutils import escape, quoteattr

# URLs that run script or load a document if a page links them as they are.
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "javascript:/*https://example.org/*/alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/'onmouseover='alert(1)'",
    "https://example.org/?q=<img src=x onerror=alert(1)>",
    "http:javascript:alert(1)",
    "httpjavascript:alert(1)",
    "//example.org/%0a%0djavascript:alert(1)",
    "https://user:javascript:alert(1)@example.org/",
]

XML_INVALID = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]')
GROUP_SIZE = 100


def xml_text(s):
    return escape(XML_INVALID.sub('', s))


def xml_attr(s):
    return quoteattr(XML_INVALID.sub('', s))


def cdata(s):
    return '<![CDATA[' + XML_INVALID.sub('', s).replace(']]>', ']]]]><![CDATA[>') + ']]>'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus', nargs='+')
    ap.add_argument('--out', required=True)
    ap.add_argument('--now', help='ISO 8601; items are dated over the six days before it (default: now)')
    a = ap.parse_args()
    cases = []
    for path in a.corpus:
        cases += json.load(open(path, encoding='utf-8'))['cases']
    now = (datetime.datetime.fromisoformat(a.now.replace('Z', '+00:00')) if a.now
           else datetime.datetime.now(datetime.timezone.utc)).replace(microsecond=0)
    os.makedirs(a.out, exist_ok=True)

    feeds = ['rss', 'atom-html', 'atom-text', 'json']
    items = []
    for f, feed in enumerate(feeds):
        for i, case in enumerate(cases):
            # Interleaved, so that the newest items (the ones output feeds carry) come from
            # every feed.
            n = i * len(feeds) + f
            items.append({
                'feed': feed, 'case': case['id'], 'payload': case['input'],
                'guid': 'urn:paperdigest-xss:%s:%s' % (feed, case['id']),
                'marker': 'xsscase %s %s' % (case['id'], feed),
                'group': 'xssgroup%03d' % (n // GROUP_SIZE),
                'date': now - datetime.timedelta(minutes=11 * n + 30),
                'hostile_url': HOSTILE_URLS[n % len(HOSTILE_URLS)],
            })
    for item in items:
        item['title'] = '%s %s %s' % (item['marker'], item['group'], item['payload'])
    by_feed = {feed: [x for x in items if x['feed'] == feed] for feed in feeds}

    def rfc822(d):
        return d.strftime('%a, %d %b %Y %H:%M:%S +0000')

    def rfc3339(d):
        return d.strftime('%Y-%m-%dT%H:%M:%SZ')

    # RSS 2.0: every text field is HTML to a reader; content:encoded as CDATA.
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/">',
           '<channel>', '<title>%s</title>' % xml_text('Hostile RSS <script>alert("channel")</script>'),
           '<link>https://example.org/</link>', '<description>XSS payloads in every field</description>']
    for x in by_feed['rss']:
        p = x['payload']
        out += ['<item>',
                '<title>%s</title>' % xml_text(x['title']),
                '<link>%s</link>' % xml_text('https://example.org/xss/%s?p=%s' % (x['case'], p)),
                '<guid isPermaLink="false">%s</guid>' % xml_text(x['guid']),
                '<description>%s</description>' % xml_text(p),
                '<content:encoded>%s</content:encoded>' % cdata(p),
                '<dc:creator>%s</dc:creator>' % xml_text(p),
                '<author>%s</author>' % xml_text('xss@example.org (%s)' % p),
                '<category>%s</category>' % xml_text(p),
                '<pubDate>%s</pubDate>' % rfc822(x['date']),
                '</item>']
    out += ['</channel>', '</rss>', '']
    write(a.out, 'hostile-rss.xml', '\n'.join(out))

    # Atom 1.0, twice: the payload as HTML in title and summary, then as text there.
    for feed, title_type, summary_type, content_type in (('atom-html', 'html', 'html', 'text'),
                                                         ('atom-text', 'text', 'text', 'html')):
        out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
               '<title type="html">%s</title>' % xml_text('Hostile Atom <img src=x onerror=alert("feed")>'),
               '<id>urn:paperdigest-xss:%s</id>' % feed, '<updated>%s</updated>' % rfc3339(now),
               '<link href="https://example.org/"/>']
        for x in by_feed[feed]:
            p = x['payload']
            link = x['hostile_url'] if feed == 'atom-html' else p
            out += ['<entry>',
                    '<title type="%s">%s</title>' % (title_type, xml_text(x['title'])),
                    '<id>%s</id>' % xml_text(x['guid']),
                    '<link rel="alternate" href=%s/>' % xml_attr(link),
                    '<updated>%s</updated>' % rfc3339(x['date']),
                    '<published>%s</published>' % rfc3339(x['date']),
                    '<author><name>%s</name><uri>%s</uri><email>%s</email></author>' % (
                        xml_text(p), xml_text(x['hostile_url'] if feed == 'atom-html' else p), xml_text(p)),
                    '<category term=%s label=%s/>' % (xml_attr(p), xml_attr(p)),
                    '<summary type="%s">%s</summary>' % (summary_type, xml_text(p)),
                    '<content type="%s">%s</content>' % (content_type, xml_text(p)),
                    '</entry>']
        out += ['</feed>', '']
        write(a.out, 'hostile-%s.xml' % feed, '\n'.join(out))

    # JSON Feed 1.1: no XML to get in the way, so NULs and controls arrive as they are.
    entries = []
    for x in by_feed['json']:
        p = x['payload']
        entries.append({
            'id': x['guid'], 'url': x['hostile_url'], 'external_url': p, 'title': x['title'],
            'content_html': p, 'content_text': p, 'summary': p,
            'date_published': rfc3339(x['date']),
            'authors': [{'name': p, 'url': x['hostile_url']}], 'tags': [p],
        })
    write(a.out, 'hostile-feed.json', json.dumps({
        'version': 'https://jsonfeed.org/version/1.1', 'title': 'Hostile JSON <script>alert("feed")</script>',
        'home_page_url': 'https://example.org/', 'items': entries}, ensure_ascii=False, indent=1))

    manifest = {
        'feeds': {'rss': 'hostile-rss.xml', 'atom-html': 'hostile-atom-html.xml',
                  'atom-text': 'hostile-atom-text.xml', 'json': 'hostile-feed.json'},
        'cases': len(cases),
        'xml_invalid_cases': [c['id'] for c in cases if XML_INVALID.search(c['input'])],
        'items': [{k: x[k] for k in ('feed', 'case', 'guid', 'marker', 'group')} for x in items],
        'groups': sorted({x['group'] for x in items}, key=lambda g: int(g[len('xssgroup'):])),
    }
    write(a.out, 'manifest.json', json.dumps(manifest, indent=1))
    print('%d cases -> %d items in %d feeds (%d groups) in %s' % (
        len(cases), len(items), len(feeds), len(manifest['groups']), a.out))


def write(folder, name, text):
    with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    sys.exit(main())

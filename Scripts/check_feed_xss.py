#!/usr/bin/env python3
"""Checks a site rendered from hostile feeds (Scripts/make_hostile_feeds.py) the way the XSS
oracle checks one sanitised fragment, but page by page and with the whole page in view.

Every HTML page of the site, and the search page once per item group, is loaded from file://
in headless Chromium with the network blocked. The oracle's own pieces are used as they are,
imported from ../shared/tools/xss/xss_oracle.py: its HOOK (alert/confirm/prompt/print in every
frame report a hit) and its page script's __oracleFindings (unsafe elements, attributes, URLs
and styles, checked on the DOM as the browser parsed it) and __oracleTrigger (fire every on*
handler, click every javascript: link, submit javascript: forms). On a page:

  executed    a hook reported a call, or a native dialog appeared
  dom_unsafe  findings in the document, minus those of the template's own elements (the site's
              stylesheet link and the search page's two scripts); then again inside <main>
              after it is re-parsed from its own innerHTML (mXSS)
  broken      the page lost its shape: no single <main>, no footer after it, fewer cards in the
              DOM than in the file, an item page without its title or last section, a search
              with a different number of results than the index holds, or the page navigated

Then every output feed (feed.xml, atom.xml, each topic's feed.xml / atom.xml) goes through
feedparser and must parse without bozo; feed.json must be JSON Feed 1.1 (feedparser 6.0 has no
JSON Feed reader); links in all of them must be http(s).

usage: check_feed_xss.py --site DIR --database FILE --manifest manifest.json --oracle xss_oracle.py
                         [--wait 0.2] [--limit N] [--out results.jsonl]
Prints one SUMMARY line of JSON; exits 1 when anything executed, was unsafe or broke, a feed
was bozo, or a hostile item is missing from the database.
"""
import argparse, glob, importlib.util, json, os, re, sqlite3, sys, time, urllib.parse

HARNESS = r"""
(() => {
  // The template's own elements the oracle would report: the stylesheet, search.js and the
  // search index script search.js adds. Anything else of the kind is the payload's.
  const own = root => [...root.querySelectorAll('link[rel~="stylesheet"], script')].filter(el =>
    (el.localName === 'link' && el.parentNode === document.head && /(^|\/)assets\/style\.css$/.test(el.getAttribute('href') || '')) ||
    (el.localName === 'script' && el.parentNode === document.body && /(^|\/)assets\/search\.js$/.test(el.getAttribute('src') || '') && !el.textContent) ||
    (el.localName === 'script' && el.parentNode === document.head && /(^|\/)search-index\.js$/.test(el.getAttribute('src') || '') && !el.textContent));
  window.__pdFindings = root => {
    const found = __oracleFindings(root);
    const box = document.createElement('div');
    for (const el of own(root)) box.appendChild(el.cloneNode(false));
    for (const f of __oracleFindings(box)) { const i = found.indexOf(f); if (i >= 0) found.splice(i, 1); }
    return found;
  };
  window.__pdShape = () => {
    const problems = [];
    const mains = document.querySelectorAll('main');
    const main = document.getElementById('main');
    const footer = document.querySelector('body > footer.site-footer');
    if (mains.length !== 1 || !main || main.parentNode !== document.body) problems.push('main');
    if (!document.querySelector('body > header.site-header')) problems.push('header');
    if (!footer || !/Subscribe/.test(footer.textContent)) problems.push('footer');
    else if (main && !(main.compareDocumentPosition(footer) & Node.DOCUMENT_POSITION_FOLLOWING)) problems.push('footer-order');
    return problems;
  };
  addEventListener('load', () => {
    window.__pdUrl = location.href;
    try {
      window.__pdShapeAtLoad = __pdShape();
      window.__pdCards = document.querySelectorAll('main h3.card-title').length;
      const h1 = document.getElementById('item-title');
      window.__pdItemTitle = h1 ? h1.textContent : null;
      window.__pdItemEnd = !!document.getElementById('related-heading');
      window.__pdPre = __pdFindings(document);
      __oracleTrigger(document);
      window.__pdLoaded = true;
    } catch (e) { window.__pdError = String(e); }
  });
})();
"""

AFTER_LOAD = r"""
const r = {pre: window.__pdPre || null, loaded: !!window.__pdLoaded, error: window.__pdError || null,
           shape: window.__pdShapeAtLoad || null, cards: window.__pdCards, itemTitle: window.__pdItemTitle,
           itemEnd: !!window.__pdItemEnd, startUrl: window.__pdUrl || null};
try {
  r.post = __pdFindings(document);
  r.results = document.querySelectorAll('#search-results > li').length;
  r.status = (document.getElementById('search-status') || {}).textContent || '';
  const main = document.getElementById('main');
  if (main) { main.innerHTML = main.innerHTML; r.reparse = __pdFindings(main).map(f => 'reparse:' + f); __oracleTrigger(main); }
} catch (e) { r.error = String(e); }
return r;
"""


def load_oracle(path):
    spec = importlib.util.spec_from_file_location('xss_oracle', path)
    oracle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(oracle)
    # Its page script: the checking and triggering functions, without its load handler (which
    # looks for the oracle's own container).
    script = oracle.PAGE_HEAD.split('<script>', 1)[1].split('</script>', 1)[0]
    cut = script.find("window.addEventListener('load'")
    if cut < 0 or 'function __oracleFindings' not in script or 'function __oracleTrigger' not in script:
        sys.exit('xss_oracle.py changed shape: no __oracleFindings / __oracleTrigger / load handler in PAGE_HEAD')
    return oracle, script[:cut]


def make_driver(oracle, functions):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = '/usr/bin/chromium'
    for arg in ('--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1024,768',
                '--host-resolver-rules=MAP * ~NOTFOUND', '--disable-background-networking',
                '--allow-file-access-from-files'):
        opts.add_argument(arg)
    opts.set_capability('unhandledPromptBehavior', 'ignore')
    driver = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=opts)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(20)
    for source in (oracle.HOOK, functions, HARNESS):
        driver.execute_cdp_cmd('Page.addScriptToEvaluateOnNewDocument', {'source': source})
    return driver


def check_page(driver, url, expect, wait):
    from selenium.common.exceptions import (UnexpectedAlertPresentException, NoAlertPresentException,
                                            TimeoutException, WebDriverException)
    r = {'page': expect['name']}
    dialog = None
    state = None
    try:
        driver.get(url)
        time.sleep(wait)
        state = driver.execute_script(AFTER_LOAD)
        time.sleep(wait / 2)
        r['hits'] = driver.execute_script('return window.__xssHits || []')
        r['final_url'] = driver.execute_script('return location.href')
    except UnexpectedAlertPresentException as e:
        dialog = str(e)[:100]
    except TimeoutException:
        r['timeout'] = True
    except WebDriverException as e:
        r['error'] = str(e).splitlines()[0][:200]
    try:
        alert = driver.switch_to.alert
        dialog = dialog or ('native dialog: ' + alert.text[:60])
        alert.dismiss()
    except NoAlertPresentException:
        pass
    except Exception:
        pass
    state = state or {}
    findings = (state.get('pre') or []) + [f for f in (state.get('post') or []) if f not in (state.get('pre') or [])] \
        + (state.get('reparse') or [])
    r['findings'] = findings
    r['executed'] = bool(r.get('hits')) or bool(dialog)
    if dialog:
        r['dialog'] = dialog
    r['dom_unsafe'] = bool(findings)

    broken = []
    if r.get('timeout') or r.get('error') or state.get('error') or not state.get('loaded'):
        broken.append('harness: %s' % (r.get('error') or state.get('error') or ('timeout' if r.get('timeout') else 'not loaded')))
    broken += ['shape:' + p for p in state.get('shape') or []]
    if state.get('cards') is not None and state.get('cards') != expect['cards']:
        broken.append('cards: %s in the DOM, %d in the file' % (state.get('cards'), expect['cards']))
    if expect.get('item'):
        if not (state.get('itemTitle') or '').startswith('xsscase '):
            broken.append('item title: %r' % (state.get('itemTitle') or '')[:80])
        if not state.get('itemEnd'):
            broken.append('item page lost its last section')
    if expect.get('results') == 0:
        broken.append('search: the index holds no item of this group')
    elif expect.get('results') is not None and state.get('results') != expect['results']:
        broken.append('search: %s results, the index has %d (%s)' % (state.get('results'), expect['results'], state.get('status')))
    start = state.get('startUrl') or ''
    if r.get('final_url') and start and r['final_url'] != start:
        broken.append('navigated to ' + r['final_url'][:80])
    r['broken'] = broken
    return r


def check_feeds(site):
    """feedparser on every XML feed; feed.json read as JSON Feed 1.1 (feedparser 6.0 has no
    JSON Feed reader: it parses the file as XML and always says bozo)."""
    import feedparser
    feeds = ['feed.xml', 'atom.xml', 'feed.json'] + sorted(
        os.path.relpath(p, site) for p in glob.glob(os.path.join(site, 'topics', '*', '*.xml')))
    results = []
    for name in feeds:
        path = os.path.join(site, name)
        if not os.path.exists(path):
            results.append({'feed': name, 'bozo': True, 'bozo_exception': 'missing', 'entries': 0, 'non_http_count': 0})
            continue
        urls = []
        if name.endswith('.json'):
            r = {'feed': name, 'bozo': False, 'version': 'json'}
            try:
                data = json.load(open(path, encoding='utf-8'))
                items = data['items']
                problems = [i for i, item in enumerate(items) if not (
                    isinstance(item.get('id'), str) and isinstance(item.get('title'), str)
                    and isinstance(item.get('url'), str) and 'content_text' in item)]
                if data.get('version') != 'https://jsonfeed.org/version/1.1' or problems:
                    r.update(bozo=True, bozo_exception='not JSON Feed 1.1 (items %s)' % problems[:5])
                r['entries'] = len(items)
                for item in items:
                    urls += [item.get('url'), item.get('external_url'), item.get('id')]
            except (ValueError, KeyError, TypeError) as e:
                r.update(bozo=True, bozo_exception=repr(e)[:200], entries=0)
        else:
            parsed = feedparser.parse(path)
            r = {'feed': name, 'bozo': bool(parsed.bozo), 'version': parsed.version, 'entries': len(parsed.entries)}
            if parsed.bozo:
                r['bozo_exception'] = str(parsed.get('bozo_exception'))[:200]
            for entry in parsed.entries:
                urls += [entry.get('link')] + [l.get('href') for l in entry.get('links', [])]
        bad = sorted({u for u in urls if u and urllib.parse.urlsplit(u.strip()).scheme.lower() not in ('http', 'https')})
        r['non_http_links'] = bad[:10]
        r['non_http_count'] = len(bad)
        results.append(r)
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--site', required=True)
    ap.add_argument('--database', required=True)
    ap.add_argument('--manifest', required=True)
    ap.add_argument('--oracle', required=True, help='path of ../shared/tools/xss/xss_oracle.py')
    ap.add_argument('--wait', type=float, default=0.2)
    ap.add_argument('--limit', type=int, help='check only the first N pages (a quick look)')
    ap.add_argument('--out')
    a = ap.parse_args()
    site = os.path.abspath(a.site)
    manifest = json.load(open(a.manifest, encoding='utf-8'))
    oracle, functions = load_oracle(a.oracle)

    # The database: every hostile item stored once.
    db = sqlite3.connect(a.database)
    stored = {guid: item_id for item_id, guid in db.execute('SELECT item_id, guid FROM item_sources')}
    wanted = [x['guid'] for x in manifest['items']]
    missing = [g for g in wanted if g not in stored]
    items = db.execute('SELECT COUNT(*) FROM items').fetchone()[0]
    classified = db.execute('SELECT COUNT(DISTINCT item_id) FROM classifications').fetchone()[0]

    # The pages: every HTML file, and the search page once per group.
    pages = []
    for path in sorted(glob.glob(os.path.join(site, '**', '*.html'), recursive=True)):
        name = os.path.relpath(path, site)
        text = open(path, encoding='utf-8').read()
        pages.append(({'name': name, 'cards': text.count('class="card-title"'), 'item': name.startswith('items/')},
                      'file://' + urllib.parse.quote(path)))
    index = json.load(open(os.path.join(site, 'search-index.json'), encoding='utf-8'))
    for group in manifest['groups']:
        expected = sum(1 for r in index if group in r['t'].lower())
        pages.append(({'name': 'search.html?q=' + group, 'cards': 0, 'results': expected},
                      'file://' + urllib.parse.quote(os.path.join(site, 'search.html')) + '?q=' + group))
    if a.limit:
        pages = pages[:a.limit]

    out = open(a.out, 'w', encoding='utf-8') if a.out else None
    totals = {'items_generated': len(wanted), 'items_stored': len(wanted) - len(missing), 'items_in_database': items,
              'classified': classified, 'item_pages': sum(1 for p, _ in pages if p.get('item')),
              'pages': 0, 'executed': 0, 'dom_unsafe': 0, 'broken': 0}
    failures = []
    started = time.time()
    driver = make_driver(oracle, functions)
    try:
        for n, (expect, url) in enumerate(pages):
            r = check_page(driver, url, expect, a.wait)
            if r.get('error') and 'session' in r['error'].lower():
                # Chromium died: start again and check this page once more.
                try:
                    driver.quit()
                except Exception:
                    pass
                driver = make_driver(oracle, functions)
                r = check_page(driver, url, expect, a.wait)
            totals['pages'] += 1
            for key in ('executed', 'dom_unsafe'):
                totals[key] += bool(r[key])
            totals['broken'] += bool(r['broken'])
            if r['executed'] or r['dom_unsafe'] or r['broken']:
                failures.append(r)
                print('FAIL', json.dumps(r, ensure_ascii=False)[:600], flush=True)
            if out:
                out.write(json.dumps(r, ensure_ascii=False) + '\n')
            if (n + 1) % 100 == 0:
                print('  %d/%d pages, %.0f s' % (n + 1, len(pages), time.time() - started), file=sys.stderr, flush=True)
            try:
                driver.get('about:blank')
            except Exception:
                pass
    finally:
        try:
            driver.quit()
        except Exception:
            pass
        out and out.close()

    feeds = check_feeds(site)
    for f in feeds:
        if f['bozo'] or f['non_http_count']:
            print('FEED', json.dumps(f, ensure_ascii=False), flush=True)
    totals.update(feeds=len(feeds), feeds_bozo=sum(f['bozo'] for f in feeds),
                  feed_non_http_links=sum(f['non_http_count'] for f in feeds),
                  feed_entries=sum(f['entries'] for f in feeds), seconds=round(time.time() - started, 1))
    if missing:
        print('MISSING', len(missing), 'hostile items are not in the database, e.g.', missing[:5])
    print('SUMMARY', json.dumps(totals))
    bad = (failures or missing or totals['feeds_bozo'] or totals['feed_non_http_links'] or not pages
           or classified < len(wanted))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()

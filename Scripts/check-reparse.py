#!/usr/bin/env python3
"""Checks that Chromium parses `paperdigest sanitize` output into the tree the sanitiser wrote.

For each input (the corpora given, then N random tag soups), the output is assigned to a
container's innerHTML and read back; the two must match, modulo serialiser spelling
(&nbsp;, &lt;/&gt; in attributes, the newline the parser drops after <pre>).

usage: check-reparse.py PAPERDIGEST [N [SEED [CORPUS.json ...]]]
Needs the tools virtualenv (../shared/tools/setup.sh): run it with $TOOLS_VENV/bin/python.
"""
import json, random, subprocess, sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BIN = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 400
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
TOK = ['<p>', '</p>', '<div>', '</div>', '<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<th>',
       '<li>', '</li>', '<ul>', '</ul>', '<ol>', '<a href=x>', '<a href="javascript:1">', '</a>', '<b>', '</b>',
       '<i>', '</i>', '<h1>', '</h1>', '<h3>', '<pre>', '</pre>', '\n', 'text', ' ', '<caption>', '<dl>', '<dd>',
       '<dt>', '<hr>', '<br>', '<img src=a.png>', '<select>', '<svg>', '<math>', '<noscript>', '<!--', '-->',
       '<font>', '</font>', '<form>', '<tbody>', '<thead>', '<tfoot>', '<summary>', '<details>', '<figure>',
       '<figcaption>', '<span>', '</span>', '<em>', '<code>', '<blockquote>', '&amp;', '<', '>', '&', '"',
       '<textarea>', '<xmp>', '<title>', '<style>', '<script>', '</script>', '<q>', '<small>', '<s>', '<u>',
       '<center>', '<nobr>', '<button>', '<object>', '<plaintext>', '<listing>', '<colgroup>', '<col>',
       '<image>', '<rb>', '<rt>', '<ruby>', '<option>', '<frameset>', '<body>', '</body>', '<html>', '<head>',
       '&nbsp;', '\u00a0', '&#150;', '<time datetime=x>', '<abbr title="a>b">', '<wbr>', '<del>', '<ins>',
       '<mark>', '<sub>', '<sup>', '<kbd>', '<h2>', '</h2>', '<h6>', '<address>', '<main>', '<section>',
       '<a title="x>y" href=\'/q?a=1&b=2\'>', '<img alt="<b>" src=" JaVa\tScRiPt:alert(1)">', '<p title=\'"\'>',
       '<img src=x onerror=alert(1)>', '<a href=//e.x/ target=_blank>', '<td colspan=2>', '<ol start=3>',
       '<li value=2>', '<q cite=x>', '<bdo dir=rtl>', '<div lang=en>', '<!-->', '<?pi x>', '</x y="">',
       '<y$ ', '<x a b c>', '"', "'", '=', '<p/>', '<br/>', '<a/>', '<table/>', '\r\n', '\t', '\x01', '&#0;', '&#x80;']

def fuzz():
    return ''.join(random.choice(TOK) for _ in range(random.randint(1, 25)))

inputs = []
for path in sys.argv[4:]:
    inputs += [c['input'] for c in json.load(open(path))['cases']]
inputs += [fuzz() for _ in range(N)]

def norm(s):
    return s.replace('<pre>\n', '<pre>').replace('&nbsp;', '\u00a0').replace('&lt;', '<').replace('&gt;', '>')

opts = webdriver.ChromeOptions()
opts.binary_location = '/usr/bin/chromium'
for a in ('--headless=new', '--no-sandbox', '--disable-gpu'):
    opts.add_argument(a)
drv = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=opts)
drv.get('data:text/html,<!DOCTYPE html><title>t</title><body><article id=box></article>')
bad = 0
unstable = 0
for i, html in enumerate(inputs):
    out = subprocess.run([BIN, 'sanitize'], input=html.encode(), capture_output=True, check=True).stdout.decode()
    back = drv.execute_script('const b = document.getElementById("box"); b.innerHTML = arguments[0]; return b.innerHTML;', out)
    again = subprocess.run([BIN, 'sanitize'], input=out.encode(), capture_output=True, check=True).stdout.decode()
    if norm(back) != norm(out):
        bad += 1
        print('TREE', json.dumps({'input': html, 'output': out, 'browser': back}, ensure_ascii=False))
    elif again != out:
        unstable += 1  # libxml2 (HTML 4) nests differently on a second pass: not a browser issue
drv.quit()
print('re-sanitising changed %d outputs (libxml2 nesting, informational)' % unstable)
print('reparse-fidelity: %d passed, %d failed' % (len(inputs) - bad, bad))
sys.exit(1 if bad else 0)

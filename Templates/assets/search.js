// PaperDigest search: runs in the browser over search-index.json (or search-index.js when
// the page is opened from file://, where fetch() is not allowed). No server, no libraries.
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !input || !status || !list) { return; }
  var root = form.getAttribute('data-index').replace(/search-index\.json$/, '');
  var index = null;
  var symbols = { bullish: '▲', neutral: '●', bearish: '▼' };

  function load(done) {
    if (index) { done(); return; }
    if (window.PAPERDIGEST_SEARCH_INDEX) { index = window.PAPERDIGEST_SEARCH_INDEX; done(); return; }
    status.textContent = 'Loading the index…';
    var viaScript = function () {
      var script = document.createElement('script');
      script.src = form.getAttribute('data-script-index');
      script.onload = function () { index = window.PAPERDIGEST_SEARCH_INDEX || []; done(); };
      script.onerror = function () { status.textContent = 'The search index could not be loaded.'; };
      document.head.appendChild(script);
    };
    if (location.protocol === 'file:' || !window.fetch) { viaScript(); return; }
    fetch(form.getAttribute('data-index'))
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (json) { index = json; done(); })
      .catch(viaScript);
  }

  function haystack(r) {
    if (!r._h) {
      r._h = [r.t, r.a || '', r.o || '', (r.g || []).join(' '), (r.e || []).join(' ')].join(' ').toLowerCase();
    }
    return r._h;
  }

  function search(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var tags = words.filter(function (w) { return w.charAt(0) === '#' && w.length > 1; }).map(function (w) { return w.slice(1); });
    var terms = words.filter(function (w) { return w.charAt(0) !== '#'; });
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var r = index[i];
      var ok = tags.every(function (t) { return (r.g || []).indexOf(t) >= 0; });
      if (!ok) { continue; }
      var h = haystack(r);
      ok = terms.every(function (t) { return h.indexOf(t) >= 0; });
      if (!ok) { continue; }
      var title = r.t.toLowerCase();
      var rank = terms.reduce(function (sum, t) { return sum + (title.indexOf(t) >= 0 ? 3 : 0); }, 0) + (r.s || 0) / 10;
      hits.push({ r: r, rank: rank, order: i });
    }
    hits.sort(function (a, b) { return b.rank - a.rank || a.order - b.order; });
    return hits;
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text) { e.textContent = text; }
    return e;
  }

  function show(query) {
    list.textContent = '';
    if (!query.trim()) { status.textContent = ''; return; }
    var hits = search(query);
    var shown = hits.slice(0, 100);
    status.textContent = hits.length + (hits.length === 1 ? ' result' : ' results') + ' for “' + query + '”' +
      (hits.length > shown.length ? ', the first ' + shown.length + ' shown.' : '.');
    shown.forEach(function (hit) {
      var r = hit.r;
      var li = element('li');
      var card = element('article', 'card');
      var meta = element('p', 'card-meta');
      if (r.m) {
        var s = element('span', 'sentiment sentiment-' + r.m);
        var sym = element('span', null, symbols[r.m] || '');
        sym.setAttribute('aria-hidden', 'true');
        s.appendChild(sym);
        s.appendChild(document.createTextNode(' ' + r.m));
        meta.appendChild(s);
      }
      if (r.s) { meta.appendChild(element('span', 'score', r.s + '/10')); }
      meta.appendChild(element('span', 'source', r.o || ''));
      var time = element('time', null, r.d);
      time.setAttribute('datetime', r.d);
      meta.appendChild(time);
      card.appendChild(meta);
      var h = element('h2', 'card-title');
      var a = element('a', null, r.t);
      a.href = root + 'items/' + r.i + '.html';
      h.appendChild(a);
      card.appendChild(h);
      if (r.a) { card.appendChild(element('p', 'muted', r.a)); }
      if (r.g && r.g.length) {
        var chips = element('ul', 'chips');
        chips.setAttribute('aria-label', 'Topics');
        r.g.forEach(function (g) {
          var c = element('li');
          var link = element('a', 'chip', '#' + g);
          link.href = root + 'topics/' + g + '/index.html';
          c.appendChild(link);
          chips.appendChild(c);
        });
        card.appendChild(chips);
      }
      li.appendChild(card);
      list.appendChild(li);
    });
  }

  function run() {
    var query = input.value;
    load(function () { show(query); });
    if (window.history && window.history.replaceState && location.protocol !== 'file:') {
      var url = query ? '?q=' + encodeURIComponent(query) : location.pathname;
      window.history.replaceState(null, '', url);
    }
  }

  form.addEventListener('submit', function (event) { event.preventDefault(); run(); });
  var timer = null;
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  var initial = new URLSearchParams(location.search).get('q');
  if (initial) { input.value = initial; run(); }
})();

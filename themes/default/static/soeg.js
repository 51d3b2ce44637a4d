/* protokol search page: results as you type (soeg-kerne.js evaluates the query), grouped by page, with snippets
   around the matched words; filters, sorting and the year range live in the URL. */
(function () {
  'use strict';
  var S = globalThis.protokolSoeg;
  var form = document.getElementById('soeg-form');
  if (!form || !S) return;
  var html = document.documentElement;
  // data-root: the relative path from this page to the site root; without it, the configured base URL.
  var root = html.getAttribute('data-root');
  // A copy opened from disk cannot use an absolute base URL; the search page is always soeg/index.html.
  if (root === null) root = location.protocol === 'file:' ? '../' : form.getAttribute('data-base') || '/';
  var ix = root + 'soeg/index/';
  var out = document.getElementById('soeg-resultater');
  var status = document.getElementById('soeg-status');
  var more = document.getElementById('soeg-flere');
  var T = JSON.parse(document.getElementById('soeg-tekster').textContent);
  var PAGE = 10, DEBOUNCE_MS = 150;
  var FIELDS = ['q', 'organ', 'type', 'fra', 'til', 'sort'];

  var cache = {};
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(ix + path).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function params() {
    var u = new URLSearchParams(location.search), p = {};
    FIELDS.forEach(function (k) { p[k] = u.get(k) || ''; });
    var aar = u.get('aar');
    if (aar && !p.fra && !p.til) { p.fra = aar; p.til = aar; }
    return p;
  }
  function fromForm() {
    var p = {};
    FIELDS.forEach(function (k) { p[k] = form[k].value; });
    return p;
  }
  function fillForm(p) { FIELDS.forEach(function (k) { form[k].value = p[k] || (k === 'sort' ? 'relevans' : ''); }); }
  function toUrl(p) {
    var u = new URLSearchParams();
    FIELDS.forEach(function (k) { if (p[k] && !(k === 'sort' && p[k] === 'relevans')) u.set(k, p[k]); });
    var s = u.toString();
    return location.pathname + (s ? '?' + s : '');
  }

  function options(sel, pairs) {
    var keep = sel.value;
    pairs.forEach(function (kv) {
      if (Array.prototype.some.call(sel.options, function (o) { return o.value === kv[0]; })) return;
      var o = document.createElement('option'); o.value = kv[0]; o.textContent = kv[1]; sel.appendChild(o);
    });
    sel.value = keep;
  }
  function fillFilters(m) {
    options(form.organ, m.bodies);
    options(form.type, m.kinds);
    var years = {};
    m.ranges.forEach(function (r) { if (r[3]) years[r[3]] = 1; });
    var ys = Object.keys(years).sort().reverse().map(function (y) { return [y, y]; });
    options(form.fra, ys); options(form.til, ys);
  }

  function offline() {
    status.textContent = '';
    var p = document.getElementById('soeg-offline');
    p.textContent = T.offline + ' ';
    [['moeder/', T.meetings], ['dokumenter/', T.documents], ['tabeller/', T.tables]].forEach(function (l, i) {
      if (i) p.appendChild(document.createTextNode(' · '));
      var a = document.createElement('a'); a.href = root + l[0] + 'index.html'; a.textContent = l[1]; p.appendChild(a);
    });
    p.hidden = false;
  }

  /* Words of `text`, those whose term is among the matched ones marked. */
  function marked(text, terms, from, to) {
    var frag = document.createDocumentFragment(), ws = text.split(/\s+/);
    from = from || 0; to = to === undefined ? ws.length : to;
    if (from > 0) frag.appendChild(document.createTextNode('… '));
    for (var i = from; i < to; i++) {
      if (i > from) frag.appendChild(document.createTextNode(' '));
      if (S.terms(ws[i]).some(function (t) { return terms.has(t); })) {
        var m = document.createElement('mark'); m.textContent = ws[i]; frag.appendChild(m);
      } else frag.appendChild(document.createTextNode(ws[i]));
    }
    if (to < ws.length) frag.appendChild(document.createTextNode(' …'));
    return frag;
  }
  /* The 30-word passage with the most distinct matched terms (the first such), from the stored text. */
  function snippet(text, terms) {
    var ws = text.split(/\s+/), W = 30, hitAt = ws.map(function (w) {
      var ts = S.terms(w).filter(function (t) { return terms.has(t); });
      return ts.length ? ts[0] : null;
    });
    var best = 0, bestN = -1;
    for (var s = 0; s < Math.max(1, ws.length - W + 1); s++) {
      if (s > 0 && !hitAt[s]) continue;
      var seen = new Set();
      for (var i = s; i < Math.min(ws.length, s + W); i++) if (hitAt[i]) seen.add(hitAt[i]);
      if (seen.size > bestN) { bestN = seen.size; best = s; }
    }
    var from = Math.max(0, best - (best > 4 ? 4 : best));
    return marked(text, terms, from, Math.min(ws.length, from + W));
  }
  function dateText(d) {
    return d ? new Date(d + 'T12:00:00').toLocaleDateString(html.lang, { day: 'numeric', month: 'long', year: 'numeric' }) : '';
  }

  var state = null, token = 0;
  /* Results of one page are grouped under it, in its reading order. */
  function groupFor(meta) {
    var key = meta[1].split('#')[0];
    var g = state.groups.get(key);
    if (g) return g;
    var li = document.createElement('li'); li.className = 'side';
    var head = document.createElement('p'); head.className = 'side-titel';
    head.appendChild(marked(meta[2], state.terms));
    var info = document.createElement('span'); info.className = 'meta';
    info.textContent = [meta[4], dateText(meta[5]), T.kinds[meta[6]] || meta[6]].filter(Boolean).join(' · ');
    head.appendChild(document.createTextNode(' ')); head.appendChild(info);
    var ol = document.createElement('ol'); ol.className = 'enheder';
    li.appendChild(head); li.appendChild(ol); out.appendChild(li);
    g = { ol: ol, items: [] };
    state.groups.set(key, g);
    return g;
  }
  function render(metas) {
    metas.forEach(function (meta) {
      var g = groupFor(meta);
      var li = document.createElement('li');
      var h = document.createElement('h3');
      var a = document.createElement('a'); a.href = root + meta[1]; a.appendChild(marked(meta[0], state.terms));
      h.appendChild(a); li.appendChild(h);
      if (meta[7]) {
        var sn = document.createElement('p'); sn.className = 'uddrag'; sn.appendChild(snippet(meta[7], state.terms));
        li.appendChild(sn);
      }
      var next = g.items.find(function (it) { return it.seq > meta[3]; });
      g.ol.insertBefore(li, next ? next.li : null);
      g.items.push({ seq: meta[3], li: li });
      g.items.sort(function (x, y) { return x.seq - y.seq; });
    });
  }
  function showMore(t) {
    var page = state.docs.slice(state.shown, state.shown + PAGE);
    return S.metadata(page, state.chunk, get).then(function (metas) {
      if (t !== token) return;
      render(metas);
      state.shown += page.length;
      more.hidden = state.shown >= state.docs.length;
    });
  }

  /* Runs a query; an answer that arrives after a newer query was started is dropped. The last word is matched as
     a prefix too, unless the query ends with a space. */
  function run(p) {
    var t = ++token;
    if (!p.q.trim()) { out.innerHTML = ''; more.hidden = true; status.textContent = ''; return; }
    status.textContent = T.searching;
    var q = Object.assign({}, p, { typing: !/\s$/.test(p.q) });
    S.search(q, get).then(function (r) {
      if (t !== token) return;
      fillFilters(r.manifest);
      if (!r.words) { out.innerHTML = ''; more.hidden = true; status.textContent = T.no_terms; return; }
      var page = r.docs.slice(0, PAGE);
      return S.metadata(page, r.manifest.chunk, get).then(function (metas) {
        if (t !== token) return;
        out.innerHTML = '';
        state = { docs: r.docs, shown: page.length, chunk: r.manifest.chunk, terms: r.terms, groups: new Map() };
        render(metas);
        more.hidden = state.shown >= state.docs.length;
        var n = r.total;
        status.textContent = !n ? T.no_results : n === 1 ? T.one_result : T.results.replace('{n}', n.toLocaleString(html.lang));
      });
    }).catch(function (e) {
      if (t !== token) return;
      if (location.protocol === 'file:' || e instanceof TypeError) offline();
      else status.textContent = T.error;
      if (window.console) console.error(e);
    });
  }

  var timer = null;
  form.q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var p = fromForm();
      history.replaceState(null, '', toUrl(p));
      run(p);
    }, DEBOUNCE_MS);
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    var p = fromForm();
    history.pushState(null, '', toUrl(p));
    run(p);
  });
  ['organ', 'type', 'fra', 'til', 'sort'].forEach(function (n) {
    form[n].addEventListener('change', function () {
      var p = fromForm();
      history.replaceState(null, '', toUrl(p));
      if (p.q.trim()) run(p);
    });
  });
  more.addEventListener('click', function () { showMore(token); });
  window.addEventListener('popstate', function () { var p = params(); fillForm(p); run(p); });
  document.getElementById('soeg-js').hidden = false;
  var p = params();
  if (location.protocol === 'file:') { offline(); return; }
  // The filters are there before the first query: the manifest is small, and the first query needs it anyway.
  // What the user typed meanwhile is kept; the URL's filters are applied once their options exist.
  get('manifest.json').then(function (m) {
    fillFilters(m);
    FIELDS.forEach(function (k) { if (k !== 'q' && p[k] && !form[k].value) form[k].value = p[k]; });
    if (p.q && form.q.value === p.q) run(fromForm());
  },
    function (e) { if (e instanceof TypeError) offline(); else status.textContent = T.error; });
  fillForm(p);
})();

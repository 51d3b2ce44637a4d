/* protokol search: loads nothing until a search is made, then only the index shards and result chunks it needs.
   The text pipeline mirrors src/search.rs (elasticlunr-rs's Danish pipeline + folding): keep them in step. */
(function () {
  'use strict';
  var STOP = new Set(['', 'ad', 'af', 'alle', 'alt', 'anden', 'at', 'blev', 'blive', 'bliver', 'da', 'de', 'dem',
    'den', 'denne', 'der', 'deres', 'det', 'dette', 'dig', 'din', 'disse', 'dog', 'du', 'efter', 'eller', 'en', 'end',
    'er', 'et', 'for', 'fra', 'ham', 'han', 'hans', 'har', 'havde', 'have', 'hende', 'hendes', 'her', 'hos', 'hun',
    'hvad', 'hvis', 'hvor', 'i', 'ikke', 'ind', 'jeg', 'jer', 'jo', 'kunne', 'man', 'mange', 'med', 'meget', 'men',
    'mig', 'min', 'mine', 'mit', 'mod', 'ned', 'noget', 'nogle', 'nu', 'når', 'og', 'også', 'om', 'op', 'os', 'over',
    'på', 'selv', 'sig', 'sin', 'sine', 'sit', 'skal', 'skulle', 'som', 'sådan', 'thi', 'til', 'ud', 'under', 'var',
    'vi', 'vil', 'ville', 'vor', 'være', 'været']);

  /* The Snowball Danish stemmer (snowballstem.org/algorithms/danish), as rust-stemmers implements it. */
  var VOWELS = 'aeiouyæåø';
  var S_ENDING = 'abcdfghjklmnoprtvyzå';
  var STEP1 = ['erendes', 'erende', 'hedens', 'ethed', 'erede', 'heden', 'heder', 'endes', 'ernes', 'erens',
    'erets', 'ered', 'ende', 'erne', 'eren', 'erer', 'heds', 'enes', 'eres', 'eret', 'hed', 'ene', 'ere', 'ens', 'ers',
    'ets', 'en', 'er', 'es', 'et', 'e', 's'];
  var STEP3 = ['elig', 'løst', 'lig', 'els', 'ig'];
  function isV(c) { return VOWELS.indexOf(c) >= 0; }
  function endsIn(w, suf, from) {
    var n = suf.length;
    if (w.length - n < from) return false;
    for (var i = 0; i < n; i++) if (w[w.length - n + i] !== suf[i]) return false;
    return true;
  }
  function longest(w, list, p1) {
    for (var i = 0; i < list.length; i++) if (endsIn(w, Array.from(list[i]), p1)) return list[i];
    return null;
  }
  function consonantPair(w, p1) {
    if (['gd', 'dt', 'gt', 'kt'].some(function (s) { return endsIn(w, Array.from(s), p1); })) w.pop();
  }
  function stem(word) {
    var w = Array.from(word);
    var p1 = w.length;
    if (w.length >= 3) {
      var i = 0;
      while (i < w.length && !isV(w[i])) i++;
      var j = i;
      while (j < w.length && isV(w[j])) j++;
      if (i < w.length && j < w.length) p1 = Math.max(j + 1, 3);
    }
    var s = longest(w, STEP1, p1);
    if (s === 's') {
      if (w.length >= 2 && S_ENDING.indexOf(w[w.length - 2]) >= 0) w.pop();
    } else if (s) {
      w.length -= Array.from(s).length;
    }
    consonantPair(w, p1);
    if (endsIn(w, Array.from('igst'), 0)) w.length -= 2;
    var o = longest(w, STEP3, p1);
    if (o === 'løst') { w.pop(); } else if (o) { w.length -= o.length; consonantPair(w, p1); }
    if (w.length >= 2 && w.length - 1 >= p1) {
      var c = w[w.length - 1];
      if (!isV(c) && w[w.length - 2] === c) w.pop();
    }
    return w.join('');
  }
  function fold(s) {
    return s.replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa').replace(/é/g, 'e').replace(/ü/g, 'u')
      .replace(/ö/g, 'oe').replace(/ä/g, 'ae');
  }
  function isNumber(t) { return /^[0-9](?:[0-9.,]*[0-9])?$/.test(t); }
  /* Text → index terms: the same steps as Analyzer::terms in src/search.rs. */
  function terms(text) {
    var res = [];
    text.split(/[\s\-\/–]+/u).forEach(function (raw) {
      var lower = raw.toLowerCase();
      var trimmed = lower.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (!trimmed) return;
      if (isNumber(trimmed)) {
        res.push(trimmed);
        if (trimmed.indexOf('.') >= 0) res.push(trimmed.replace(/\./g, ''));
        return;
      }
      var t = lower.replace(/^[^\p{Script=Latin}]+|[^\p{Script=Latin}]+$/gu, '');
      if (!t || STOP.has(t)) return;
      res.push(fold(stem(t)));
    });
    return res;
  }
  function shardOf(term, n) {
    var bytes = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h % n;
  }
  var ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  function decode(s, into) {
    var i = 0, doc = 0;
    function varint() {
      var v = 0, shift = 0, c;
      do { c = ALPHA.indexOf(s[i++]); v += (c & 31) * Math.pow(2, shift); shift += 5; } while (c & 32);
      return v;
    }
    while (i < s.length) { doc += varint(); into(doc, varint()); }
  }

  var pipeline = { terms: terms, stem: stem, fold: fold, shardOf: shardOf, decode: decode };
  if (typeof globalThis !== 'undefined') globalThis.protokolSoegPipeline = pipeline;
  if (typeof document === 'undefined') return;
  var form = document.getElementById('soeg-form');
  if (!form) return;
  var base = form.getAttribute('data-base') || '/';
  var ix = base + 'soeg/index/';
  var out = document.getElementById('soeg-resultater');
  var status = document.getElementById('soeg-status');
  var more = document.getElementById('soeg-flere');
  var T = JSON.parse(document.getElementById('soeg-tekster').textContent);
  var PAGE = 10;

  var cache = {};
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(ix + path).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return r.json();
      });
    }
    return cache[path];
  }

  var state = null;
  function params() {
    var p = new URLSearchParams(location.search);
    return { q: p.get('q') || '', organ: p.get('organ') || '', type: p.get('type') || '', aar: p.get('aar') || '' };
  }
  function fillForm(p) {
    form.q.value = p.q; form.organ.value = p.organ; form.type.value = p.type; form.aar.value = p.aar;
  }
  function fillFilters(m) {
    function opts(sel, pairs) {
      var keep = sel.value;
      pairs.forEach(function (kv) {
        if (!Array.prototype.some.call(sel.options, function (o) { return o.value === kv[0]; })) {
          var o = document.createElement('option'); o.value = kv[0]; o.textContent = kv[1]; sel.appendChild(o);
        }
      });
      sel.value = keep;
    }
    opts(form.organ, Object.keys(m.bodies).map(function (k) { return [k, m.bodies[k]]; }));
    opts(form.type, Object.keys(m.kinds).map(function (k) { return [k, m.kinds[k]]; }));
    var years = {};
    m.ranges.forEach(function (r) { if (r[3]) years[r[3]] = 1; });
    opts(form.aar, Object.keys(years).sort().reverse().map(function (y) { return [y, y]; }));
  }

  function run(p) {
    var qterms = Array.from(new Set(terms(p.q)));
    out.innerHTML = ''; more.hidden = true;
    if (!p.q.trim()) { status.textContent = ''; return; }
    if (!qterms.length) { status.textContent = T.no_terms; return; }
    status.textContent = T.searching;
    get('manifest.json').then(function (m) {
      fillFilters(m); fillForm(p);
      var filtered = p.organ || p.type || p.aar;
      var ranges = m.ranges.filter(function (r) {
        return (!p.organ || r[2] === p.organ) && (!p.type || r[4] === p.type) && (!p.aar || String(r[3]) === p.aar);
      });
      function allowed(doc) {
        if (!filtered) return true;
        for (var i = 0; i < ranges.length; i++) if (doc >= ranges[i][0] && doc < ranges[i][1]) return true;
        return false;
      }
      return Promise.all(qterms.map(function (t) {
        var shard = shardOf(t, m.shards);
        return get('t/' + shard + '.json').then(function (sh) {
          var e = sh[t];
          if (!e) return { df: 0, blocks: [] };
          var blocks = [e[1]];
          // Filters and multi-word queries need every posting; a single unfiltered word needs only the best ones.
          if (e[2] && (filtered || qterms.length > 1)) {
            var more = [];
            for (var b = 0; b < e[2]; b++) more.push(get('t/' + shard + '-' + e[3] + '-' + b + '.json'));
            return Promise.all(more).then(function (rest) { return { df: e[0], blocks: blocks.concat(rest), all: true }; });
          }
          return { df: e[0], blocks: blocks, all: !e[2] };
        });
      })).then(function (lists) {
        var score = new Map(), hits = new Map();
        lists.forEach(function (l) {
          l.blocks.forEach(function (s) {
            decode(s, function (doc, imp) {
              if (!allowed(doc)) return;
              score.set(doc, (score.get(doc) || 0) + imp);
              hits.set(doc, (hits.get(doc) || 0) + 1);
            });
          });
        });
        var docs = Array.from(score.keys());
        // All words if any document has them all, otherwise any word.
        var all = docs.filter(function (d) { return hits.get(d) === qterms.length; });
        if (all.length) docs = all;
        docs.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
        var total = docs.length;
        if (qterms.length === 1 && !filtered && lists[0].df > total) total = lists[0].df;
        state = { docs: docs, shown: 0, total: total, qterms: new Set(qterms), chunk: m.chunk };
        // Announce the count once the first results are on the page.
        return showMore().then(function () {
          status.textContent = !total ? T.no_results : total === 1 ? T.one_result
            : T.results.replace('{n}', total.toLocaleString(document.documentElement.lang));
        });
      });
    }).catch(function (e) {
      status.textContent = T.error;
      if (window.console) console.error(e);
    });
  }

  function snippet(text, qterms) {
    var words = text.split(/\s+/);
    var first = -1, marks = words.map(function (w, i) {
      var hit = terms(w).some(function (t) { return qterms.has(t); });
      if (hit && first < 0) first = i;
      return hit;
    });
    var from = Math.max(0, first - 12), to = Math.min(words.length, from + 40);
    var frag = document.createDocumentFragment();
    if (from > 0) frag.appendChild(document.createTextNode('… '));
    for (var i = from; i < to; i++) {
      if (marks[i]) { var m = document.createElement('mark'); m.textContent = words[i]; frag.appendChild(m); }
      else frag.appendChild(document.createTextNode(words[i]));
      frag.appendChild(document.createTextNode(' '));
    }
    if (to < words.length) frag.appendChild(document.createTextNode('…'));
    return frag;
  }

  function showMore() {
    var page = state.docs.slice(state.shown, state.shown + PAGE);
    var chunks = Array.from(new Set(page.map(function (d) { return Math.floor(d / state.chunk); })));
    return Promise.all(chunks.map(function (c) { return get('d/' + c + '.json'); })).then(function (data) {
      var byChunk = {};
      chunks.forEach(function (c, i) { byChunk[c] = data[i]; });
      page.forEach(function (d) {
        var meta = byChunk[Math.floor(d / state.chunk)][d % state.chunk];
        var li = document.createElement('li');
        var h = document.createElement('h3');
        var a = document.createElement('a'); a.href = meta[1]; a.textContent = meta[0];
        h.appendChild(a); li.appendChild(h);
        var info = document.createElement('p'); info.className = 'meta';
        var kind = T.kinds[meta[4]] || meta[4];
        info.textContent = [meta[2], meta[3] ? new Date(meta[3] + 'T12:00:00').toLocaleDateString(document.documentElement.lang, { day: 'numeric', month: 'long', year: 'numeric' }) : '', kind].filter(Boolean).join(' · ');
        li.appendChild(info);
        var sn = document.createElement('p'); sn.className = 'uddrag'; sn.appendChild(snippet(meta[5], state.qterms));
        li.appendChild(sn);
        out.appendChild(li);
      });
      state.shown += page.length;
      more.hidden = state.shown >= state.docs.length;
    });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var p = { q: form.q.value, organ: form.organ.value, type: form.type.value, aar: form.aar.value };
    var usp = new URLSearchParams();
    Object.keys(p).forEach(function (k) { if (p[k]) usp.set(k, p[k]); });
    history.pushState(null, '', '?' + usp.toString());
    run(p);
  });
  ['organ', 'type', 'aar'].forEach(function (n) {
    form[n].addEventListener('change', function () { if (form.q.value.trim()) form.requestSubmit(); });
  });
  more.addEventListener('click', function () { showMore(); });
  window.addEventListener('popstate', function () { var p = params(); fillForm(p); run(p); });
  document.getElementById('soeg-js').hidden = false;
  var p = params();
  fillForm(p);
  if (p.q) run(p);
})();

/* protokol search core: the text pipeline (the same steps as src/search/analyzer.rs: keep them in step), the
   index format, and query evaluation (exact words, the prefix of the word being typed, typos, compounds, ranking).
   No DOM: the search page (soeg.js) and the byte bench (examples/search_bytes.rs, through node) both run it. */
(function () {
  'use strict';
  var STOP = new Set(['ad', 'af', 'alle', 'alt', 'anden', 'at', 'blev', 'blive', 'bliver', 'da', 'de', 'dem', 'den',
    'denne', 'der', 'deres', 'det', 'dette', 'dig', 'din', 'disse', 'dog', 'du', 'efter', 'eller', 'en', 'end', 'er',
    'et', 'for', 'fra', 'ham', 'han', 'hans', 'har', 'havde', 'have', 'hende', 'hendes', 'her', 'hos', 'hun', 'hvad',
    'hvis', 'hvor', 'i', 'ikke', 'ind', 'jeg', 'jer', 'jo', 'kunne', 'man', 'mange', 'med', 'meget', 'men', 'mig',
    'min', 'mine', 'mit', 'mod', 'ned', 'noget', 'nogle', 'nu', 'naar', 'og', 'ogsaa', 'om', 'op', 'os', 'over', 'paa',
    'selv', 'sig', 'sin', 'sine', 'sit', 'skal', 'skulle', 'som', 'saadan', 'thi', 'til', 'ud', 'under', 'var', 'vi',
    'vil', 'ville', 'vor', 'vaere', 'vaeret']);
  var QUALIFIERS = new Set(['punkt', 'pkt']);

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
  /* The canonical spelling, before stemming: æ/ø/å (and ä/ö) as ae/oe/aa. */
  function canonical(s) {
    return s.replace(/[æä]/g, 'ae').replace(/[øö]/g, 'oe').replace(/å/g, 'aa').replace(/é/g, 'e').replace(/ü/g, 'u');
  }
  function isNumber(t) { return /^[0-9](?:[0-9.,]*[0-9])?$/.test(t); }
  /* "1.392.657" is also 1392657; "3.6" is not 36. */
  function thousands(t) {
    var groups = t.split(',')[0].split('.');
    if (groups.length < 2 || groups[0].length > 3) return null;
    for (var i = 1; i < groups.length; i++) if (groups[i].length !== 3) return null;
    return t.replace(/\./g, '');
  }
  function words(text) { return text.split(/[\s\-\/–]+/u).filter(Boolean); }
  function trimAlnum(s) { return s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''); }
  function trimAlpha(s) { return s.replace(/^[^\p{Alphabetic}]+|[^\p{Alphabetic}]+$/gu, ''); }
  function wordTerm(raw) {
    var t = canonical(trimAlpha(raw.toLowerCase()));
    if (!t || STOP.has(t)) return null;
    return stem(t);
  }
  /* Text → index terms: the same steps as Analyzer::terms. */
  function terms(text) {
    var res = [];
    words(text).forEach(function (raw) {
      var lower = raw.toLowerCase(), trimmed = trimAlnum(lower);
      if (!trimmed) return;
      if (isNumber(trimmed)) {
        res.push(trimmed);
        var plain = thousands(trimmed);
        if (plain) res.push(plain);
        return;
      }
      var t = wordTerm(lower);
      if (t) res.push(t);
    });
    return res;
  }
  /* A query's words: each with its exact terms and, for words, its canonical unstemmed form (what a prefix is
     matched on). "punkt", "stk." and the like before a number are dropped (Analyzer::query_terms). */
  function queryWords(text) {
    var ws = words(text), out = [];
    ws.forEach(function (raw, i) {
      var bare = trimAlnum(raw.toLowerCase());
      if (QUALIFIERS.has(bare) && ws[i + 1] && isNumber(trimAlnum(ws[i + 1]))) return;
      if (!bare) return;
      if (isNumber(bare)) { out.push({ number: true, exact: terms(bare), form: bare }); return; }
      var t = wordTerm(raw);
      var form = canonical(trimAlpha(raw.toLowerCase()));
      if (t) out.push({ number: false, exact: [t], form: form });
      else if (i === ws.length - 1 && form.length >= 2) out.push({ number: false, exact: [], form: form, stop: true });
    });
    return out;
  }
  function shardOf(term, n) {
    var bytes = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h % n;
  }
  /* The vocabulary block of a word (format::vocab_key): its first two letters, others as _<hex>. */
  function vocabKey(term) {
    if (!term || /^[0-9]/.test(term)) return null;
    return Array.from(term).slice(0, 2).map(function (c) {
      return /[a-z]/.test(c) ? c : '_' + c.codePointAt(0).toString(16);
    }).join('');
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
  /* Edit distance with transpositions (optimal string alignment), or max + 1 once it is above max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i], low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }
  function typoBudget(form) { return form.length >= 9 ? 2 : form.length >= 5 ? 1 : 0; }

  /* Match tiers: exact words rank above the prefix of the word being typed, which ranks above a typo. */
  var EXACT = 0, PREFIX = 1, NEAR = 2;
  var FACTOR = [1, 0.6, 0.45];
  var PREFIX_TERMS = 4, NEAR_TERMS = 3;
  function byDf(vocab) { return function (a, b) { return vocab[b] - vocab[a] || a.length - b.length || (a < b ? -1 : 1); }; }

  /* The terms one query word stands for, from its vocabulary block: exact, prefix (the word being typed) and, when
     neither is there, near spellings. */
  function expand(w, vocab, typing) {
    var out = [], seen = new Set();
    function add(t, tier, factor) { if (!seen.has(t)) { seen.add(t); out.push({ term: t, tier: tier, factor: factor }); } }
    w.exact.forEach(function (t) { if (w.number || vocab[t]) add(t, EXACT); });
    if (w.number) return out;
    var keys = Object.keys(vocab);
    if (typing && w.form.length >= 2) {
      keys.filter(function (t) {
        return t.startsWith(w.form)
          // the word typed so far is an inflection of a term ("vedtaegte" → "vedtaeg")
          || (t.length >= 4 && w.form.startsWith(t) && w.form.length - t.length <= 3);
      }).sort(byDf(vocab)).slice(0, PREFIX_TERMS).forEach(function (t) {
        // The nearer a completion is to what was typed, the more it counts: "sundhedsaft" → "sundhedsaftal" before
        // "sundhedsaftalemedlem".
        add(t, PREFIX, FACTOR[PREFIX] * Math.min(1, w.form.length / t.length));
      });
    }
    if (!out.length && w.exact.length) {
      var max = typoBudget(w.form), t0 = w.exact[0];
      if (max) {
        var near = [];
        keys.forEach(function (t) {
          var d = Math.min(distance(t0, t, max), distance(w.form, t, max));
          if (typing && t.length > w.form.length) d = Math.min(d, distance(w.form, t.slice(0, w.form.length), max));
          if (d <= max) near.push([t, d]);
        });
        near.sort(function (a, b) { return a[1] - b[1] || vocab[b[0]] - vocab[a[0]] || (a[0] < b[0] ? -1 : 1); });
        near.slice(0, NEAR_TERMS).forEach(function (n) { add(n[0], NEAR); });
      }
    }
    return out;
  }

  /* A compound the index does not hold as a whole ("flygtningekvote"): the longest indexed word it starts with
     (allowing a joining e or s), and what follows, looked up in its own vocabulary block. */
  function compoundParts(w, vocab, getVocab) {
    var form = w.form;
    if (w.number || form.length < 7) return Promise.resolve(null);
    var splits = [];
    for (var i = form.length - 3; i >= 3; i--) {
      var left = form.slice(0, i), lt = wordTerm(left);
      var leftTerms = vocab[left] ? [left] : lt && vocab[lt] ? [lt]
        // a part found only inside longer words ("paedagog" in "paedagoguddannel")
        : left.length >= 5 ? Object.keys(vocab).filter(function (t) { return t.startsWith(left); })
          .sort(byDf(vocab)).slice(0, PREFIX_TERMS) : [];
      var right = form.slice(i).replace(/^[es](?=[^aeiouy])/, '');
      if (leftTerms.length && right.length >= 3) splits.push([leftTerms, right]);
    }
    // The longest first part whose rest is found too (trying a few).
    function tryFrom(k) {
      if (k >= splits.length || k >= 4) return Promise.resolve(null);
      var leftTerms = splits[k][0], right = splits[k][1];
      return getVocab(right).then(function (rv) {
        var rw = { number: false, exact: [wordTerm(right) || right], form: right };
        var rc = expand(rw, rv, true).filter(function (c) { return c.tier <= PREFIX; });
        if (!rc.length) return tryFrom(k + 1);
        return [leftTerms.map(function (t) { return { term: t, tier: PREFIX }; }),
          rc.map(function (c) { return { term: c.term, tier: PREFIX }; })];
      });
    }
    return tryFrom(0);
  }

  /* The index format this code reads (manifest.json's "version"). Format 3 stores each posting's impact without
     idf, which the query applies: a new unit count then changes the manifest, not every term's postings. */
  var FORMAT = 3;
  /* BM25's inverse document frequency of a term in df of n units (what src/search/index.rs applied before
     format 3). */
  function idf(n, df) {
    n = Math.max(n, 1);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /* Runs a query against the index. `get(path)` fetches a file of soeg/index/ as JSON (a promise; a vocabulary
     block that does not exist resolves to {}). p: {q, organ, type, fra, til, sort, typing}. */
  function search(p, get) {
    return get('manifest.json').then(function (m) {
      if (!m || m.version !== FORMAT) {
        throw new Error('search index format ' + (m && m.version) + ', this page reads format ' + FORMAT);
      }
      var qw = queryWords(p.q);
      if (!qw.length) return { manifest: m, docs: [], total: 0, terms: new Set(), words: 0 };
      var kinds = p.type ? p.type.split(',') : null;
      var from = p.fra ? +p.fra : null, to = p.til ? +p.til : null;
      var ranges = m.ranges.filter(function (r) {
        return (!p.organ || r[2] === p.organ) && (!kinds || kinds.indexOf(r[4]) >= 0)
          && (from === null || (r[3] && r[3] >= from)) && (to === null || (r[3] && r[3] <= to));
      });
      var filtered = !!(p.organ || kinds || from !== null || to !== null);
      function rangeOf(doc) {
        var lo = 0, hi = m.ranges.length - 1;
        while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (m.ranges[mid][0] <= doc) lo = mid; else hi = mid - 1; }
        return m.ranges[lo];
      }
      /* A document's place in the index order: its id in a build; where serve added or removed units, the range's
         sixth field is the rank of its first id. Ties are broken by it, so results equal a build's. */
      function rankOf(doc) {
        var r = rangeOf(doc);
        return r.length > 5 ? r[5] + (doc - r[0]) : doc;
      }
      function allowed(doc) {
        if (!filtered) return true;
        for (var i = 0; i < ranges.length; i++) if (doc >= ranges[i][0] && doc < ranges[i][1]) return true;
        return false;
      }
      function getVocab(form) {
        var key = vocabKey(form);
        return key ? get('v/' + key + '.json').catch(function () { return {}; }) : Promise.resolve({});
      }
      var last = qw.length - 1;
      // Each query word becomes one or more groups of alternative terms (a compound: one group per part).
      return Promise.all(qw.map(function (w, i) {
        if (w.number) return [expand(w, {}, false)];
        return getVocab(w.form).then(function (vocab) {
          var typing = i === last && p.typing !== false;
          var c = expand(w, vocab, typing);
          if (c.length) return [c];
          return compoundParts(w, vocab, getVocab).then(function (parts) { return parts || (w.stop ? [] : [c]); });
        });
      })).then(function (perWord) {
        var groups = [].concat.apply([], perWord);
        var highlight = new Set();
        var needAll = filtered || groups.length > 1;
        var jobs = [];
        groups.forEach(function (g, gi) {
          g.forEach(function (c) {
            highlight.add(c.term);
            var shard = shardOf(c.term, m.shards);
            jobs.push(get('t/' + shard + '.json').then(function (sh) {
              var e = sh[c.term];
              if (!e) return null;
              var more = [];
              // Filters and several words need every posting of an exact term; otherwise the best ones do.
              if (e[2] && needAll && c.tier === EXACT) {
                for (var b = 0; b < e[2]; b++) more.push(get('t/' + shard + '-' + e[3] + '-' + b + '.json'));
              }
              return Promise.all(more).then(function (rest) {
                // A posting's score: its impact × the term's idf × the match tier's factor.
                var factor = (c.factor || FACTOR[c.tier]) * idf(m.units, e[0]);
                return { group: gi, tier: c.tier, factor: factor, df: e[0], blocks: [e[1]].concat(rest),
                  all: !e[2] || more.length > 0 };
              });
            }));
          });
        });
        return Promise.all(jobs).then(function (lists) {
          var n = groups.length, docs = new Map();
          lists.forEach(function (l) {
            if (!l) return;
            l.blocks.forEach(function (s) {
              decode(s, function (doc, imp) {
                if (!allowed(doc)) return;
                var d = docs.get(doc);
                if (!d) { d = { doc: doc, score: new Array(n).fill(0), tier: new Array(n).fill(9) }; docs.set(doc, d); }
                var v = imp * l.factor;
                if (v > d.score[l.group]) d.score[l.group] = v;
                if (l.tier < d.tier[l.group]) d.tier[l.group] = l.tier;
              });
            });
          });
          var ranked = Array.from(docs.values()).map(function (d) {
            var hits = 0, exact = 0, score = 0;
            for (var g = 0; g < n; g++) {
              if (d.tier[g] < 9) hits++;
              if (d.tier[g] === EXACT) exact++;
              score += d.score[g];
            }
            return { doc: d.doc, hits: hits, exact: exact, score: score, rank: rankOf(d.doc) };
          });
          // Documents with every word first, then the rest; complete words before prefixes and near spellings.
          var byDate = p.sort === 'dato';
          ranked.sort(function (a, b) {
            if (a.hits !== b.hits) return b.hits - a.hits;
            if (byDate) return (rangeOf(b.doc)[3] || 0) - (rangeOf(a.doc)[3] || 0) || b.rank - a.rank;
            return b.exact - a.exact || b.score - a.score || a.rank - b.rank;
          });
          var total = ranked.length;
          lists.forEach(function (l) { if (l && !l.all && !filtered && l.tier === EXACT && l.df > total) total = l.df; });
          return { manifest: m, docs: ranked.map(function (r) { return r.doc; }), total: total, terms: highlight,
            words: n, forms: qw.map(function (w) { return w.form; }) };
        });
      });
    });
  }
  /* Result metadata of docs[from, from + n): [title, url, page, seq, body, date, kind, text] each. */
  function metadata(docs, chunk, get) {
    var chunks = Array.from(new Set(docs.map(function (d) { return Math.floor(d / chunk); })));
    return Promise.all(chunks.map(function (c) { return get('d/' + c + '.json'); })).then(function (data) {
      var by = {};
      chunks.forEach(function (c, i) { by[c] = data[i]; });
      return docs.map(function (d) { return by[Math.floor(d / chunk)][d % chunk]; });
    });
  }

  var api = { terms: terms, queryWords: queryWords, stem: stem, canonical: canonical, wordTerm: wordTerm,
    shardOf: shardOf, vocabKey: vocabKey, decode: decode, distance: distance, expand: expand, search: search,
    metadata: metadata, words: words, idf: idf, FORMAT: FORMAT };
  if (typeof globalThis !== 'undefined') globalThis.protokolSoeg = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})();

#!/usr/bin/env python3
"""Search quality on judged queries, measured in the real search page in headless Chromium.

Takes a site that `protokol build` has already written, serves it on 127.0.0.1, types every query of
bench/search-queries.json into the search page the way a user would, records the first ten result links and
scores them against the judged URLs: success@1, success@3, MRR@10 and the zero-result rate, per category and
overall. With --pagefind it also indexes a copy of the same site with Pagefind and runs the same queries through
Pagefind's JS API, listing the links its default UI would show, so both are judged the same way.

Setup (once; selenium and Pagefind stay out of the product's dependencies):
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install selenium pagefind-bin
Run:
    bench/.venv/bin/python bench/search_quality.py /tmp/searchq-public --pagefind --out /tmp/searchq.json

Needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver).

How a query reaches the page: a query of the category "prefixes" is what a user has typed so far, so it is typed
key by key into the search field of soeg/index.html (once the page has filled its filters, if it does that on
load: up to 1 s) and the page gets 2 s to answer by itself (search as you type); if it shows nothing by then,
Enter is pressed, as a user of a page without search-as-you-type would. Every other query is opened as
soeg/index.html?q=..., which both the current and the rewritten page read on load. The
answer is complete when the status line shows a final message (the page's own strings from #soeg-tekster: a
result count, no results, no search words, error) and the page's URL carries the whole query; the result links
are then the `h3 a` inside #soeg-resultater in document order (every link there if there is no h3).

Pagefind's links, per page result in its order: the page's URL, then the sub-results its default UI shows (those
other than the page's root, thinned to the three with most matches, kept in page order), as in Pagefind UI's
result.svelte. Both lists are cut at ten links.

A result counts as relevant when its URL (site-root-relative, index.html stripped) equals a judged URL, or when
the judged URL has no fragment and the result is on that page. A fragment naming a heading that opens an element
with an id of its own (Pagefind links agenda items as #punkt-3-6-titel, the heading of <section id="punkt-3-6">)
is read as that element's id: both links land on the same spot. Judged URLs are checked against the build first.
"""

import argparse
import functools
import html.parser
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_S = 10.0
TYPING_GRACE_S = 2.0
FILTERS_GRACE_S = 1.0
TOP = 10
BENCH_PAGE = "pagefind-bench.html"

# Reads the protokol search page: is the answer to `q` complete, and which links does it show?
PAGE_STATE_JS = r"""
const q = arguments[0];
const status = document.getElementById('soeg-status');
const texts = document.getElementById('soeg-tekster');
if (!status || !texts) return {ready: false, missing: true};
const T = JSON.parse(texts.textContent);
const s = status.textContent.trim();
const esc = x => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const counted = T.results ? new RegExp('^' + esc(T.results).replace(esc('{n}'), '[0-9., \u00a0\u202f]+') + '$') : null;
const final = [T.no_results, T.one_result, T.no_terms, T.error].filter(Boolean).includes(s) || (counted && counted.test(s));
const urlQ = new URLSearchParams(location.search).get('q');
const box = document.getElementById('soeg-resultater');
let links = box ? Array.from(box.querySelectorAll('h3 a')) : [];
if (box && !links.length) links = Array.from(box.querySelectorAll('a[href]'));
return {ready: !!final && urlQ === q, status: s, urls: links.map(a => a.href), error: s === T.error,
        noTerms: s === T.no_terms};
"""

PAGEFIND_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Pagefind bench</title></head>
<body><p id="klar">loading</p>
<script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
/* The links Pagefind's default UI shows for one page result (result.svelte): the page, then the non-root
   sub-results, thinned to the three with most locations, in page order. */
function links(d) {
  const subs = Array.isArray(d.sub_results) ? d.sub_results : [];
  const url = (d.meta && d.meta.url) || d.url;
  const rest = subs.length && subs[0].url === url ? subs.slice(1) : subs.slice();
  let shown = rest;
  if (rest.length > 3) {
    const top = [...rest].sort((a, b) => b.locations.length - a.locations.length).slice(0, 3).map(r => r.url);
    shown = rest.filter(r => top.includes(r.url));
  }
  return [url].concat(shown.map(r => r.url));
}
window.benchSearch = async (q) => {
  const r = await pagefind.search(q);
  const out = [];
  for (const res of r.results) {
    if (out.length >= %(top)d) break;
    const d = await res.data();
    for (const u of links(d)) out.push(new URL(u, location.href).href);
  }
  return {count: r.results.length, urls: out.slice(0, %(top)d)};
};
document.getElementById('klar').textContent = 'ready';
</script></body></html>
""" % {"top": TOP}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def start_browser(profile):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + ["--user-data-dir=" + profile, "--window-size=1280,1000"]:
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


class HeadingAliases(html.parser.HTMLParser):
    """Ids of headings that open an element with an id of its own (<section id="punkt-7"><h3 id="punkt-7-titel">):
    a link to either lands on the same spot, so the heading's id is read as its parent's."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.alias = [], {}

    def handle_starttag(self, tag, attrs):
        parent = self.stack[-1] if self.stack else None
        first = parent is not None and not parent["child"]
        if parent is not None:
            parent["child"] = True
        ident = dict(attrs).get("id")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and ident and first and parent["id"]:
            self.alias[ident] = parent["id"]
        if tag not in self.VOID:
            self.stack.append({"tag": tag, "id": ident, "child": False})

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if data.strip() and self.stack:
            self.stack[-1]["child"] = True


class Normaliser:
    """An absolute URL of the served site → site-root-relative, index.html stripped, query dropped, a heading's
    fragment read as the element it opens."""

    def __init__(self, site, origin):
        self.site, self.origin, self.aliases = site, origin, {}

    def page_aliases(self, page):
        if page not in self.aliases:
            parser = HeadingAliases()
            try:
                with open(os.path.join(self.site, page, "index.html") if page.endswith("/") or not page
                          else os.path.join(self.site, page), encoding="utf-8") as f:
                    parser.feed(f.read())
            except OSError:
                pass
            self.aliases[page] = parser.alias
        return self.aliases[page]

    def __call__(self, url):
        if not url.startswith(self.origin):
            return url
        parts = urllib.parse.urlsplit(url)
        path = urllib.parse.unquote(parts.path).lstrip("/")
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        frag = urllib.parse.unquote(parts.fragment)
        alias = self.page_aliases(path)
        for _ in range(5):
            frag = alias.get(frag, frag)
        return path + ("#" + frag if frag else "")


def check_judgements(site, entries):
    """Every judged URL must be a page of the built site, and its fragment an id on that page."""
    import re

    ids, problems = {}, []
    for e in entries:
        for url in e["relevant"]:
            page, _, frag = url.partition("#")
            path = os.path.join(site, page, "index.html") if page.endswith("/") or not page else os.path.join(site, page)
            if path not in ids:
                try:
                    with open(path, encoding="utf-8") as f:
                        ids[path] = set(re.findall(r'\sid="([^"]+)"', f.read()))
                except OSError:
                    ids[path] = None
            if ids[path] is None:
                problems.append("%r: %s is not a page of the site" % (e["query"], url))
            elif frag and frag not in ids[path]:
                problems.append("%r: %s has no id %r" % (e["query"], page, frag))
    return problems


def is_relevant(result, judged):
    for j in judged:
        if result == j or ("#" not in j and result.split("#", 1)[0] == j):
            return True
    return False


def poll(fn, timeout):
    end = time.monotonic() + timeout
    while True:
        value = fn()
        if value is not None or time.monotonic() >= end:
            return value
        time.sleep(0.05)


def wait_js(driver, script, timeout):
    """Polls a JS condition until it holds or the timeout passes; True if it held."""
    return poll(lambda: True if driver.execute_script(script) else None, timeout) is not None


def protokol_query(driver, origin, normalise, entry):
    """Runs one query in the protokol search page; returns (urls, how it was entered, notes)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    q = entry["query"]

    def state():
        return driver.execute_script(PAGE_STATE_JS, q)

    def answer():
        st = state()
        return st if st.get("ready") else None

    how = "url"
    if entry["category"] == "prefixes":
        driver.get(origin + "soeg/index.html")
        wait_js(driver, "var e = document.getElementById('soeg-js'); return !!e && !e.hidden;", TIMEOUT_S)
        # A page that fills its filters on load (from the manifest) also resets the field then: type after that.
        wait_js(driver, "var s = document.getElementById('soeg-organ'); return !!s && s.options.length > 1;",
                FILTERS_GRACE_S)
        box = driver.find_element(By.ID, "soeg-q")
        box.send_keys(q)
        how = "typed"
        if poll(lambda: True if state().get("status") else None, TYPING_GRACE_S) is None:
            box.send_keys(Keys.ENTER)
            how = "typed+enter"
    else:
        driver.get(origin + "soeg/index.html?" + urllib.parse.urlencode({"q": q}))
    s = poll(answer, TIMEOUT_S)
    if s is None:
        s = state()
        return [normalise(u) for u in s.get("urls", [])][:TOP], how, "timeout: " + repr(s.get("status"))
    note = "error" if s.get("error") else "no search words" if s.get("noTerms") else ""
    return [normalise(u) for u in s["urls"]][:TOP], how, note


def pagefind_query(driver, origin, normalise, entry):
    r = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.benchSearch(arguments[0]).then(done, e => done({error: String(e)}));", entry["query"])
    if "error" in r:
        return [], "api", "error: " + r["error"]
    return [normalise(u) for u in r["urls"]][:TOP], "api", ""


def score(entries, results):
    """Per category and overall: success@1, success@3, MRR@10, zero-result rate."""
    by_cat = {}
    for entry, res in zip(entries, results):
        by_cat.setdefault(entry["category"], []).append(res)
        by_cat.setdefault("all", []).append(res)
    table = {}
    for cat, rs in by_cat.items():
        n = len(rs)
        table[cat] = {
            "queries": n,
            "success@1": sum(1 for r in rs if r["rank"] == 1) / n,
            "success@3": sum(1 for r in rs if r["rank"] and r["rank"] <= 3) / n,
            "mrr@10": sum(1.0 / r["rank"] for r in rs if r["rank"]) / n,
            "zero_results": sum(1 for r in rs if not r["urls"]) / n,
        }
    return table


def run_engine(name, driver, site, origin, entries, query_fn):
    results, normalise = [], Normaliser(site, origin)
    for entry in entries:
        urls, how, note = query_fn(driver, origin, normalise, entry)
        rank = next((i + 1 for i, u in enumerate(urls) if is_relevant(u, entry["relevant"])), None)
        results.append({"query": entry["query"], "category": entry["category"], "input": how, "urls": urls,
                        "rank": rank, "note": note})
        mark = "rank %d" % rank if rank else ("0 results" if not urls else "miss")
        print("  %-9s %-12s %-32s %s %s" % (name, entry["category"], entry["query"], mark, note), file=sys.stderr)
    return {"results": results, "scores": score(entries, results)}


def pagefind_copy(site, workdir, python):
    copy = os.path.join(workdir, "site")
    shutil.copytree(site, copy)
    for stale in ("pagefind", BENCH_PAGE):
        path = os.path.join(copy, stale)
        if os.path.isdir(path):
            shutil.rmtree(path)
    subprocess.run([python, "-m", "pagefind_bin", "--site", copy], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(copy, BENCH_PAGE), "w", encoding="utf-8") as f:
        f.write(PAGEFIND_PAGE)
    return copy


def markdown(columns, categories):
    """columns: [(label, scores)]; one row per category, success@3 / success@1 / MRR / zero per engine."""
    head = "| category | n | " + " | ".join(
        "%s s@1 | %s s@3 | %s MRR | %s zero" % (l, l, l, l) for l, _ in columns) + " |"
    lines = [head, "|---|---:|" + "---:|" * (4 * len(columns))]
    for cat in categories + ["all"]:
        n = next((s[cat]["queries"] for _, s in columns if cat in s), 0)
        cells = []
        for _, s in columns:
            c = s.get(cat)
            cells += ["%.2f" % c["success@1"], "%.2f" % c["success@3"], "%.2f" % c["mrr@10"],
                      "%.0f %%" % (100 * c["zero_results"])] if c else ["–"] * 4
        lines.append("| %s | %d | %s |" % ("**all**" if cat == "all" else cat, n, " | ".join(cells)))
    return "\n".join(lines)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", help="a built site directory (protokol build --output DIR)")
    ap.add_argument("--queries", default=os.path.join(here, "search-queries.json"))
    ap.add_argument("--pagefind", action="store_true", help="also index a copy with Pagefind and measure it")
    ap.add_argument("--label", default="protokol", help="name of this build's column")
    ap.add_argument("--also", action="append", default=[], metavar="RESULTS.json",
                    help="add the columns of an earlier run's --out to the table")
    ap.add_argument("--allow-missing", action="store_true",
                    help="measure even if some judged URLs are not pages/anchors of this build")
    ap.add_argument("--check", action="store_true", help="only check the judged URLs against the build")
    ap.add_argument("--out", help="write the per-query results and scores as JSON here")
    args = ap.parse_args()

    site = os.path.abspath(args.site)
    if not os.path.isfile(os.path.join(site, "soeg", "index.html")):
        sys.exit("%s: no soeg/index.html; give a directory written by protokol build" % site)
    with open(args.queries, encoding="utf-8") as f:
        entries = json.load(f)["queries"]
    categories = list(dict.fromkeys(e["category"] for e in entries))
    problems = check_judgements(site, entries)
    for p in problems:
        print("judged URL not in this build: " + p, file=sys.stderr)
    if problems and not args.allow_missing:
        sys.exit("%d judged URLs are not in %s (--allow-missing to measure anyway)" % (len(problems), site))
    if args.check:
        print("%d queries, %d judged URLs, all in %s" % (len(entries), sum(len(e["relevant"]) for e in entries), site))
        return

    engines = {}
    with tempfile.TemporaryDirectory(prefix="search-quality-") as work:
        server, origin = serve(site)
        driver = start_browser(os.path.join(work, "profile-protokol"))
        try:
            driver.set_script_timeout(TIMEOUT_S)
            engines[args.label] = run_engine(args.label, driver, site, origin, entries, protokol_query)
        finally:
            driver.quit()
            server.shutdown()
        if args.pagefind:
            copy = pagefind_copy(site, work, sys.executable)
            server, origin = serve(copy)
            driver = start_browser(os.path.join(work, "profile-pagefind"))
            try:
                driver.set_script_timeout(TIMEOUT_S)
                driver.get(origin + BENCH_PAGE)
                if not wait_js(driver, "return typeof window.benchSearch === 'function';", TIMEOUT_S):
                    sys.exit("Pagefind's bench page did not load")
                engines["pagefind"] = run_engine("pagefind", driver, copy, origin, entries, pagefind_query)
            finally:
                driver.quit()
                server.shutdown()

    columns = []
    for path in args.also:
        with open(path, encoding="utf-8") as f:
            earlier = json.load(f)
        first = next(iter(earlier["engines"]))
        columns += [(label if label not in engines else "%s@%s" % (label, first), e["scores"])
                    for label, e in earlier["engines"].items()]
    columns += [(label, e["scores"]) for label, e in engines.items()]
    print(markdown(columns, categories))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"site": site, "queries": args.queries, "engines": engines}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()

// Success@3 and zero-result rate on a judged query set, for protokol (its own search core, soeg-kerne.js, over the
// built index) and for Pagefind on the same pages. A query succeeds when one of the first three results (for
// Pagefind also each result's first three sub-results, as its UI shows them) is an expected URL: equal to it, or
// starting with it when the expected URL has no #anchor.
//     node bench/judge.mjs <built site> <the same site with pagefind/> bench/judged-queries.json
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [site, pfSite, set] = process.argv.slice(2);
const queries = JSON.parse(fs.readFileSync(set, 'utf8'));
const core = createRequire(import.meta.url)(path.resolve(site, 'static/soeg-kerne.js'));
const get = p => Promise.resolve(JSON.parse(fs.readFileSync(path.join(site, 'soeg/index', p), 'utf8')));
globalThis.fetch = async url => {
  const f = path.join(pfSite, decodeURIComponent(new URL(url, 'http://bench/').pathname));
  return fs.existsSync(f) ? new Response(fs.readFileSync(f)) : new Response(null, { status: 404 });
};
const pf = await import(pathToFileURL(path.join(pfSite, 'pagefind/pagefind.js')).href);
await pf.options({ basePath: 'http://bench/pagefind/' });
const clean = u => u.replace(/^(https?:\/\/[^/]+)?\//, '').replace(/index\.html(#|$)/, '$1');
const hit = (urls, expected) => urls.some(u => expected.some(e => e.includes('#') ? u === e : u.startsWith(e)));
const stats = {};
for (const q of queries) {
  const r = await core.search({ q: q.query, typing: true }, get);
  const ours = (await core.metadata(r.docs.slice(0, 3), r.manifest.chunk, get)).map(m => m[1]);
  const p = await pf.search(q.query);
  const theirs = [];
  for (const x of p.results.slice(0, 3)) {
    const d = await x.data();
    theirs.push(clean(d.url), ...(d.sub_results || []).slice(0, 3).map(s => clean(s.url)));
  }
  const s = stats[q.category] ??= { n: 0, ours: 0, theirs: 0, ourZero: 0, theirZero: 0 };
  s.n++;
  s.ours += hit(ours, q.expected); s.theirs += hit(theirs, q.expected);
  s.ourZero += !r.docs.length; s.theirZero += !p.results.length;
  if (process.env.VERBOSE) console.log(q.query, hit(ours, q.expected), ours, hit(theirs, q.expected), theirs.slice(0, 4));
}
const all = { n: 0, ours: 0, theirs: 0, ourZero: 0, theirZero: 0 };
console.log('category     n  success@3 protokol / Pagefind   zero results protokol / Pagefind');
for (const [c, s] of Object.entries(stats)) {
  for (const k in all) all[k] += s[k];
  console.log(`${c.padEnd(11)} ${String(s.n).padStart(2)}  ${(s.ours / s.n).toFixed(2)} / ${(s.theirs / s.n).toFixed(2)}                ${s.ourZero} / ${s.theirZero}`);
}
console.log(`${'all'.padEnd(11)} ${String(all.n).padStart(2)}  ${(all.ours / all.n).toFixed(2)} / ${(all.theirs / all.n).toFixed(2)}                ` +
  `${(100 * all.ourZero / all.n).toFixed(0)} % / ${(100 * all.theirZero / all.n).toFixed(0)} %`);

// Pagefind's bytes for the same queries on the same built pages: loads Pagefind's own pagefind.js in node, with
// fetch answered from disk, and counts every file it asks for (Pagefind's files are already compressed; raw and
// gzip columns are the same measure for it). Per query: a fresh session, as a page visit; a query written ~word
// is typed key by key, one search per keystroke, then the first ten results' fragments are loaded as Pagefind's
// UI does.
//     node bench/pagefind_bytes.mjs <site with pagefind/> kontingent ~vedtægter flygtnige
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const [site, ...queries] = process.argv.slice(2);
let bytes = 0, gz = 0, files = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = async (url) => {
  const u = new URL(url, 'http://bench/');
  const file = path.join(site, decodeURIComponent(u.pathname));
  if (!fs.existsSync(file)) return new Response(null, { status: 404 });
  const b = fs.readFileSync(file);
  bytes += b.length; files++;
  gz += file.endsWith('.pf_fragment') || file.endsWith('.pf_index') || file.endsWith('.pf_meta') || file.endsWith('.pagefind')
    ? b.length : zlib.gzipSync(b).length;
  return new Response(b, { status: 200 });
};
const page = ['soeg/index.html', 'static/style.css'];
for (const spec of queries) {
  const typed = spec.startsWith('~'), q = typed ? spec.slice(1) : spec;
  bytes = 0; gz = 0; files = 0;
  for (const p of page) { const b = fs.readFileSync(path.join(site, p)); bytes += b.length; gz += zlib.gzipSync(b).length; files++; }
  // The Pagefind script itself, as its UI page loads it.
  for (const p of ['pagefind/pagefind.js', 'pagefind/pagefind-ui.js', 'pagefind/pagefind-ui.css']) {
    const b = fs.readFileSync(path.join(site, p)); bytes += b.length; gz += zlib.gzipSync(b).length; files++;
  }
  const mod = await import(pathToFileURL(path.join(site, 'pagefind/pagefind.js')).href + '?' + Math.random());
  await mod.options({ basePath: 'http://bench/pagefind/' });
  await mod.init();
  const steps = typed ? Array.from(q).map((_, i) => Array.from(q).slice(0, i + 1).join('')) : [q];
  let r = null;
  for (const s of steps) {
    r = await mod.search(s);
    await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  }
  console.log(`pagefind ${JSON.stringify(q)}${typed ? ' typed key by key' : ''}: ${r.results.length} results, ` +
    `${files} files, ${(bytes / 1e3).toFixed(1)} KB raw, ${(gz / 1e3).toFixed(1)} KB gzip`);
  await mod.destroy?.();
}

//! Replays what the search page downloads for queries, and reports the bytes, raw and gzip-compressed (what a
//! server with compression transfers).
//!
//!     cargo run --release --example search_bytes -- public "kontingent" "~vedtægter" "flygtnige"
//!
//! The query is evaluated by the page's own search core (`static/soeg-kerne.js`, run in node) against the built
//! index on disk, so the files counted are exactly those the page fetches: the search page, the stylesheet and the
//! scripts, the manifest (fetched when the page opens), the vocabulary blocks, shards and postings blocks of the
//! query's terms, and the metadata chunks of the first ten results. A query written `~word` is typed key by key:
//! one search per keystroke (as if each outlasted the 150 ms debounce), files fetched once per page visit.

use std::path::Path;
use std::process::Command;

const DRIVER: &str = r#"
const [out, ...queries] = process.argv.slice(1);
const fs = require('fs'), zlib = require('zlib');
const core = require(out + '/static/soeg-kerne.js');
const page = ['soeg/index.html', 'static/style.css', 'static/soeg-kerne.js', 'static/soeg.js'];
(async () => {
  for (const spec of queries) {
    const typed = spec.startsWith('~'), q = typed ? spec.slice(1) : spec;
    let raw = 0, gz = 0, files = 0;
    const cache = new Map();
    const count = f => { const b = fs.readFileSync(f); raw += b.length; gz += zlib.gzipSync(b).length; files++; return b; };
    page.forEach(p => count(out + '/' + p));
    const get = path => {
      if (!cache.has(path)) {
        const f = out + '/soeg/index/' + path;
        cache.set(path, fs.existsSync(f) ? Promise.resolve(JSON.parse(count(f).toString('utf8')))
          : Promise.reject(new Error('404 ' + path)));
        cache.get(path).catch(() => {});
      }
      return cache.get(path);
    };
    await get('manifest.json');
    const steps = typed ? Array.from(q).map((_, i) => Array.from(q).slice(0, i + 1).join('')) : [q];
    let r = null;
    for (const s of steps) {
      r = await core.search({ q: s, typing: !/\s$/.test(s) }, get);
      await core.metadata(r.docs.slice(0, 10), r.manifest.chunk, get);
    }
    console.log(`query ${JSON.stringify(q)}${typed ? ' typed key by key' : ''}: ${r.total} results, ` +
      `${files} files, ${(raw / 1e3).toFixed(1)} KB raw, ${(gz / 1e3).toFixed(1)} KB gzip`);
  }
})().catch(e => { console.error(e); process.exit(1); });
"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "public".into()));
    let out = std::fs::canonicalize(&out).unwrap_or(out);
    let ix = out.join("soeg/index");
    println!(
        "index: {} files, {:.1} MB",
        count(&ix),
        walk(&ix) as f64 / 1e6
    );
    let status = Command::new("node")
        .arg("-e")
        .arg(DRIVER)
        .arg(&out)
        .args(args)
        .status()
        .expect("node runs the page's search core");
    std::process::exit(status.code().unwrap_or(1));
}

fn walk(p: &Path) -> u64 {
    walkdir::WalkDir::new(p)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

fn count(p: &Path) -> usize {
    walkdir::WalkDir::new(p)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

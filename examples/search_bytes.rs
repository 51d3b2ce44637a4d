//! Replays what the search page downloads for a query, and reports the bytes.
//!
//!     cargo run --release --example search_bytes -- public "kontingent" "flygtninge"
//!
//! Counts exactly the files `soeg.js` fetches for a first query with no filters: the search page, the stylesheet and
//! the script, the manifest, one shard per query term (plus further postings blocks when the query has several
//! words), and the metadata chunks of the first ten results. Also prints the index's total size.

use protokol::search::{decode_postings, shard_of, Analyzer};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

fn size(p: &Path) -> u64 {
    std::fs::metadata(p)
        .map(|m| m.len())
        .unwrap_or_else(|_| panic!("missing {}", p.display()))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "public".into()));
    let ix = out.join("soeg/index");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ix.join("manifest.json")).unwrap()).unwrap();
    let shards = manifest["shards"].as_u64().unwrap() as u32;
    let chunk = manifest["chunk"].as_u64().unwrap() as u32;
    let total: u64 = walk(&ix);
    println!("index: {} files, {:.1} MB", count(&ix), total as f64 / 1e6);
    let page = ["soeg/index.html", "static/style.css", "static/soeg.js"]
        .iter()
        .map(|p| size(&out.join(p)))
        .sum::<u64>();
    for q in args {
        let a = Analyzer::default();
        let terms: BTreeSet<String> = a.terms(&q).into_iter().collect();
        let mut bytes = page + size(&ix.join("manifest.json"));
        let mut scores: HashMap<u32, (u32, u32)> = HashMap::new();
        let mut df_single = 0;
        for t in &terms {
            let s = shard_of(t, shards);
            let path = ix.join(format!("t/{s}.json"));
            bytes += size(&path);
            let shard: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let Some(e) = shard.get(t) else { continue };
            df_single = e[0].as_u64().unwrap();
            let mut blocks = vec![e[1].as_str().unwrap().to_string()];
            if terms.len() > 1 {
                for b in 0..e[2].as_u64().unwrap() {
                    let p = ix.join(format!("t/{s}-{}-{b}.json", e[3]));
                    bytes += size(&p);
                    blocks.push(
                        serde_json::from_slice::<String>(&std::fs::read(&p).unwrap()).unwrap(),
                    );
                }
            }
            for b in blocks {
                for (doc, imp) in decode_postings(&b) {
                    let e = scores.entry(doc).or_default();
                    e.0 += imp;
                    e.1 += 1;
                }
            }
        }
        let mut docs: Vec<(u32, (u32, u32))> = scores.into_iter().collect();
        if docs.iter().any(|d| d.1 .1 as usize == terms.len()) {
            docs.retain(|d| d.1 .1 as usize == terms.len());
        }
        docs.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        let chunks: BTreeSet<u32> = docs.iter().take(10).map(|d| d.0 / chunk).collect();
        for c in &chunks {
            bytes += size(&ix.join(format!("d/{c}.json")));
        }
        let hits = if terms.len() == 1 {
            df_single as usize
        } else {
            docs.len()
        };
        println!(
            "query {q:?}: {hits} results, {} chunk files, {:.1} KB downloaded",
            chunks.len(),
            bytes as f64 / 1e3
        );
    }
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

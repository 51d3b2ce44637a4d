//! The browser's text pipeline (themes/default/static/soeg.js) must give the same terms as the indexer's
//! (src/search.rs), or queries miss. Runs the script in node over a Danish word list and compares.

use protokol::search::Analyzer;
use std::process::Command;

const WORDS: &str = include_str!("data/danske-ord.txt");

#[test]
fn browser_and_indexer_pipelines_agree() {
    if Command::new("node").arg("--version").output().is_err() {
        panic!("node is needed for this test (.ci/run installs it when missing)");
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/soeg.js");
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let js = format!(
        "require({script:?}); const p = globalThis.protokolSoegPipeline; \
         const words = require('fs').readFileSync(0, 'utf8').split('\\n'); \
         process.stdout.write(words.map(w => p.terms(w).join(' ')).join('\\n'));"
    );
    let mut child = Command::new("node")
        .args(["-e", &js])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(words.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js_terms: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .split('\n')
        .map(str::to_string)
        .collect();
    let a = Analyzer::default();
    let mut differ = Vec::new();
    for (w, j) in words.iter().zip(&js_terms) {
        let mut r = a.terms(w);
        let mut jv: Vec<String> = j
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        r.sort();
        jv.sort();
        if r != jv {
            differ.push(format!("{w}: rust {r:?} js {jv:?}"));
        }
    }
    assert_eq!(words.len(), js_terms.len());
    assert!(words.len() > 2000, "a real word list");
    assert!(
        differ.is_empty(),
        "{} of {} words differ:\n{}",
        differ.len(),
        words.len(),
        differ.join("\n")
    );
}

#[test]
fn shard_hash_agrees() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/soeg.js");
    let terms = [
        "kontingent",
        "flygtning",
        "generalforsamling",
        "moed",
        "aarhus",
        "1,40",
    ];
    let js = format!(
        "require({script:?}); const p = globalThis.protokolSoegPipeline; \
         process.stdout.write({terms:?}.map(t => p.shardOf(t, 1024)).join(' '));"
    );
    let out = Command::new("node")
        .args(["-e", &js])
        .output()
        .expect("node");
    let got: Vec<u32> = String::from_utf8(out.stdout)
        .unwrap()
        .split(' ')
        .map(|s| s.parse().unwrap())
        .collect();
    let want: Vec<u32> = terms
        .iter()
        .map(|t| protokol::search::shard_of(t, 1024))
        .collect();
    assert_eq!(got, want);
}

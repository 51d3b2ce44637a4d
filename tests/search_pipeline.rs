//! The browser's text pipeline (themes/default/static/soeg-kerne.js) must give the same terms as the indexer's
//! (src/search/analyzer.rs), or queries miss. Runs the script in node over a Danish word list, and the ASCII
//! spellings of its words (ae/oe/aa), and compares.

use protokol::search::Analyzer;
use std::process::Command;

const WORDS: &str = include_str!("data/danske-ord.txt");
const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/static/soeg-kerne.js"
);

/// Runs `body` in node with the search core loaded as `p`, `input` on stdin; returns stdout.
fn node(body: &str, input: &str) -> String {
    if Command::new("node").arg("--version").output().is_err() {
        panic!("node is needed for this test (.ci/run installs it when missing)");
    }
    let js = format!(
        "const p = require({SCRIPT:?}); const input = require('fs').readFileSync(0, 'utf8'); {body}"
    );
    let mut child = Command::new("node")
        .args(["-e", &js])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The seed words' ASCII spellings: æ→ae, ø→oe, å→aa (and capitals), for the words that have one.
fn ascii_spellings(words: &[&str]) -> Vec<(String, String)> {
    words
        .iter()
        .filter(|w| w.chars().any(|c| "æøåÆØÅ".contains(c)))
        .map(|w| {
            let ascii = w
                .replace('æ', "ae")
                .replace('ø', "oe")
                .replace('å', "aa")
                .replace('Æ', "Ae")
                .replace('Ø', "Oe")
                .replace('Å', "Aa");
            (w.to_string(), ascii)
        })
        .collect()
}

fn js_terms(words: &[String]) -> Vec<Vec<String>> {
    let out = node(
        "process.stdout.write(input.split('\\n').map(w => p.terms(w).join(' ')).join('\\n'));",
        &words.join("\n"),
    );
    out.split('\n')
        .map(|l| {
            let mut v: Vec<String> = l
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            v.sort();
            v
        })
        .collect()
}

fn rust_terms(a: &Analyzer, w: &str) -> Vec<String> {
    let mut r = a.terms(w);
    r.sort();
    r
}

#[test]
fn browser_and_indexer_pipelines_agree() {
    let words: Vec<String> = WORDS.split_whitespace().map(str::to_string).collect();
    let js = js_terms(&words);
    let a = Analyzer::default();
    let mut differ = Vec::new();
    for (w, j) in words.iter().zip(&js) {
        let r = rust_terms(&a, w);
        if &r != j {
            differ.push(format!("{w}: rust {r:?} js {j:?}"));
        }
    }
    assert_eq!(words.len(), js.len());
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
fn ascii_spellings_of_every_seed_word_find_the_word() {
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let pairs = ascii_spellings(&words);
    assert!(pairs.len() > 1000, "the seeds' words with æ/ø/å");
    let ascii: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
    let js = js_terms(&ascii);
    let a = Analyzer::default();
    let mut differ = Vec::new();
    for ((word, ascii), j) in pairs.iter().zip(&js) {
        let original = rust_terms(&a, word);
        let r = rust_terms(&a, ascii);
        if r != original || j != &original {
            differ.push(format!(
                "{word} / {ascii}: rust {original:?} / {r:?}, js {j:?}"
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} ASCII spellings differ:\n{}",
        differ.len(),
        pairs.len(),
        differ.join("\n")
    );
    // A failing case: a spelling that is not the word's stays apart.
    assert_ne!(a.terms("moder"), a.terms("møder"));
}

#[test]
fn query_terms_agree_for_section_numbers() {
    let queries = [
        "punkt 3.6",
        "§ 4",
        "stk. 2",
        "4.7",
        "kontingent 1,40",
        "1.392.657 kr.",
        "punkt",
    ];
    let out = node(
        "process.stdout.write(input.split('\\n').map(q => [].concat(...p.queryWords(q).map(w => w.exact)).join(' ')).join('\\n'));",
        &queries.join("\n"),
    );
    let a = Analyzer::default();
    for (q, j) in queries.iter().zip(out.split('\n')) {
        assert_eq!(a.query_terms(q).join(" "), j, "{q}");
    }
    assert_eq!(a.query_terms("punkt 3.6"), vec!["3.6"]);
}

#[test]
fn shard_hash_and_vocabulary_key_agree() {
    let terms = [
        "kontingent",
        "flygtning",
        "generalforsamling",
        "moed",
        "aarhus",
        "1,40",
        "çava",
    ];
    let out = node(
        "process.stdout.write(input.split('\\n').map(t => p.shardOf(t, 1024) + ':' + p.vocabKey(t)).join(' '));",
        &terms.join("\n"),
    );
    let want: Vec<String> = terms
        .iter()
        .map(|t| {
            format!(
                "{}:{}",
                protokol::search::shard_of(t, 1024),
                protokol::search::vocab_key(t).unwrap_or("null".into())
            )
        })
        .collect();
    assert_eq!(out, want.join(" "));
}

/// The search core run on a small hand-made index of format 3 (`soeg/index/` as JSON objects by path): a query's
/// result ids in order, or the error it fails with.
fn search_in(manifest_version: u32, query: &str) -> String {
    // Two terms of equal stored impact (32) in a site of 4 units: "alfa" in units 0–2, "beta" in unit 3 alone.
    let body = format!(
        "const a = p.wordTerm('alfa'), b = p.wordTerm('beta');
         const files = {{
           'manifest.json': {{ version: {manifest_version}, docs: 4, units: 4, shards: 1, chunk: 8,
             ranges: [[0, 4, 'b', 2020, 'page']], bodies: [], kinds: [] }},
           'v/al.json': {{ [a]: 3 }}, 'v/be.json': {{ [b]: 1 }},
           't/0.json': {{ [a]: [3, 'AgBBgBBgB', 0, 0], [b]: [1, 'DgB', 0, 1] }},
         }};
         const get = path => path in files ? Promise.resolve(files[path]) : Promise.reject(new Error(path));
         p.search({{ q: {query:?}, typing: false }}, get)
           .then(r => process.stdout.write(r.docs.join(' ')), e => process.stdout.write('error: ' + e.message));"
    );
    node(&body, "")
}

#[test]
fn the_browser_applies_idf_to_format_3_impacts() {
    // The postings strings above: ids 0, 1, 2 (gaps 0, 1, 1) and id 3, each with impact 32.
    let p = |s: &str| protokol::search::decode_postings(s);
    assert_eq!(p("AgBBgBBgB"), vec![(0, 32), (1, 32), (2, 32)]);
    assert_eq!(p("DgB"), vec![(3, 32)]);
    // One word matched each: the rare term's document first (its idf is higher), though its rank is last.
    assert_eq!(search_in(3, "alfa beta"), "3 0 1 2");
    // Equal scores within one term: by rank.
    assert_eq!(search_in(3, "alfa"), "0 1 2");
}

#[test]
fn a_manifest_of_another_format_is_refused() {
    // Format 2 stored idf in the impact: read as format 3 it would count idf twice.
    assert_eq!(
        search_in(2, "alfa beta"),
        "error: search index format 2, this page reads format 3"
    );
}

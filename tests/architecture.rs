//! The dependency direction of the pipeline, enforced: every module of `src/` belongs to a stage, and a module
//! may use only the stages its own may use (ARCHITECTURE.md, "The dependency rule"). Reads `src/**/*.rs`, finds
//! every `crate::…`, `super::…` and `self::…` path (grouped `use crate::{a, b}` included; comments and string
//! literals are skipped) and fails naming the file, line and path of each use the rule forbids.

use std::collections::BTreeSet;
use std::path::Path;

/// The stages. Load is ordered inside: a part may use only the parts before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Shared base, used by every stage and using none but base: reporting, the catalogue of wording (i18n), exact
    /// numbers, the kinds of items.
    Base,
    /// load → parse → model; the number orders its parts (yaml 0, model 1, config and urls 2, statute 3,
    /// markdown 4, load 5): each may use only those before it.
    Load(u8),
    /// Judges the typed site.
    Check,
    /// Pages and the whole-site outputs from the typed site.
    Render,
    /// Output directories, staging, the swap.
    Write,
    /// Beside the pipeline: the search index, from the typed site.
    Search,
    /// Beside the pipeline: the orchestration, the CLI, the dev server; may use every stage.
    Orchestration,
}

/// The stage of each top-level module of `src/`. A name that is not a module is an item of the crate root
/// (`crate::lock`), which belongs to `lib`.
fn stage_of(module: &str) -> Option<Stage> {
    Some(match module {
        "diagnostics" | "i18n" | "number" | "kinds" => Stage::Base,
        "yaml" => Stage::Load(0),
        "model" => Stage::Load(1),
        "config" | "urls" => Stage::Load(2),
        "statute" => Stage::Load(3),
        "markdown" => Stage::Load(4),
        "load" => Stage::Load(5),
        "check" => Stage::Check,
        "render" | "outputs" => Stage::Render,
        "write" => Stage::Write,
        "search" => Stage::Search,
        "lib" | "main" | "build" | "serve" | "http" | "init" => Stage::Orchestration,
        _ => return None,
    })
}

/// Whether a module of stage `from` may use a module of stage `to` (a module may always use itself).
fn may_use(from: Stage, to: Stage) -> bool {
    use Stage::*;
    match (from, to) {
        (Orchestration, _) => true,
        (_, Base) => true,
        (Base, _) => false,
        (Load(a), Load(b)) => b < a,
        (Load(_), _) => false,
        // Check and search read the typed site; render shows it (what check found reaches pages only through
        // the orchestrator); write may ask the outputs which files they own.
        (Check | Search | Render | Write, Load(_)) => true,
        (Render, Render) | (Write, Render) => true,
        _ => false,
    }
}

/// Crates of the field that belong to one module: (crate, the modules that may use it).
const EXTERNAL: &[(&str, &[&str])] = &[("clap", &["main"])];

/// Known violations, each with the stream that owns it, which removes its line when it fixes the code (a line that
/// no longer matches anything fails the test, so the list only shrinks): (module, what it uses, why). None now.
const KNOWN: &[(&str, &str, &str)] = &[];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Use {
    line: usize,
    /// The top-level module used (or the external crate).
    target: String,
    /// The path as written, for the message.
    written: String,
}

/// The module path of a file below `src/`: `render.rs` → [render], `load/meeting.rs` → [load, meeting],
/// `load/mod.rs` → [load], `lib.rs` → [].
fn module_path(rel: &str) -> Vec<String> {
    let rel = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// `src` with comments, string and character literals blanked (newlines kept, so offsets and lines stay).
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = src[i..].find('\n').map_or(b.len(), |e| i + e);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = src[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                blank(&mut out, i, end);
                i = end;
            }
            b'r' if b.get(i + 1) == Some(&b'#') || b.get(i + 1) == Some(&b'"') => {
                // A raw string r"…" or r#"…"# (an identifier ending in r is not one: checked below).
                let ident_before = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                if ident_before || b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let start = i + 2 + hashes;
                let end = src[start..]
                    .find(&close)
                    .map_or(b.len(), |e| start + e + close.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'\'' => {
                // A character literal ('x', '\n', '{'); a lifetime ('a) is left alone.
                let len = if b.get(i + 1) == Some(&b'\\') {
                    src[i + 2..].find('\'').map(|e| e + 3)
                } else {
                    let ch = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (b.get(i + 1 + ch) == Some(&b'\'')).then_some(ch + 2)
                };
                match len {
                    Some(len) => {
                        blank(&mut out, i, i + len);
                        i += len;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The items of a group `{a, b::c, d as e}` (from just after its `{`), each with where it is written; and where
/// the group ends.
fn group_items(code: &str, open: usize) -> (Vec<(String, usize)>, usize) {
    let b = code.as_bytes();
    let (mut depth, mut i, mut item_start) = (0usize, open, open);
    let mut items = Vec::new();
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' if depth == 0 => break,
            b'}' => depth -= 1,
            b',' if depth == 0 => {
                items.push((item_start, i));
                item_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    items.push((item_start, i.min(b.len())));
    let items = items
        .into_iter()
        .map(|(from, to)| {
            let text = &code[from..to];
            let at = from + text.len() - text.trim_start().len();
            (text.split_whitespace().collect::<String>(), at)
        })
        .filter(|(item, _)| !item.is_empty())
        .collect();
    (items, i)
}

/// Every use of another top-level module (or of an external crate named in [`EXTERNAL`]) in the file `rel`
/// (below `src/`) with text `src`.
fn uses_in(rel: &str, src: &str) -> Vec<Use> {
    let code = code_only(src);
    let b = code.as_bytes();
    let file_path = module_path(rel);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    // Inline modules (`mod tests { … }`): the brace stack, with the module's name where a `mod` opened it.
    let mut braces: Vec<Option<String>> = Vec::new();
    let mut pending_mod: Option<String> = None;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'{' {
            braces.push(pending_mod.take());
            i += 1;
            continue;
        }
        if c == b'}' {
            braces.pop();
            i += 1;
            continue;
        }
        if c == b';' {
            pending_mod = None;
        }
        if !is_ident(c) || (i > 0 && (is_ident(b[i - 1]) || b[i - 1] == b':')) {
            i += 1;
            continue;
        }
        let word_end = i + b[i..].iter().take_while(|c| is_ident(**c)).count();
        let word = &code[i..word_end];
        if word == "mod" {
            let rest = code[word_end..].trim_start();
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            pending_mod = Some(name);
            i = word_end;
            continue;
        }
        if !code[word_end..].starts_with("::") {
            i = word_end;
            continue;
        }
        let mut here: Vec<String> = file_path.clone();
        here.extend(braces.iter().flatten().cloned());
        // Resolve the path's start: crate:: is the root, each super:: one module up, self:: here.
        let (base, mut j) = match word {
            "crate" => (Vec::new(), word_end + 2),
            "self" => (here.clone(), word_end + 2),
            "super" => {
                let mut base = here.clone();
                base.pop();
                let mut j = word_end + 2;
                while code[j..].starts_with("super::") {
                    base.pop();
                    j += "super::".len();
                }
                (base, j)
            }
            w if EXTERNAL.iter().any(|(name, _)| *name == w) => {
                let path_end = word_end
                    + b[word_end..]
                        .iter()
                        .take_while(|c| is_ident(**c) || **c == b':')
                        .count();
                out.push(Use {
                    line: line_of(i),
                    target: w.to_string(),
                    written: code[i..path_end].to_string(),
                });
                i = path_end;
                continue;
            }
            _ => {
                i = word_end;
                continue;
            }
        };
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        let prefix: String = code[i..j].split_whitespace().collect();
        // Each item: its path below the start (`model::Meeting`) and where it is written.
        let (items, end) = if b.get(j) == Some(&b'{') {
            group_items(&code, j + 1)
        } else {
            let path_end = j + b[j..]
                .iter()
                .take_while(|c| is_ident(**c) || **c == b':')
                .count();
            (vec![(code[j..path_end].to_string(), j)], path_end)
        };
        for (item, at) in items {
            let name: String = item
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // The top-level module the path lands in: the first segment below the root.
            let top = match base.first() {
                Some(top) => top.clone(),
                None if stage_of(&name).is_some() => name.clone(),
                None if name.is_empty() => continue,
                None => "lib".to_string(),
            };
            out.push(Use {
                line: line_of(at),
                target: top,
                written: format!("{prefix}{item}"),
            });
        }
        i = end.max(word_end);
    }
    out
}

/// The uses in file `rel` (below `src/`) that the rule forbids, as messages, with the known violations that
/// matched (module, target).
fn violations(rel: &str, src: &str) -> (Vec<String>, BTreeSet<(String, String)>) {
    let module = match rel {
        "main.rs" => "main".to_string(),
        _ => module_path(rel)
            .first()
            .cloned()
            .unwrap_or_else(|| "lib".into()),
    };
    let mut found = Vec::new();
    let mut known = BTreeSet::new();
    let Some(stage) = stage_of(&module) else {
        return (
            vec![format!(
                "src/{rel}: module `{module}` has no stage in tests/architecture.rs"
            )],
            known,
        );
    };
    for u in uses_in(rel, src) {
        if u.target == module {
            continue;
        }
        let allowed = match (
            stage_of(&u.target),
            EXTERNAL.iter().find(|(c, _)| *c == u.target),
        ) {
            (_, Some((_, users))) => users.contains(&module.as_str()),
            (Some(to), None) => may_use(stage, to),
            (None, None) => true,
        };
        if allowed {
            continue;
        }
        if KNOWN.iter().any(|(m, t, _)| *m == module && *t == u.target) {
            known.insert((module.clone(), u.target.clone()));
            continue;
        }
        found.push(format!(
            "src/{rel}:{}: `{module}` ({stage:?}) uses `{}` ({}): `{}`",
            u.line,
            u.target,
            stage_of(&u.target).map_or("a crate of its own".to_string(), |s| format!("{s:?}")),
            u.written
        ));
    }
    (found, known)
}

/// Every `.rs` file below `src/<below>` (all of `src/` for ""): its path below `src/` and its text.
fn sources(src: &Path, below: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src.join(below)).sort_by_file_name() {
        let entry = entry.expect("src/ is readable");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).expect("source is UTF-8");
        out.push((rel, text));
    }
    out
}

#[test]
fn no_module_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut matched = BTreeSet::new();
    let mut files = 0;
    for (rel, text) in sources(&src, "") {
        let (found, known) = violations(&rel, &text);
        problems.extend(found);
        matched.extend(known);
        files += 1;
    }
    assert!(
        files > 30,
        "read only {files} files below {}",
        src.display()
    );
    for (module, target, what) in KNOWN {
        if !matched.contains(&(module.to_string(), target.to_string())) {
            problems.push(format!(
                "the known violation `{module}` → `{target}` ({what}) is gone: remove it from KNOWN in tests/architecture.rs"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the pipeline's dependency rule is broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_passes_earlier_stages_and_names_later_ones() {
    // Allowed: load uses the model, parse and base modules, grouped, nested and with super:: inside load.
    let fine = "use crate::model::{Meeting, ItemKind};\nuse crate::{\n    diagnostics::Diagnostic,\n    markdown,\n};\nuse super::files::RawFile;\nfn f() { crate::yaml::parse(); let s = \"crate::render::x\"; } // crate::check\nmod tests { use super::*; }\n";
    assert_eq!(violations("load/meeting.rs", fine).0, Vec::<String>::new());
    // Forbidden: load using render (a later stage), in a grouped use on its second line, and check by path.
    let bad = "use crate::{\n    model::Meeting,\n    render::table_html,\n};\nfn f() { let c = '{'; crate::check::check(); }\n";
    let (found, _) = violations("load/meeting.rs", bad);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("src/load/meeting.rs:3: `load` (Load(5)) uses `render`"),
        "{}",
        found[0]
    );
    assert!(
        found[1].starts_with("src/load/meeting.rs:5: `load` (Load(5)) uses `check`"),
        "{}",
        found[1]
    );
    // The model may not use markdown (a later part of load); the catalogue (i18n) is base, so it may name things.
    let (found, _) = violations(
        "model/mod.rs",
        "pub fn f() { crate::markdown::slug(\"\"); }",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (found, _) = violations(
        "model/describe.rs",
        "use crate::i18n::Msg;\nuse crate::number::Rounding;",
    );
    assert!(found.is_empty(), "{found:?}");
    // super:: from a top-level file's body is the crate root; inside `mod tests` it is the file's module.
    let (found, _) = violations(
        "markdown.rs",
        "use super::load::Site;\nmod tests { use super::render; }\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("uses `load`"), "{}", found[0]);
    // An external crate kept to one module, and a module the table does not know.
    let (found, _) = violations("check/mod.rs", "#[derive(clap::ValueEnum)] enum E {}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(!violations("brandnew.rs", "").0.is_empty());
    // Search sits beside the pipeline: the typed site yes, rendering no.
    assert!(violations("search/units.rs", "use crate::load::Site;")
        .0
        .is_empty());
    assert_eq!(
        violations("search/units.rs", "use crate::render::escape;")
            .0
            .len(),
        1
    );
}

/// What reading or writing files looks like in Rust code: the check stage may do none of it.
const IO: &[&str] = &[
    "std::fs",
    "fs::",
    "File::",
    "OpenOptions",
    "read_to_string",
    "read_dir",
    "std::io::Read",
    ".root.join",
];

/// The lines of `src` (a file below `src/check/`) that do I/O, as messages.
fn io_in(rel: &str, src: &str) -> Vec<String> {
    let code = code_only(src);
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        if let Some(w) = IO.iter().find(|w| line.contains(*w)) {
            out.push(format!("src/{rel}:{}: the check stage uses `{w}`", n + 1));
        }
    }
    out
}

/// "Parse extracts, check judges": `check/` reads only the model that loading made, never a file (what it needs
/// of a file, such as whether an acknowledgement's words stand in its place, loading keeps in the model).
#[test]
fn the_check_stage_reads_no_file() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for (rel, text) in sources(&src, "check") {
        problems.extend(io_in(&rel, &text));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The finder finds a read, and not the words in a comment or a string.
    let read =
        "fn f(site: &Site) {\n    let t = std::fs::read_to_string(site.root.join(\"x\"));\n}\n";
    assert_eq!(io_in("check/x.rs", read).len(), 1);
    assert!(io_in(
        "check/x.rs",
        "// std::fs\nfn f() { let s = \"fs::read\"; }\n"
    )
    .is_empty());
}

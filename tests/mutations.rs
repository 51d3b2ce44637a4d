//! The checker's promise on the bundled portal: changing any single number of any rule-carrying table by +1 or -1
//! makes `protokol check` fail with an error that names that table's file and a line in it.
//!
//! Every number cell, every number in a rule (`value:`, `rate:`, `percent:`) and every acknowledged figure
//! (`printed:`, `computed:`) is mutated in turn, in a copy of the portal, and checked in-process.

mod common;
use common::*;
use protokol::model::table::Cell;
use std::path::Path;

/// (line, start byte, end byte) of every number to mutate in a table file.
fn numbers(text: &str, table: &protokol::model::Table) -> Vec<(usize, usize, usize)> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let token_at = |line: usize, col: usize| -> Option<(usize, usize, usize)> {
        let ls = *line_starts.get(line - 1)?;
        let start = ls + text[ls..].char_indices().nth(col - 1)?.0;
        let len = text[start..]
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(0);
        (len > 0 && text[start..start + len].chars().any(|c| c.is_ascii_digit())).then_some((
            line,
            start,
            start + len,
        ))
    };
    let mut out = Vec::new();
    for row in &table.rows {
        for (cell, pos) in row.cells.iter().zip(&row.cell_pos) {
            if matches!(cell, Cell::Number(_)) {
                out.extend(token_at(pos.line, pos.column));
            }
        }
    }
    // Figures in rules and acknowledgements, found by their keys.
    for (i, line) in text.lines().enumerate() {
        for key in ["value: ", "rate: ", "percent: ", "printed: ", "computed: "] {
            let mut from = 0;
            while let Some(k) = line[from..].find(key) {
                let at = from + k + key.len();
                let start = line_starts[i] + at;
                let len = line[at..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                    .unwrap_or(line.len() - at);
                if len > 0 {
                    out.push((i + 1, start, start + len));
                }
                from = at;
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn shifted(token: &str, delta: i64) -> String {
    let d: rust_decimal::Decimal = token.parse().unwrap();
    let v = d + rust_decimal::Decimal::from(delta);
    let mut s = v.to_string();
    // Keep the written number of decimals ("49260.00" → "49261.00").
    if let Some((_, frac)) = token.split_once('.') {
        if !s.contains('.') {
            s.push('.');
            s.push_str(&"0".repeat(frac.len()));
        }
    }
    s
}

#[test]
fn every_number_changed_by_one_is_caught() {
    // PROTOKOL_MUTATION_SITE runs the same on another site (a copy is made either way).
    let (_d, site) = match std::env::var("PROTOKOL_MUTATION_SITE") {
        Ok(other) => {
            let dir = tempfile::tempdir().unwrap();
            let site = dir.path().join("site");
            copy_dir(&Path::new(&other).join("content"), &site.join("content"));
            std::fs::copy(
                Path::new(&other).join("protokol.toml"),
                site.join("protokol.toml"),
            )
            .unwrap();
            (dir, site)
        }
        Err(_) => bundled_copy(),
    };
    let baseline = protokol::load_and_check(&site).unwrap();
    assert!(
        !baseline.diags.has_errors(),
        "the bundled portal checks clean"
    );
    let tables = baseline.site.tables.clone();
    assert!(!tables.is_empty());
    let mut tried = 0;
    let mut missed = Vec::new();
    let mut figures = 0;
    for t in tables.iter().filter(|t| !t.file.rules.is_empty()) {
        let path = site.join(&t.source.file);
        let original = read(&path);
        for (line, start, end) in numbers(&original, t) {
            figures += 1;
            for delta in [1, -1] {
                let token = &original[start..end];
                let changed = format!(
                    "{}{}{}",
                    &original[..start],
                    shifted(token, delta),
                    &original[end..]
                );
                std::fs::write(&path, &changed).unwrap();
                tried += 1;
                let checked = protokol::load_and_check(&site).unwrap();
                let named = checked.diags.items.iter().any(|d| {
                    d.severity == protokol::diagnostics::Severity::Error
                        && d.file.as_deref() == Some(t.source.file.as_str())
                        && d.line > 0
                });
                if !named {
                    missed.push(format!(
                        "{}:{line}: {token} → {}",
                        t.source.file,
                        shifted(token, delta)
                    ));
                }
            }
        }
        std::fs::write(&path, &original).unwrap();
    }
    eprintln!(
        "{figures} figures in {} tables, {tried} changes",
        tables.iter().filter(|t| !t.file.rules.is_empty()).count()
    );
    assert!(tried > 500, "a real number of mutations ({tried})");
    assert!(
        missed.is_empty(),
        "{} of {tried} changes not caught:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

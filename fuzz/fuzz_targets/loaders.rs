//! Fuzzes the front matter, table and Markdown loaders and the checker: any input must give diagnostics, never a
//! panic, an abort or a runaway allocation. The first byte chooses the mode: for 0-3 the rest is the text of a
//! meeting, document, table or page; for 4-7 the rest drives a generator that writes a table, a meeting and a
//! page from the edge values that broke protokol before (28-digit figures, rule arithmetic at `Decimal::MAX`,
//! deep and long `derived` expressions, huge `decimals`, Danish thousands notation and decimal commas, times
//! and dates no clock or calendar has).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

const CELLS: &[&str] = &[
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "7922816251426433759354395033.5",
    "0.0000000000000000000000000001",
    "0.1234567890123456789012345678901",
    "60.000",
    "\"12.500\"",
    "1.392",
    "1.392.657",
    "\"60.000\"",
    "49260,00",
    "\"12,5\"",
    "0",
    "1",
    "-",
    "null",
    "1e5",
    "0.125",
    "\"\"",
    "[1]",
];
const DECIMALS: &[&str] = &[
    "0",
    "2",
    "3",
    "10",
    "11",
    "28",
    "29",
    "100000",
    "4294967295",
    "-1",
    "x",
];
const TIMES: &[&str] = &[
    "\"10.00\"",
    "\"25.99\"",
    "\"23:59\"",
    "\"24:00\"",
    "\"9.5\"",
    "\"10:60\"",
    "10.00",
    "\"\"",
    "\"1.2.3\"",
];
const DATES: &[&str] = &[
    "mandag den 30. februar 2021",
    "31. april 2020",
    "29. februar 2024",
    "29. februar 2023",
    "fredag den 1. marts 2024",
    "torsdag den 1. marts 2024",
    "0. januar 2020",
    "99. december 2020",
    "31. juni",
];
const ROUNDING: &[&str] = &["none", "half-up", "half-even", "down", "up"];

/// Reads choices from the fuzzer's bytes (zero once they run out).
struct Choices<'a>(&'a [u8]);

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        let Some((&b, rest)) = self.0.split_first() else {
            return 0;
        };
        self.0 = rest;
        b
    }
    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.byte() as usize % from.len()]
    }
    fn rest(&self) -> String {
        String::from_utf8_lossy(self.0).into_owned()
    }
}

fn expression(c: &mut Choices) -> String {
    match c.byte() % 4 {
        // Nesting from a few levels to 25,500 (far past the limit of 32).
        0 => {
            let depth = c.byte() as usize * 100;
            format!("{}a{}", "(".repeat(depth), ")".repeat(depth))
        }
        // Up to 25,500 terms.
        1 => vec!["a"; c.byte() as usize * 100 + 1].join(" + "),
        2 => format!("a * {} / (b - b)", c.pick(CELLS)),
        _ => format!("({} + a) * b", c.pick(CELLS)),
    }
}

fn table(c: &mut Choices) -> String {
    let mut t = format!(
        "title: x\ncolumns:\n  - {{key: a, label: a, type: number, decimals: {}}}\n  - {{key: b, label: b, type: number}}\n  - {{key: p, label: p, type: percent}}\nrows:\n",
        c.pick(DECIMALS)
    );
    let rows = 1 + c.byte() % 4;
    for i in 0..rows {
        t += &format!(
            "  - {{id: r{i}, a: {}, b: {}, p: {}}}\n",
            c.pick(CELLS),
            c.pick(CELLS),
            c.pick(CELLS)
        );
    }
    t += "rules:\n";
    for i in 0..(1 + c.byte() % 3) {
        let common = format!(
            "rounding: {}, decimals: {}",
            c.pick(ROUNDING),
            c.pick(DECIMALS)
        );
        let rule = match c.byte() % 8 {
            0 => "rule: sum, columns: [a, b], rows: {ids: [r1, r2, r3]}, total: {row: r0}".to_string(),
            1 => format!("rule: allocation, column: b, key: a, amount: {{value: {}}}, {common}", c.pick(CELLS)),
            2 => format!("rule: allocation, column: b, key: a, amount: {{row: r0}}, method: largest-remainder, {common}"),
            3 => format!("rule: per_capita, column: b, base: a, rate: {}, {common}", c.pick(CELLS)),
            4 => format!("rule: equal_split, column: b, amount: {{value: {}}}, {common}", c.pick(CELLS)),
            5 => format!("rule: derived, column: b, expression: \"{}\", {common}", expression(c)),
            6 => "rule: percent_total, column: p".to_string(),
            _ => format!("rule: split, column: b, amount: {{value: {}}}, parts: [{{row: r0, percent: {}}}]", c.pick(CELLS), c.pick(CELLS)),
        };
        t += &format!("  - {{id: q{i}, {rule}}}\n");
    }
    t
}

fn meeting(c: &mut Choices) -> String {
    format!(
        "---\nbody: kd-net\nkind: minutes\ntitle: \"t\"\ndate: {}\nweekday: fredag\nstart: {}\nend: {}\nitems:\n  - number: \"1\"\n    title: \"a\"\n---\n\n## 1 a\n\nMødet {} og {}.\n",
        ["2020-01-24", "2020-02-30", "2021-02-29", "x"][c.byte() as usize % 4],
        c.pick(TIMES),
        c.pick(TIMES),
        c.pick(DATES),
        c.pick(DATES)
    )
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let config: protokol::config::Config = toml::from_str(
        "title = \"t\"\n[[bodies]]\nid = \"kd-net\"\nname = \"KD-Net\"\n[[bodies]]\nid = \"fsc\"\nname = \"FSC\"\n",
    )
    .unwrap();
    // A second, valid table lets cross-table rules resolve.
    let other = "title: x\ncolumns: [{key: a, label: a, type: number}]\nrows: [{id: r, a: 1}]\n"
        .to_string();
    let mut files = vec![("content/tabeller/anden.yaml".to_string(), other)];
    if which % 8 < 4 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        let rel = match which % 4 {
            0 => "content/moeder/2020-01-24-kd-net.md",
            1 => "content/dokumenter/fsc-vedtaegter.md",
            2 => "content/tabeller/tabel.yaml",
            _ => "content/sider/om.md",
        };
        files.push((rel.to_string(), text.to_string()));
    } else {
        let mut c = Choices(rest);
        let t = table(&mut c);
        let m = meeting(&mut c);
        let p = format!(
            "---\ntitle: \"om\"\n---\n\n{} {}\n",
            c.pick(DATES),
            c.rest()
        );
        files.push(("content/tabeller/tabel.yaml".into(), t));
        files.push(("content/moeder/2020-01-24-kd-net.md".into(), m));
        files.push(("content/sider/om.md".into(), p));
    }
    let (site, _diags) = protokol::load::load_texts(Path::new("/nonexistent"), config, files);
    let _ = protokol::check::check(&site);
    if let Ok(tera) = protokol::render::templates(Path::new("/nonexistent"), &site.config) {
        use protokol::render::{render_pages, PageId, Shared};
        let _ = render_pages(
            &site,
            &tera,
            &Shared::of(&site),
            &PageId::all(&site),
            None,
            &|_, _| Ok(()),
        );
        for output in protokol::outputs::OUTPUTS {
            let _ = (output.files)(&site);
        }
    }
});

//! The Markdown stage on small sources: sanitising, anchors, references, directives.

use super::*;

fn render_with(src: &str, numbered: bool) -> Rendered {
    render_in(src, numbered, Html::Make)
}

fn render_in(src: &str, numbered: bool, html: Html) -> Rendered {
    let lines = LineIndex::new(src);
    let names = DocNames::new([crate::statute::Named {
        id: "vedtaegter",
        kind: crate::model::DocumentKind::Statute,
        numbering: Numbering::Dotted,
        aliases: &[],
    }]);
    let url_of = |id: &str| -> Option<(String, AnchorStyle)> {
        match id {
            "vedtaegter" => Some(("/dokumenter/vedtaegter/".into(), AnchorStyle::Section)),
            "moede" => Some(("/moeder/moede/".into(), AnchorStyle::Item)),
            _ => None,
        }
    };
    let ctx = Ctx {
        self_id: "vedtaegter",
        numbered,
        numbering: Numbering::Dotted,
        heading_shift: 0,
        url_of: &url_of,
        directive_exists: &|d, a| d == Directive::Table && a == "t1",
        names: &names,
        file: "x.md",
        file_text: src,
        offset: 0,
        lines: &lines,
        html,
    };
    render(src, &ctx)
}

#[test]
fn script_and_handlers_are_removed() {
    let r = render_with(
        "Hej <script>alert(1)</script> <a href=\"javascript:alert(2)\" onclick=\"x()\">klik</a>\n\n<img src=x onerror=alert(3)>\n\n[link](javascript:alert(4))",
        false,
    );
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("onclick"), "{}", r.html);
    assert!(!r.html.contains("onerror"), "{}", r.html);
    assert!(!r.html.contains("javascript:"), "{}", r.html);
    assert!(r.diags.iter().any(|d| d.code == "unsafe-link"));
}

#[test]
fn numbered_paragraphs_get_anchors() {
    let r = render_with("## 4. Generalforsamling\n\n4.7 På generalforsamlingen træffes beslutning.\n\n- Vedtægtsændringer\n\n## Bilag 1. Opgaver\n", true);
    assert!(r.html.contains("id=\"pkt-4\""), "{}", r.html);
    assert!(
        r.html.contains("<section class=\"pkt\" id=\"pkt-4-7\">"),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"#pkt-4-7\">4.7</a>"), "{}", r.html);
    assert!(r.html.contains("id=\"bilag-1\""), "{}", r.html);
    let numbers: Vec<_> = r.sections.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(numbers, ["4", "4.7", "Bilag 1"]);
}

#[test]
fn numbers_inside_appendices_are_the_appendix_own() {
    let r = render_with("## 1. Navn\n\n1.1 Tekst.\n\n## Bilag 2. Principper\n\n### 1. Budget\n\n### 2. Finansiering\n", true);
    let got: Vec<(&str, &str)> = r
        .sections
        .iter()
        .map(|s| (s.number.as_str(), s.anchor.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("1", "pkt-1"),
            ("1.1", "pkt-1-1"),
            ("Bilag 2", "bilag-2"),
            ("Bilag 2.1", "bilag-2-1"),
            ("Bilag 2.2", "bilag-2-2")
        ]
    );
}

#[test]
fn reference_phrases_become_links() {
    let r = render_with(
        "Kræver 2/3-flertal, jf. punkt 4.7. Se også jævnfør stk. 6,5 i vedtægter.",
        false,
    );
    assert!(
        r.html
            .contains("<a href=\"/dokumenter/vedtaegter/#pkt-4-7\">jf. punkt 4.7</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("#pkt-6-5\">jævnfør stk. 6,5 i vedtægter</a>"),
        "{}",
        r.html
    );
    assert_eq!(r.refs.len(), 2);
    assert_eq!(r.refs[1].anchor.as_deref(), Some("6.5"));
}

#[test]
fn ref_links_and_directives() {
    let r = render_with(
        "Se [punkt 3](ref:moede#3) og [x](ref:findes-ikke).\n\n[[tabel:t1]]\n\n[[tabel:t2]]\n",
        false,
    );
    assert!(
        r.html.contains("href=\"/moeder/moede/#punkt-3\""),
        "{}",
        r.html
    );
    assert!(r.html.contains(&placeholder(Directive::Table, "t1")));
    let bound = bind_directives(&r.html, |d, id| {
        format!("<table id=\"{}-{id}\"></table>", d.keyword())
    });
    assert!(bound.contains("<table id=\"tabel-t1\"></table>"), "{bound}");
    assert!(!bound.contains("<!--"), "{bound}");
    assert!(r
        .diags
        .iter()
        .any(|d| d.code == "unknown-directive" && d.line == 5));
    assert_eq!(
        r.refs.iter().filter(|x| x.target == "findes-ikke").count(),
        1
    );
}

/// `protokol check` scans without making HTML or keeping the plain text: everything else the pass collects is
/// the same.
#[test]
fn discarding_html_collects_the_same_text_sections_references_and_diagnostics() {
    let src = "## 4 Bestyrelsen\n\n4.7 Se [punkt 3](ref:moede#3), jf. punkt 4.7, og \
               [x](ref:findes-ikke).\n\n<b onclick=\"x\">rå</b> [a](javascript:x) ![b](../c.png)\n\n\
               | a | b |\n|---|---|\n| 1 | 2 |\n\n[[tabel:t1]]\n\n[[tabel:t2]]\n\nTekst[^1].\n\n[^1]: Note.\n";
    let made = render_in(src, true, Html::Make);
    let scanned = render_in(src, true, Html::Discard);
    assert!(made.html.contains("<table"), "{}", made.html);
    assert!(scanned.html.is_empty(), "{}", scanned.html);
    assert!(!made.text.is_empty() && scanned.text.is_empty());
    assert!(!made.diags.is_empty() && !made.refs.is_empty() && !made.sections.is_empty());
    let rest = |r: &Rendered| {
        format!(
            "{:?} {:?} {:?} {:?}",
            r.sections, r.refs, r.directives, r.diags
        )
    };
    assert_eq!(rest(&made), rest(&scanned));
}

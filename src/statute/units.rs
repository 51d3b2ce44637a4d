//! Walking a statute's text in order: which unit each heading, paragraph and list item opens, where the text
//! stands (for relative references), and which of the references in a text are this text's to link.
//!
//! The Markdown pass calls [`Units`] at each block it meets; everything here is about text, not about events.

use super::numbering::{self, heading_mark, paragraph_mark, Mark, Numbering, UnitPath};
use super::references::{dotted_references, in_link_text, paragraph_references, Document, Unit};

/// A unit a block opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// The anchor (`p4-stk2`, `kap3`).
    pub anchor: String,
    /// As cited: "§ 4, stk. 2", "Kapitel 3".
    pub label: String,
    /// 2 for chapters and paragraphs (§), 3 for subsections, 4 for items, 5 for letters.
    pub level: u8,
}

/// Where a paragraph-style text stands while it is read, and the lists it is inside.
#[derive(Debug, Default)]
pub struct Units {
    here: UnitPath,
    /// Open lists: the path where each began, whether it is ordered, and the number of its next item.
    lists: Vec<(UnitPath, bool, u32)>,
    /// A § just opened by a heading: its first paragraph is its (unprinted) stk. 1.
    fresh_paragraph: bool,
}

impl Units {
    pub fn here(&self) -> &UnitPath {
        &self.here
    }

    /// A heading: "§ 4. Formål", "Kapitel 3". Any other heading leaves the paragraph it is in.
    pub fn heading(&mut self, text: &str, level: u8) -> Option<Opened> {
        let Some((mark, _)) = heading_mark(text) else {
            if level <= 2 {
                self.here = UnitPath::default();
                self.fresh_paragraph = false;
            }
            return None;
        };
        self.here = self.here.enter(&mark);
        self.fresh_paragraph = matches!(mark, Mark::Paragraph(_));
        opened(&self.here, &mark)
    }

    /// A top-level paragraph: "§ 4. …" (the § and its stk. 1), "Stk. 2. …", "a) …", or the first paragraph after a
    /// § heading (its stk. 1). Returns what it opens, outermost first, and the length of the number as printed.
    pub fn paragraph(&mut self, text: &str) -> (Vec<Opened>, usize) {
        let mut out = Vec::new();
        let Some((mark, len)) = paragraph_mark(text) else {
            if std::mem::take(&mut self.fresh_paragraph) {
                self.here = self.here.enter(&Mark::Stk(1));
                out.extend(opened(&self.here, &Mark::Stk(1)));
            }
            return (out, 0);
        };
        self.fresh_paragraph = false;
        if matches!(mark, Mark::Nr(_) | Mark::Litra(_)) && self.here.paragraph.is_none() {
            return (out, 0);
        }
        // A letter after an item's paragraph belongs to the item ("3) …" then "a) …"); an item leaves a letter.
        let base = match mark {
            Mark::Nr(_) => UnitPath {
                litra: None,
                nr: None,
                ..self.here.clone()
            },
            _ => self.here.clone(),
        };
        self.here = base.enter(&mark);
        out.extend(opened(&self.here, &mark));
        if let Mark::Paragraph(_) = mark {
            self.here = self.here.enter(&Mark::Stk(1));
            out.extend(opened(&self.here, &Mark::Stk(1)));
        }
        (out, len)
    }

    /// A list starts (`ordered` with the number of its first item).
    pub fn list_start(&mut self, first: Option<u64>) {
        self.fresh_paragraph = false;
        let next = first.map_or(1, |n| u32::try_from(n).unwrap_or(u32::MAX));
        self.lists.push((self.here.clone(), first.is_some(), next));
    }

    /// An item of the innermost list, with its text: "3) …" or "nr. 3 …" or "a) …" in any list, or the next
    /// number of an ordered list. Inside a § only.
    pub fn item(&mut self, text: &str) -> Option<Opened> {
        let (base, ordered, next) = self.lists.last_mut()?;
        let mark = match paragraph_mark(text) {
            Some((m @ (Mark::Nr(_) | Mark::Litra(_)), _)) => m,
            _ if *ordered => Mark::Nr(*next),
            _ => return None,
        };
        if let Mark::Nr(n) = mark {
            *next = n.saturating_add(1);
        }
        base.paragraph?;
        self.here = base.enter(&mark);
        opened(&self.here, &mark)
    }

    /// The innermost list ends: the text stands where it began.
    pub fn list_end(&mut self) {
        if let Some((base, ..)) = self.lists.pop() {
            self.here = base;
        }
    }
}

fn opened(path: &UnitPath, mark: &Mark) -> Option<Opened> {
    let level = match mark {
        Mark::Chapter(_) | Mark::Paragraph(_) => 2,
        Mark::Stk(_) => 3,
        Mark::Nr(_) => 4,
        Mark::Litra(_) => 5,
    };
    let label = match mark {
        Mark::Chapter(_) => {
            let l = path.label();
            format!("K{}", &l[1..])
        }
        _ => path.label(),
    };
    Some(Opened {
        anchor: path.eid()?,
        label,
        level,
    })
}

/// A reference of a text that is its to link: the phrase, and for each unit it cites, the target and anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub start: usize,
    pub end: usize,
    /// `None`: the text's own document (or meeting); `Some(name)`: the document of that declared name.
    pub document: Option<String>,
    /// The anchor of each unit cited, as the target understands it: a dotted number ("4.7") or an eid ("p4").
    pub anchors: Vec<(String, usize)>,
    pub reversed: bool,
}

/// The references in `text` that are this text's to link and check, in order.
///
/// `style` is the numbering of the text's own document (`None` for meetings and pages, which cite their items as
/// dotted numbers); `here` is where the text stands; `names` are the declared names of documents, each with its
/// numbering (a § cited in a dotted statute is its section: "§ 6 i vedtægterne" → 6). Other texts' references
/// ("integrationslovens § 8") and a § style reference in a text without § units are left alone.
pub fn links(
    text: &str,
    style: Option<Numbering>,
    here: &UnitPath,
    names: &[(String, Numbering)],
) -> Vec<Link> {
    // Outside a paragraph-style text only named "§ 6 i vedtægterne" counts: no "§", nothing to find.
    let paragraph_grammar = style == Some(Numbering::Paragraph) || text.contains('§');
    let dotted_grammar = style != Some(Numbering::Paragraph) || !names.is_empty();
    if !paragraph_grammar && !dotted_grammar {
        return Vec::new();
    }
    let plain: Vec<String> = names.iter().map(|(n, _)| n.clone()).collect();
    let numbering_of = |d: &Document| match d {
        Document::Named(n) => names.iter().find(|(x, _)| x == n).map(|(_, s)| *s),
        _ => style,
    };
    let dotted = if dotted_grammar {
        dotted_references(text, &plain)
    } else {
        Vec::new()
    };
    let paragraph = if paragraph_grammar {
        paragraph_references(text, &plain)
    } else {
        Vec::new()
    };
    let mut found: Vec<_> = dotted
        .into_iter()
        .filter(|r| match &r.document {
            Document::Here => style != Some(Numbering::Paragraph),
            Document::Named(_) => true,
            Document::Elsewhere => false,
        })
        .chain(paragraph.into_iter().filter(|r| match &r.document {
            Document::Here => style == Some(Numbering::Paragraph),
            Document::Named(_) => true,
            Document::Elsewhere => false,
        }))
        .collect();
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Link> = Vec::new();
    for r in found {
        if out.last().is_some_and(|l| r.start < l.end) {
            continue;
        }
        let named = matches!(r.document, Document::Named(_));
        let target_style = numbering_of(&r.document);
        let anchors: Vec<(String, usize)> = r
            .units
            .iter()
            .filter_map(|c| {
                let anchor = match &c.unit {
                    Unit::Dotted(d) => d.clone(),
                    Unit::Path(p) => {
                        // A relative reference names a unit of the text it stands in only.
                        let p = if named && p.paragraph.is_none() && p.chapter.is_none() {
                            return None;
                        } else if named {
                            p.complete(&UnitPath::default())
                        } else {
                            p.complete(here)
                        };
                        match target_style {
                            Some(Numbering::Paragraph) => p.eid()?,
                            _ => numbering::dotted_of(&p)?,
                        }
                    }
                };
                Some((anchor, c.at))
            })
            .collect();
        if anchors.is_empty() {
            continue;
        }
        out.push(Link {
            start: r.start,
            end: r.end,
            document: match r.document {
                Document::Named(n) => Some(n),
                _ => None,
            },
            anchors,
            reversed: r.reversed,
        });
    }
    out
}

/// Words before a document's name in a link's text that still name that document ("foreningens vedtægter").
const BEFORE_NAME: &[&str] = &[
    "foreningens",
    "selskabets",
    "de",
    "gældende",
    "nuværende",
    "nye",
    "reviderede",
];

/// What a `ref:` link's own text names: a unit ("punkt 4.7", "§ 4, stk. 2", "jævnfør stk. 6,5 i vedtægter"; see
/// [`in_link_text`]) and the document it names, or a document by its name alone ("vedtægterne", "foreningens
/// vedtægter"). A relative unit ("stk. 2") is completed from where the text stands, and only when the link points
/// into the text's own document (`own`). `None` when the text names neither.
pub fn said_by_link(
    text: &str,
    here: &UnitPath,
    names: &super::DocNames,
    own: bool,
) -> Option<crate::model::Said> {
    let plain: Vec<String> = names.for_links().iter().map(|(n, _)| n.clone()).collect();
    let document_of = |d: &Document| match d {
        Document::Named(n) => names.id_of(n).map(str::to_string),
        _ => None,
    };
    if let Some(r) = in_link_text(text, &plain) {
        if r.document == Document::Elsewhere {
            return None;
        }
        let document = document_of(&r.document);
        let (dotted, eid) = match &r.units[0].unit {
            Unit::Dotted(d) => (Some(d.clone()), None),
            Unit::Path(p) => {
                let relative = p.paragraph.is_none() && p.chapter.is_none();
                let p = match (relative, own && document.is_none()) {
                    (false, _) => p.complete(&UnitPath::default()),
                    (true, true) => p.complete(here),
                    (true, false) => return None,
                };
                (numbering::dotted_of(&p), p.eid())
            }
        };
        if dotted.is_none() && eid.is_none() {
            return None;
        }
        return Some(crate::model::Said {
            phrase: text[r.start..r.end].to_string(),
            dotted,
            eid,
            document,
            kind: None,
        });
    }
    // A document by its name alone.
    let lower = text
        .trim()
        .trim_end_matches(['.', ',', ':', ';'])
        .to_lowercase();
    if let Some(id) = names.id_of(&lower) {
        return Some(crate::model::Said {
            phrase: text.trim().to_string(),
            document: Some(id.to_string()),
            ..Default::default()
        });
    }
    let (before, name) = match lower.rsplit_once(' ') {
        Some((b, n)) => (Some(b), n),
        None => (None, lower.as_str()),
    };
    if before.is_some_and(|b| !BEFORE_NAME.contains(&b)) {
        return None;
    }
    if let Some(id) = names.id_of(name) {
        return Some(crate::model::Said {
            phrase: text.trim().to_string(),
            document: Some(id.to_string()),
            ..Default::default()
        });
    }
    // A kind of document by its word ("forretningsorden"): the link should go to one of that kind.
    let kind = KIND_WORDS
        .iter()
        .find(|(w, _)| *w == name)
        .map(|(_, k)| *k)?;
    Some(crate::model::Said {
        phrase: text.trim().to_string(),
        kind: Some(kind),
        ..Default::default()
    })
}

/// The words for kinds of documents a link's text may name, lowercase (indefinite and definite forms). Notes and
/// memos are both "notat", so neither is named.
const KIND_WORDS: &[(&str, crate::model::DocumentKind)] = &[
    ("vedtægt", crate::model::DocumentKind::Statute),
    ("vedtægten", crate::model::DocumentKind::Statute),
    ("vedtægter", crate::model::DocumentKind::Statute),
    ("vedtægterne", crate::model::DocumentKind::Statute),
    ("forretningsorden", crate::model::DocumentKind::Bylaw),
    ("forretningsordenen", crate::model::DocumentKind::Bylaw),
    ("kommissorium", crate::model::DocumentKind::Terms),
    ("kommissoriet", crate::model::DocumentKind::Terms),
    ("brev", crate::model::DocumentKind::Letter),
    ("brevet", crate::model::DocumentKind::Letter),
    ("rapport", crate::model::DocumentKind::Report),
    ("rapporten", crate::model::DocumentKind::Report),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(blocks: &[(&str, &str)]) -> Vec<String> {
        let mut u = Units::default();
        let mut out = Vec::new();
        for (kind, text) in blocks {
            let got: Vec<Opened> = match *kind {
                "h2" => u.heading(text, 2).into_iter().collect(),
                "h3" => u.heading(text, 3).into_iter().collect(),
                "p" => u.paragraph(text).0,
                "ol" => {
                    u.list_start(Some(1));
                    vec![]
                }
                "ul" => {
                    u.list_start(None);
                    vec![]
                }
                "li" => u.item(text).into_iter().collect(),
                "end" => {
                    u.list_end();
                    vec![]
                }
                _ => unreachable!(),
            };
            out.extend(got.into_iter().map(|o| o.anchor));
        }
        out
    }

    #[test]
    fn headings_paragraphs_and_lists_open_units() {
        let got = walk(&[
            ("h2", "Kapitel 1. Navn"),
            ("h3", "§ 1. Navn"),
            ("p", "Foreningens navn er …"),
            ("p", "Stk. 2. Hjemstedet er …"),
            ("ol", ""),
            ("li", "regnskab"),
            ("ul", ""),
            ("li", "a) revisor"),
            ("li", "b) kasserer"),
            ("end", ""),
            ("li", "budget"),
            ("end", ""),
            ("p", "§ 2. Formålet er …"),
            ("p", "Stk. 2. Foreningen kan …"),
            ("p", "a) drive klub"),
            ("p", "b) drive skole"),
            ("h2", "Underskrifter"),
            ("p", "Vedtaget …"),
            ("ol", ""),
            ("li", "ikke en enhed"),
            ("end", ""),
        ]);
        assert_eq!(
            got,
            [
                "kap1",
                "p1",
                "p1-stk1",
                "p1-stk2",
                "p1-stk2-nr1",
                "p1-stk2-nr1-lita",
                "p1-stk2-nr1-litb",
                "p1-stk2-nr2",
                "p2",
                "p2-stk1",
                "p2-stk2",
                "p2-stk2-lita",
                "p2-stk2-litb",
            ]
        );
    }

    fn anchors(
        text: &str,
        style: Option<Numbering>,
        here: &UnitPath,
    ) -> Vec<(Option<String>, Vec<String>)> {
        let names = vec![
            ("vedtægterne".to_string(), Numbering::Dotted),
            ("forretningsordenen".to_string(), Numbering::Paragraph),
        ];
        links(text, style, here, &names)
            .into_iter()
            .map(|l| (l.document, l.anchors.into_iter().map(|a| a.0).collect()))
            .collect()
    }

    #[test]
    fn relative_references_resolve_where_they_stand() {
        let mut u = Units::default();
        u.heading("§ 2. Medlemmer", 2);
        u.paragraph("Som medlem kan optages …");
        let here = u.here().clone();
        let para = Some(Numbering::Paragraph);
        // "jf. stk. 1" inside § 2 is § 2, stk. 1 — never section 1.
        assert_eq!(
            anchors("jf. stk. 1", para, &here),
            [(None, vec!["p2-stk1".into()])]
        );
        assert_eq!(
            anchors("jf. § 4, stk. 2, nr. 3 og §§ 5-7", para, &here),
            [
                (None, vec!["p4-stk2-nr3".into()]),
                (None, vec!["p5".into(), "p7".into()])
            ]
        );
        // The dotted style reads "stk. 1" in section 2 as 2.1 too.
        let mut d = UnitPath::default();
        d = d.enter(&Mark::Paragraph(numbering::ParagraphNo {
            number: 2,
            letter: None,
        }));
        assert_eq!(
            anchors("jf. stk. 1 og jf. punkt 4.7", Some(Numbering::Dotted), &d),
            [(None, vec!["2.1".into()]), (None, vec!["4.7".into()])]
        );
    }

    #[test]
    fn only_a_text_own_style_links_locally() {
        let here = UnitPath::default();
        // A meeting cites its items as dotted numbers; a § there is someone else's.
        assert_eq!(
            anchors("jf. punkt 3.1", None, &here),
            [(None, vec!["3.1".into()])]
        );
        assert!(anchors("jf. § 5, stk. 1", None, &here).is_empty());
        assert!(anchors(
            "jf. integrationslovens § 8",
            Some(Numbering::Paragraph),
            &here
        )
        .is_empty());
        // A paragraph-style statute does not read "jf. punkt 5.1" as its own.
        assert!(anchors("jf. punkt 5.1", Some(Numbering::Paragraph), &here).is_empty());
        // Named documents are cited in their own style: a § of a dotted statute is its section.
        assert_eq!(
            anchors("jf. § 6, stk. 5 i vedtægterne", None, &here),
            [(Some("vedtægterne".into()), vec!["6.5".into()])]
        );
        assert_eq!(
            anchors(
                "efter § 3 i forretningsordenen",
                Some(Numbering::Dotted),
                &here
            ),
            [(Some("forretningsordenen".into()), vec!["p3".into()])]
        );
    }
}

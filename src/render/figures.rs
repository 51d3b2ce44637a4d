//! A bound figure (`[[tal:…]]`) as a page shows it: the printed figure, else the table's figure in the page's
//! language (with " %" for a percentage and the table's unit when asked for with `enhed`), linked to its cell on
//! the table's page; and the same as plain text for the search index.

use super::format::{escape, number};
use crate::check::figures::value_of;
use crate::i18n::{self, Lang, Msg};
use crate::load::Site;
use crate::model::figure::{FigureRef, Resolved};
use crate::model::ItemKind;
use crate::urls::{url_path, ROOT};

/// The figure's text: what the source printed, else the table's figure.
fn shown(f: &FigureRef, r: &Resolved, lang: Lang) -> String {
    if let Some(p) = &f.printed {
        return p.clone();
    }
    let mut s = number(r.value, r.decimals, lang);
    if r.percent {
        s.push_str(" %");
    } else if let Some(u) = r.unit.as_deref().filter(|_| f.unit) {
        s.push(' ');
        s.push_str(u);
    }
    s
}

/// The figure as plain text (the search index's): what the page shows, without the link.
pub fn figure_text(site: &Site, f: &FigureRef) -> String {
    match value_of(site, f) {
        Ok((_, r)) => shown(f, &r, site.config.language),
        Err(_) => f.printed.clone().unwrap_or_default(),
    }
}

/// The figure as HTML: a link to where it stands in its table, titled with where that is. A figure that names
/// nothing (the checker reports it, so no build publishes it) is its printed text alone.
pub fn figure_html(site: &Site, f: &FigureRef) -> String {
    let lang = site.config.language;
    let Ok((t, r)) = value_of(site, f) else {
        return escape(f.printed.as_deref().unwrap_or_default());
    };
    let title = match (r.cell, &r.rule) {
        (Some((row, col)), _) => Msg::FigureFromCell {
            table: t.file.title.clone(),
            row: super::table::row_name(t, row, lang),
            column: t.file.columns[col].name().to_string(),
        },
        (None, rule) => Msg::FigureFromRule {
            table: t.file.title.clone(),
            rule: rule.clone().unwrap_or_default(),
        },
    };
    format!(
        "<a class=\"tal\" href=\"{ROOT}{}#{}\" title=\"{}\">{}</a>",
        url_path(ItemKind::Table, &t.id),
        escape(&r.anchor),
        escape(&i18n::text(&title, lang)),
        escape(&shown(f, &r, lang))
    )
}

//! A bound figure (`[[tal:…]]`) as a page shows it ([`crate::model::figure::shown`]: the printed figure, else the
//! table's in the page's language), escaped and linked to where it stands in its table.

use super::format::escape;
use crate::i18n::{self, Msg};
use crate::load::Site;
use crate::model::figure::{resolve, shown, FigureRef};
use crate::model::ItemKind;
use crate::urls::{url_path, ROOT};

/// The figure as HTML: a link to its cell (or, for a rule's figure, its table) on the table's page, titled with
/// where it comes from. A figure that names nothing (the checker reports it, so no build publishes it) or a
/// rule's result (which needs its printed figure) is its printed text alone.
pub fn figure_html(site: &Site, f: &FigureRef) -> String {
    let lang = site.config.language;
    let found = site.table(&f.table).map(|t| (t, resolve(t, &f.target)));
    let Some((t, Ok(r))) = found else {
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

//! HTML fragments placed inside pages: tables and meeting calendars, bound to the placeholders loading left for
//! `[[tabel:…]]` and `[[kalender:…]]`, rendered through the embedded default theme's partials (as when they were
//! rendered during loading). A table's own page renders it through the site's templates ([`super::table`]).

use super::templates::default_templates;
use crate::config::Config;
use crate::load::Site;
use crate::markdown::{bind_directives, bind_figures, AnchorStyle, Directive};
use crate::model::meeting::Calendar;
use crate::model::Table;
use crate::urls::ROOT;

/// Stored HTML with its `[[tabel:…]]`/`[[kalender:…]]` placeholders bound to the table's or calendar's HTML
/// (`calendars`: those of the meeting the HTML is from), and its `[[tal:…]]` figures to their tables' figures. Bound when the page is rendered, so a table edit renders
/// the pages that place it again and parses nothing.
pub fn bind_fragments(html: &str, site: &Site, calendars: &[Calendar]) -> String {
    let html = bind_figures(html, |f| super::figures::figure_html(site, f));
    bind_directives(&html, |directive, id| match directive {
        Directive::Table => (site.table(id))
            .map(|t| table_html(t, &site.config, ROOT))
            .unwrap_or_default(),
        Directive::Calendar => (calendars.iter().find(|c| c.id == id))
            .map(|c| calendar_html(c, &site.config, &|x| site.link(x)))
            .unwrap_or_default(),
    })
}

/// A table as [`super::table::table_html`] renders it with the default theme. `base` is [`crate::urls::ROOT`],
/// which every internal link is written with.
pub fn table_html(t: &Table, config: &Config, base: &str) -> String {
    debug_assert_eq!(base, crate::urls::ROOT);
    // The embedded template renders every table (tested); should it not, the table's own page reports why.
    super::table::table_html(default_templates(), t, config.language).unwrap_or_default()
}

/// A calendar as [`super::calendar::calendar_html`] renders it with the default theme.
pub fn calendar_html(
    c: &Calendar,
    config: &Config,
    url_of: &(dyn Fn(&str) -> Option<(String, AnchorStyle)> + Sync),
) -> String {
    let meeting_url = |id: &str| url_of(id).map(|(u, _)| u);
    super::calendar::calendar_html(default_templates(), c, config.language, &meeting_url)
        .unwrap_or_default()
}

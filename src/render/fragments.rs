//! Tables and calendars for the load stage, which places them into Markdown while it parses (`[[tabel:…]]`,
//! `[[kalender:…]]`), before a site's templates are loaded: rendered through the embedded default theme's
//! partials. Pages render their own tables through the site's templates ([`super::table`]).

use super::templates::default_templates;
use crate::config::Config;
use crate::markdown::AnchorStyle;
use crate::model::meeting::Calendar;
use crate::model::Table;

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

//! Render: the typed site → HTML pages through Tera. Templates come from the theme (`themes/<theme>/templates/`,
//! with the default theme embedded in the binary) and are overridden by the site's own `templates/`.
//!
//! - [`templates`](mod@templates): reading and compiling the theme, static files, which pages a template feeds;
//! - [`pages`]: the pages of a site ([`PageId`]) and rendering them into a sink;
//! - [`shared`]: what every page shows, compared by `protokol serve` between renderings;
//! - [`contexts`], [`summaries`], [`links`]: the template contexts, built from the model;
//! - [`rows`]: each meeting's rows on the lists of every meeting, rendered once and joined into those pages;
//! - [`table`], [`calendar`]: the contexts tables and calendars are rendered from (`partials/`);
//! - [`chart`]: a table as an SVG bar chart, made at build time (`partials/chart.html`);
//! - [`proofs`]: what the checks verified about a table, said beside it (after `check`, when a page is rendered);
//! - [`fragments`]: tables and calendars for the load stage, through the default theme;
//! - [`versions`]: a document's dated versions: the switcher and the changes between versions;
//! - [`votes`](mod@votes): an item's votes and positions (`partials/positions.html`);
//! - [`format`]: escaping and numbers in the build's language.

mod by_body;
pub mod calendar;
pub mod chart;
pub mod contexts;
pub mod figures;
pub mod format;
pub mod fragments;
mod kept_links;
pub mod links;
pub mod pages;
pub mod proofs;
pub mod rows;
pub mod shared;
pub mod summaries;
pub mod table;
pub mod templates;
pub mod versions;
pub mod votes;

pub use format::escape;
pub use fragments::{calendar_html, table_html};
pub use kept_links::MeetingLinks;
pub use links::neighbours;
pub use pages::{render_pages, Kept, OutFile, PageId, Reuse};
pub use rows::{lists_read_summaries, MeetingRows};
pub use shared::Shared;
pub use summaries::item_listing;
pub use templates::{
    compile_templates, page_templates_using, static_files, template_sources, templates,
    DEFAULT_STATIC, DEFAULT_TEMPLATES,
};

//! Whole-site outputs beside the HTML pages: sitemap and robots.txt, Atom feeds, iCalendar files, open data
//! (CSV and a Frictionless Data Package) and OParl JSON. Each is a function of the typed site alone, registered
//! once in [`OUTPUTS`]; `protokol build` and `protokol serve` (which brings them up to date after every edit, [`Update`], and writes
//! only changed bytes) both walk that list, so an output added here is built, served and kept byte-identical
//! without further wiring.

mod calendar;
mod feeds;
mod oparl;
mod opendata;
mod plumbing;
mod positions;
pub mod published;

use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::model::{ItemKind, Meeting};
pub use calendar::meeting_file as meeting_calendar;
pub use calendar::Calendars;
pub use calendar::SUBSCRIBED as CALENDAR_SUBSCRIBED;
pub use feeds::feeds as feed_links;
pub use oparl::Oparl;
pub use opendata::csv_path;

/// A produced file: its path below the output directory and its bytes.
pub type File = (String, Vec<u8>);

/// Takes an output's files a part at a time (writes them, in a one-off build).
pub type Parts<'a> = &'a mut dyn FnMut(Vec<File>) -> Result<(), Diagnostic>;

/// Makes an output's files and hands them to [`Parts`] a part at a time.
pub type InParts = fn(&Site, Parts) -> Result<(), Diagnostic>;

/// One kind of output: a name (for timing and errors) and what it writes. `owns` are the output folders
/// (or single files) it owns and `owns_also` the other paths it owns, so that files it no longer produces can be
/// removed while serving.
pub struct Output {
    pub name: &'static str,
    pub owns: &'static [&'static str],
    pub owns_also: fn(&str) -> bool,
    pub files: fn(&Site) -> Vec<File>,
    /// The same files handed over in parts, for an output too large to be whole in memory (OParl); `None`:
    /// `files` at once.
    pub in_parts: Option<InParts>,
    /// How `serve` brings it up to date after a content edit.
    pub update: Update,
}

/// How an output is brought up to date after a content edit (its bytes are a full build's either way).
pub enum Update {
    /// Recomputed whole after every content edit.
    Whole,
    /// Recomputed whole unless every changed item is one it [`Shows::ignores`] or a meeting whose
    /// [`Shows::meeting`] is what it was: the output is then as it was.
    Unless(Shows),
    /// Kept per meeting between runs ([`Calendars`], [`Oparl`], the sitemap), as made by the function: an edit recomputes
    /// the changed meetings' parts and re-joins the files that list them.
    PerMeeting(fn(&Site) -> Box<dyn Kept>),
}

/// An output kept per meeting between runs of `serve`; its files are a full build's.
pub trait Kept: Send {
    /// Every file.
    fn files(&self, site: &Site) -> Vec<File>;
    /// After the items `changed` (edited, added or removed): the files to write (their bytes may be those on
    /// disk: the caller writes only changed bytes) and those no longer produced; `None` when it must be made
    /// afresh.
    fn update(
        &mut self,
        site: &Site,
        changed: &std::collections::BTreeSet<(ItemKind, String)>,
    ) -> Option<KeptUpdate>;
}

/// What changed in a [`Kept`] output after an edit.
#[derive(Default)]
pub struct KeptUpdate {
    pub files: Vec<File>,
    pub removed: Vec<String>,
}

/// What an output shows of the items it is made from.
pub struct Shows {
    /// What it shows of one meeting, hashed (anything it reads of the meeting, and of the site for the meeting):
    /// the same hash, the same output. Never [`ABSENT`] for a meeting that is in the site.
    pub meeting: fn(&Site, &Meeting) -> u64,
    /// Whether it shows nothing of any item of a kind (other than meetings), in this site.
    pub ignores: fn(&Site, ItemKind) -> bool,
}

/// What [`Shows::meeting`] is for a meeting that is not in the site.
pub const ABSENT: u64 = 0;

/// `hash` of what is fed to it, never [`ABSENT`].
pub(crate) fn shown_hash(feed: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    feed(&mut h);
    h.finish().max(1)
}

/// Every output, in the order they are written.
pub const OUTPUTS: &[Output] = &[
    Output {
        name: "sitemap and robots.txt",
        owns: &["sitemap.xml", "robots.txt"],
        owns_also: plumbing::is_part,
        files: plumbing::files,
        in_parts: None,
        update: Update::PerMeeting(|site| Box::new(plumbing::Sitemap::of(site))),
    },
    Output {
        name: "Atom feeds",
        owns: &["feeds/"],
        owns_also: |_| false,
        files: feeds::files,
        in_parts: None,
        update: Update::Unless(feeds::SHOWS),
    },
    Output {
        name: "calendars",
        owns: &["kalender/"],
        owns_also: |_| false,
        files: calendar::files,
        in_parts: None,
        update: Update::PerMeeting(|site| Box::new(Calendars::of(site))),
    },
    Output {
        name: "open data",
        owns: &["data/"],
        owns_also: |_| false,
        files: opendata::files,
        in_parts: None,
        update: Update::Unless(opendata::SHOWS),
    },
    Output {
        name: "OParl",
        owns: &["oparl/"],
        owns_also: |_| false,
        files: oparl::files,
        in_parts: Some(oparl::in_parts),
        update: Update::PerMeeting(|site| Box::new(Oparl::of(site))),
    },
];

/// Every file of every output, in a fixed order.
pub fn all(site: &Site) -> Vec<File> {
    OUTPUTS.iter().flat_map(|o| (o.files)(site)).collect()
}

impl Output {
    /// Whether a file below the output is one of this output's (and may be removed when it is no longer
    /// produced).
    pub fn owns_path(&self, path: &str) -> bool {
        (self.owns_also)(path)
            || self.owns.iter().any(|p| {
                if p.ends_with('/') {
                    path.starts_with(p)
                } else {
                    path == *p
                }
            })
    }
}

/// Whether a file below the output belongs to one of the outputs.
pub fn owns(path: &str) -> bool {
    OUTPUTS.iter().any(|o| o.owns_path(path))
}

/// `&`, `<`, `>`, `"` and `'` escaped, for XML text and attributes.
pub(crate) fn xml_escape(s: &str) -> String {
    crate::render::escape(s)
}

/// The absolute URL of a page of the site (its folder form, as a server publishes it), if the site has one.
pub(crate) fn absolute(site: &Site, path: &str) -> Option<String> {
    site.config.site_url().map(|u| format!("{u}{path}"))
}

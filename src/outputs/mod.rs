//! Whole-site outputs beside the HTML pages: sitemap and robots.txt, Atom feeds, iCalendar files, open data
//! (CSV and a Frictionless Data Package) and OParl JSON. Each is a function of the typed site alone, registered
//! once in [`OUTPUTS`]; `protokol build` and `protokol serve` (which recomputes them after every edit and writes
//! only changed bytes) both walk that list, so an output added here is built, served and kept byte-identical
//! without further wiring.

mod calendar;
mod feeds;
mod oparl;
mod opendata;
mod plumbing;
mod positions;
pub mod published;

use crate::load::Site;
pub use calendar::meeting_file as meeting_calendar;
pub use feeds::feeds as feed_links;
pub use opendata::csv_path;

/// A produced file: its path below the output directory and its bytes.
pub type File = (String, Vec<u8>);

/// One kind of output: a name (for timing and errors) and what it writes. `folders` are the output folders
/// (or single files) it owns, so that files it no longer produces can be removed while serving.
pub struct Output {
    pub name: &'static str,
    pub owns: &'static [&'static str],
    pub files: fn(&Site) -> Vec<File>,
}

/// Every output, in the order they are written.
pub const OUTPUTS: &[Output] = &[
    Output {
        name: "sitemap and robots.txt",
        owns: &["sitemap.xml", "robots.txt"],
        files: plumbing::files,
    },
    Output {
        name: "Atom feeds",
        owns: &["feeds/"],
        files: feeds::files,
    },
    Output {
        name: "calendars",
        owns: &["kalender/"],
        files: calendar::files,
    },
    Output {
        name: "open data",
        owns: &["data/"],
        files: opendata::files,
    },
    Output {
        name: "OParl",
        owns: &["oparl/"],
        files: oparl::files,
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
        self.owns.iter().any(|p| {
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

//! Search: a client-side index built at build time, split so that the browser downloads only what a query needs.
//!
//! Text is brought to one canonical form (æ/ø/å and their ASCII spellings alike), then stop words and the Snowball
//! Danish stemmer apply (`analyzer`); numbers ("1,40", "1.392.657", "4.7") are kept as terms. The browser runs the
//! same pipeline (`static/soeg.js`).
//!
//! Layout under `soeg/index/` (see ARCHITECTURE.md, "Search index"):
//! - `manifest.json`: counts, shard count, facet ranges (body × year × kind → document-id ranges), filter labels;
//! - `t/<shard>.json`: terms hashed (FNV-1a) into shards; per term its document frequency and its postings, best
//!   first, the first block inline and the rest in `t/<shard>-<term#>-<block>.json`;
//! - `v/<key>.json`: the vocabulary by the first two letters of each word term, with document frequencies: what a
//!   prefix, a typo or a compound is matched against, without the whole term list;
//! - `d/<chunk>.json`: result metadata (title, URL, page, body, date, kind, text for the snippet).
//!
//! A partitioned build (`--partition K/N`) writes each slice's analysed units instead (`partial`); `protokol merge`
//! makes the same files from them.
//!
//! A search unit is an agenda item, a meeting's header, a section or numbered paragraph of a document, a table,
//! or a page.

mod analyzer;
mod files;
mod format;
mod index;
mod partial;
mod slices;
mod stream;
mod term_ids;
#[cfg(test)]
mod tests;
mod units;

pub use analyzer::{canonical, Analyzer, FxBuild};
pub use format::{decode_postings, shard_of, vocab_key};
pub use index::{IndexChange, IndexUpdate, SearchIndex};
pub use partial::SliceIndex;
pub use units::{units, Unit};

/// Documents per metadata chunk: small enough that ten results cost little, large enough to keep files few.
pub const CHUNK: usize = 8;
/// Postings kept in a term's first block; the rest are loaded only when asked for.
pub const FIRST_BLOCK: usize = 600;

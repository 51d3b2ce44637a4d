//! The rebuild cache (#15): what a build over its own previous output need not make again.
//!
//! A complete build into a staging directory (`protokol build`, serve's first build) writes
//! `.protokol-cache/cache.json` into its output, beside the `.protokol-output` marker, so that the swap carries it
//! along with the site it describes. It records, for this protokol binary only ([`build_id`]):
//! - every file of the output with its [`Stamp`] (device, inode, length, modification time) as written;
//! - for each page, a key: a hash of everything its bytes depend on — the binary, `protokol.toml`, every template,
//!   and what `render` feeds in for the page (its template's name, its whole context: the source's content and the
//!   shared state it shows such as neighbours, backlinks, approvals, lists; what every page shows; the tables and
//!   the checker's proofs when it shows a table);
//! - for each whole-site product (the search index, feeds, calendars, open data, OParl, sitemap), a key of its
//!   input — the binary, `protokol.toml` and every file of `content/`, by path and bytes — and its files.
//!
//! The next build computes the same keys. A page whose key is the recorded one is neither rendered nor compared:
//! the published file is hard-linked into the staging tree, provided it still has the recorded stamp (so a file
//! written again by `serve`, edited by hand or replaced since is never trusted). A product whose key is the
//! recorded one links all its recorded files the same way, or, if any of them fails, is made afresh. Anything
//! else — no cache, another binary, a cache that does not parse, a key or stamp that differs — renders and
//! writes as a build without a cache does (comparing bytes with the published file), so the output is always a
//! clean build's, byte for byte (`tests/rebuild.rs`). A failed build drops its staging tree, new cache included:
//! the published output and its cache are untouched. The cache holds no text, only paths, stamps and hashes;
//! deleting it costs the next build its speed, nothing else.

use super::partition::sources_hash;
use crate::config::CONFIG_FILE;
use crate::write::Stamp;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// The cache's file below the output; never a page or product path (ids never start with `.`).
const CACHE_FILE: &str = ".protokol-cache/cache.json";
/// The file's format, raised whenever what it records or how keys are made changes.
const FORMAT: u32 = 1;

/// A 128-bit key: two SipHash-1-3 states (`DefaultHasher`, fixed keys) fed the same bytes, the second after a
/// salt. Never persisted across binaries ([`build_id`] is part of every key), so the hasher's algorithm may change
/// with the toolchain.
pub(super) struct KeyHasher {
    first: DefaultHasher,
    second: DefaultHasher,
    /// Bytes not yet fed to the states. A page's inputs come as millions of writes of a few bytes (a tag, a
    /// length, a short string), and SipHash costs as much per write as per byte, so they are fed in blocks: it
    /// hashes a stream of bytes, so the key is the one unbuffered writes give (#15).
    pending: Vec<u8>,
}

/// How many bytes [`KeyHasher`] gathers before it feeds them.
const BLOCK: usize = 4096;

impl KeyHasher {
    pub fn new() -> KeyHasher {
        let mut second = DefaultHasher::new();
        second.write(b"protokol rebuild cache");
        KeyHasher {
            first: DefaultHasher::new(),
            second,
            pending: Vec::with_capacity(BLOCK),
        }
    }

    fn flush(&mut self) {
        self.first.write(&self.pending);
        self.second.write(&self.pending);
        self.pending.clear();
    }

    /// A hasher that has been fed what this one has, to go on from here separately.
    fn fork(&mut self) -> KeyHasher {
        self.flush();
        KeyHasher {
            first: self.first.clone(),
            second: self.second.clone(),
            pending: Vec::with_capacity(BLOCK),
        }
    }

    pub fn key(mut self) -> String {
        self.flush();
        format!("{:016x}{:016x}", self.first.finish(), self.second.finish())
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        if self.pending.len() + bytes.len() > BLOCK {
            self.flush();
        }
        if bytes.len() >= BLOCK {
            self.first.write(bytes);
            self.second.write(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    fn finish(&self) -> u64 {
        let mut first = self.first.clone();
        first.write(&self.pending);
        first.finish()
    }
}

/// This binary: its version and a hash of the executable's bytes (so a rebuilt protokol, even of the same version,
/// never trusts another's cache). `None` when the executable cannot be read: then nothing is cached.
fn build_id() -> Option<&'static str> {
    static ID: OnceLock<Option<String>> = OnceLock::new();
    ID.get_or_init(|| {
        use std::io::Read;
        let mut exe = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut buffer = vec![0; 1 << 20];
        loop {
            match exe.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => h.write(&buffer[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        Some(format!("{} {:016x}", env!("CARGO_PKG_VERSION"), h.finish()))
    })
    .as_deref()
}

/// What the cache file holds.
#[derive(Serialize, Deserialize, Default)]
struct Stored {
    format: u32,
    build: String,
    files: HashMap<String, Stamp>,
    pages: HashMap<String, String>,
    /// Per product (by name): its key and its files.
    products: BTreeMap<String, (String, Vec<String>)>,
}

/// One build's use of the cache: the previous output's (if it is valid for this binary), the keys of this build,
/// and what this build records for the next.
pub(super) struct Run {
    old: Stored,
    /// The binary, the configuration and every template: the part every page's key shares.
    page_salt: String,
    /// The binary, the configuration and `content/`: the input of every whole-site product.
    content_key: String,
    /// False when a template writes a table's proofs marker itself (`render` finds markers in page contexts
    /// only): then no page is reused.
    pages: bool,
    new: Mutex<Stored>,
}

impl Run {
    /// The cache of a complete build of the site at `root` over `output`, with the templates' texts: `None` when
    /// this binary cannot tell its own identity. The previous cache is read from `output` if it is there, parses
    /// and is this binary's; otherwise the build starts with nothing cached (and records a fresh cache).
    pub fn start(root: &Path, output: &Path, templates: &BTreeMap<String, String>) -> Option<Run> {
        let build = build_id()?;
        let old = read(output)
            .filter(|s| s.format == FORMAT && s.build == build)
            .unwrap_or_default();
        let config = std::fs::read(root.join(CONFIG_FILE)).unwrap_or_default();
        let mut h = KeyHasher::new();
        h.write(build.as_bytes());
        h.write_usize(config.len());
        h.write(&config);
        let mut content = h.fork();
        for (name, text) in templates {
            h.write_usize(name.len());
            h.write(name.as_bytes());
            h.write_usize(text.len());
            h.write(text.as_bytes());
        }
        let page_salt = h.key();
        content.write(b"content");
        content.write_u64(sources_hash::<DefaultHasher>(root, &["content"]));
        let content_key = content.key();
        let new = Stored {
            format: FORMAT,
            build: build.to_string(),
            ..Stored::default()
        };
        Some(Run {
            old,
            page_salt,
            content_key,
            pages: !templates
                .values()
                .any(|t| crate::render::proofs::template_writes_marker(t)),
            new: Mutex::new(new),
        })
    }

    fn old_stamp(&self, path: &str) -> Option<&Stamp> {
        self.old.files.get(path)
    }

    /// Records the stamp of a file this build put into the staging tree (written or linked).
    pub fn stamped(&self, path: &str, stamp: Option<Stamp>) {
        let mut new = crate::lock(&self.new);
        match stamp {
            Some(s) => new.files.insert(path.to_string(), s),
            None => new.files.remove(path),
        };
    }

    /// The key of the page at `path` whose inputs `feed` hashes; recorded for the next build. Returns whether the
    /// previous build recorded the same key, and so the published file may be linked (if its stamp still holds).
    pub fn page_key(&self, path: &str, feed: &dyn Fn(&mut dyn Hasher)) -> (bool, Option<&Stamp>) {
        let mut h = KeyHasher::new();
        h.write(self.page_salt.as_bytes());
        h.write_usize(path.len());
        h.write(path.as_bytes());
        feed(&mut h);
        let key = h.key();
        let same = self.pages && self.old.pages.get(path) == Some(&key);
        crate::lock(&self.new).pages.insert(path.to_string(), key);
        (same, self.old_stamp(path).filter(|_| same))
    }

    /// The files a product recorded with the same input as now (all of them below what it owns), or `None`.
    pub fn product_files(
        &self,
        name: &str,
        owned: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<(&str, &Stamp)>> {
        let (key, files) = self.old.products.get(name)?;
        if key != &self.content_key {
            return None;
        }
        files
            .iter()
            .map(|f| Some((f.as_str(), self.old_stamp(f)?)).filter(|_| owned(f)))
            .collect()
    }

    /// Records a product's files (those this build put into the staging tree that it owns) under the current key.
    pub fn product_done(&self, name: &str, owned: &dyn Fn(&str) -> bool) {
        let mut new = crate::lock(&self.new);
        let mut files: Vec<String> = new.files.keys().filter(|p| owned(p)).cloned().collect();
        files.sort();
        new.products
            .insert(name.to_string(), (self.content_key.clone(), files));
    }

    /// The cache file of this build (written last into the staging tree): pages and products only with files
    /// that are there.
    pub fn finish(self) -> (&'static str, Vec<u8>) {
        let mut new = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        let files = std::mem::take(&mut new.files);
        new.pages.retain(|p, _| files.contains_key(p));
        new.products
            .retain(|_, (_, list)| list.iter().all(|f| files.contains_key(f)));
        new.files = files;
        (CACHE_FILE, serde_json::to_vec(&new).unwrap_or_default())
    }
}

/// The cache recorded in `output`, if it is there and parses.
fn read(output: &Path) -> Option<Stored> {
    if !crate::write::is_marked(output) {
        return None;
    }
    let bytes = std::fs::read(output.join(CACHE_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two SipHash states fed every piece as it comes, as the key was made before it was buffered.
    fn unbuffered(pieces: &[Vec<u8>]) -> String {
        let (mut first, mut second) = (DefaultHasher::new(), DefaultHasher::new());
        second.write(b"protokol rebuild cache");
        for p in pieces {
            first.write(p);
            second.write(p);
        }
        format!("{:016x}{:016x}", first.finish(), second.finish())
    }

    #[test]
    fn a_key_is_that_of_its_bytes_however_they_were_gathered() {
        // Tags and lengths of a few bytes, a string that crosses a block, one longer than a block.
        let mut pieces: Vec<Vec<u8>> = Vec::new();
        for i in 0..3000usize {
            pieces.push(vec![(i % 7) as u8]);
            pieces.push(i.to_ne_bytes().to_vec());
        }
        pieces.push(vec![b'x'; BLOCK - 3]);
        pieces.push(vec![b'y'; 3 * BLOCK + 1]);
        pieces.push(b"end".to_vec());
        let mut h = KeyHasher::new();
        for p in &pieces {
            h.write(p);
        }
        assert_eq!(h.finish(), {
            let mut first = DefaultHasher::new();
            pieces.iter().for_each(|p| first.write(p));
            first.finish()
        });
        assert_eq!(h.key(), unbuffered(&pieces));
    }

    #[test]
    fn a_fork_goes_on_from_what_was_fed_before_it() {
        let mut h = KeyHasher::new();
        h.write(b"binary");
        h.write_usize(6);
        let mut fork = h.fork();
        h.write(b"templates");
        fork.write(b"content");
        let before = [b"binary".to_vec(), 6usize.to_ne_bytes().to_vec()];
        let with = |tail: &[u8]| unbuffered(&[before[0].clone(), before[1].clone(), tail.to_vec()]);
        assert_eq!(h.key(), with(b"templates"));
        assert_eq!(fork.key(), with(b"content"));
    }
}

//! Write: puts the rendered files into a fresh temporary directory beside the output and swaps it in only when
//! complete, so a failed or interrupted build never leaves a half-written or emptied output directory. Files
//! whose bytes did not change since the published output are hard-linked from it rather than written again.

use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Makes `p` absolute and removes `.`/`..` without touching the file system (the output may not exist yet).
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks of the longest existing prefix so that comparisons see real locations.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_os_string()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        real.push(n);
    }
    real
}

/// The file protokol puts at the top of every output it makes (and of its staging directories): only a folder
/// carrying it is ever replaced or deleted.
pub const MARKER: &str = ".protokol-output";
const MARKER_TEXT: &str =
    "Denne mappe er skrevet af protokol og erstattes ved hver bygning (protokol build/serve).\n\
Læg ikke egne filer her: de forsvinder ved næste bygning.\n";

/// Whether `dir` carries protokol's marker.
pub fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn mark(dir: &Path) -> Result<(), Diagnostic> {
    let path = dir.join(MARKER);
    std::fs::write(&path, MARKER_TEXT).map_err(|e| io_err(IoAction::Write, &path, e))
}

/// The rule for `--output` (build and serve), checked before anything is written or deleted. Refused are:
/// the site root, a parent of it, and anything in or equal to `content/`, `templates/`, `themes/` or `static/`;
/// any path in a git directory (`.git`, or a bare repository); a path that exists and is not a directory; and a
/// directory that holds anything but lacks protokol's [`MARKER`]. Accepted are: a path that does not exist yet,
/// an empty directory, a directory with the marker, and (once) an output of an older protokol without the
/// marker, recognised by its structure ([`looks_like_old_output`]); the last two are marked here.
pub fn validate_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(output);
    let choose = || Msg::HintChooseOutput;
    if out == root || root.starts_with(&out) {
        return refuse(&out, Msg::OutputIsRoot, choose());
    }
    for source in ["content", "templates", "themes", "static"] {
        if out.starts_with(root.join(source)) {
            return refuse(
                &out,
                Msg::OutputInSources {
                    folder: source.to_string(),
                },
                choose(),
            );
        }
    }
    validate_folder(&out)
}

/// The rule for `protokol merge --output`: as [`validate_output`]'s for the folder itself, and never one of the
/// slices being merged, a folder inside one or a folder holding one.
pub fn validate_merge_output(output: &Path, slices: &[PathBuf]) -> Result<(), Diagnostic> {
    let out = absolute(output);
    for slice in slices {
        let slice = absolute(slice);
        if out.starts_with(&slice) || slice.starts_with(&out) {
            let why = Msg::OutputHoldsSlice {
                slice: slice.display().to_string(),
            };
            return refuse(&out, why, Msg::HintChooseOutput);
        }
    }
    validate_folder(&out)
}

fn refuse(out: &Path, why: Msg, todo: Msg) -> Result<(), Diagnostic> {
    let shown = out.display().to_string();
    Err(Diagnostic::error(
        Code::UnsafeOutput,
        Msg::OutputRefused {
            output: shown.clone(),
            why: Box::new(why),
        },
    )
    .found(shown)
    .expected(Msg::ExpectOutputFolder)
    .hint(todo))
}

/// The part of the rule about the folder itself: not in a git directory, not a file, and if it holds anything,
/// protokol's (marked, or an older protokol's output, marked here).
fn validate_folder(out: &Path) -> Result<(), Diagnostic> {
    let shown = out.display().to_string();
    let refuse = |why: Msg, todo: Msg| refuse(out, why, todo);
    let choose = || Msg::HintChooseOutput;
    if let Some(git) = git_dir_around(out) {
        return refuse(
            Msg::OutputInGit {
                git: git.display().to_string(),
            },
            choose(),
        );
    }
    let Ok(meta) = std::fs::symlink_metadata(out) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return refuse(Msg::OutputIsFile, Msg::HintOutputIsFile);
    }
    if is_marked(out) {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| io_err(IoAction::Read, out, e))?
        .next()
        .is_none();
    if empty {
        return mark(out);
    }
    if looks_like_old_output(out) {
        eprintln!(
            "Bemærk: {shown} er bygget af en ældre protokol uden mærkefilen {MARKER}; den er nu mærket og erstattes."
        );
        return mark(out);
    }
    refuse(
        Msg::OutputHoldsOtherFiles {
            marker: MARKER.to_string(),
        },
        Msg::HintOutputHoldsOtherFiles {
            output: shown.clone(),
            marker: MARKER.to_string(),
        },
    )
}

/// The git directory `p` is in, if any: a `.git` component, or a bare repository (HEAD, objects/ and refs/).
fn git_dir_around(p: &Path) -> Option<PathBuf> {
    let mut dir = Some(p);
    while let Some(d) = dir {
        let bare =
            d.join("HEAD").is_file() && d.join("objects").is_dir() && d.join("refs").is_dir();
        if d.file_name().is_some_and(|n| n == ".git") || bare {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// Whether `dir` is what an older protokol (before the marker) wrote: a home page, a 404 page, the stylesheet
/// and a search manifest of protokol's own format, and at the top nothing but folders and `.html` files.
fn looks_like_old_output(dir: &Path) -> bool {
    let manifest = std::fs::read_to_string(dir.join("soeg/index/manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    let ours = manifest.is_some_and(|m| {
        ["version", "docs", "shards", "chunk", "ranges", "kinds"]
            .iter()
            .all(|k| m.get(k).is_some())
    });
    let top_level_ok = std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().all(|e| {
            e.file_type().is_ok_and(|t| t.is_dir())
                || e.file_name().to_string_lossy().ends_with(".html")
                // robots.txt and sitemap.xml of the whole-site outputs
                || crate::outputs::owns(&e.file_name().to_string_lossy())
        })
    });
    ours && top_level_ok
        && dir.join("index.html").is_file()
        && dir.join("404.html").is_file()
        && dir.join("static/style.css").is_file()
}

pub fn check_rel(rel: &str) -> Result<(), Diagnostic> {
    let p = Path::new(rel);
    if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Diagnostic::error(
            Code::UnsafeOutput,
            Msg::OutputPathEscapes {
                path: rel.to_string(),
            },
        ));
    }
    Ok(())
}

/// A new site being written beside the output. Dropping it without [`Staging::commit`] removes it, so an error
/// or a panic mid-build leaves the previous output as it was.
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    committed: bool,
    /// The published output, when it is protokol's: a file whose bytes are unchanged is hard-linked from it
    /// instead of written again ([`Staging::write`]).
    previous: Option<PathBuf>,
    linked: AtomicUsize,
}

/// The names of the staging directories beside an output called `name`: `.{name}.protokol-new-{pid}` (the new
/// site being written; after the swap, the old one being removed) and `.{name}.protokol-old-{pid}` (the old site,
/// moved aside by the two-rename fallback).
fn staging_name(name: &str, kind: &str, pid: u32) -> String {
    format!(".{name}.protokol-{kind}-{pid}")
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let output = absolute(output);
        let parent = output
            .parent()
            .ok_or_else(|| Diagnostic::error(Code::UnsafeOutput, Msg::OutputNoParent))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent).map_err(|e| io_err(IoAction::Create, parent, e))?;
        clean_stale(parent, &name, &output);
        let pid = std::process::id();
        let tmp = parent.join(staging_name(&name, "new", pid));
        let old = parent.join(staging_name(&name, "old", pid));
        remove_marked(&tmp);
        std::fs::create_dir(&tmp).map_err(|e| io_err(IoAction::Create, &tmp, e))?;
        // The marker first: a staging directory left by a killed build is recognised as ours and removed.
        mark(&tmp)?;
        let previous = is_marked(&output).then(|| output.clone());
        Ok(Staging {
            output,
            tmp,
            old,
            committed: false,
            previous,
            linked: AtomicUsize::new(0),
        })
    }

    /// Writes one file below the staging directory. Safe to call from many threads.
    ///
    /// When the published output holds a regular file at the same path with the same bytes (compared in full,
    /// so a file edited by hand is never trusted), the staging file becomes a hard link to it instead: a rebuild
    /// writes only what changed. The two trees then share those files until the swap, so nothing may write
    /// into a staging file in place: a path written twice is unlinked and created afresh, and serve's later
    /// writes replace files by rename ([`write_in_place`]). Where linking fails (another file system, one
    /// without hard links) the bytes are written.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.staged(rel)?;
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            if same_bytes(&old, bytes) && link_fresh(&old, &path) {
                self.linked.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        write_fresh(&path, bytes).map_err(|e| io_err(IoAction::Write, &path, e))
    }

    /// Where `rel` goes in the staging directory, its folders made.
    fn staged(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        check_rel(rel)?;
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err(IoAction::Create, dir, e))?;
        }
        Ok(path)
    }

    /// Writes one file as [`Staging::write`] does, and returns the stamp the staging file has (`None` where the
    /// system does not tell one).
    pub fn write_stamped(&self, rel: &str, bytes: &[u8]) -> Result<Option<Stamp>, Diagnostic> {
        self.write(rel, bytes)?;
        Ok(Stamp::of(&self.tmp.join(rel)))
    }

    /// Hard-links the published file at `rel` into the staging directory without reading it, if it is still the
    /// file `stamp` describes (what a rebuild's cache recorded when it was written); false otherwise (no previous
    /// output, the file gone, written again or edited since, or linking refused), and then nothing was done.
    pub fn link_unchanged(&self, rel: &str, stamp: &Stamp) -> Result<bool, Diagnostic> {
        check_rel(rel)?;
        let Some(previous) = &self.previous else {
            return Ok(false);
        };
        let old = previous.join(rel);
        if Stamp::of(&old).as_ref() != Some(stamp) {
            return Ok(false);
        }
        let path = self.staged(rel)?;
        let linked = link_fresh(&old, &path);
        if linked {
            self.linked.fetch_add(1, Ordering::Relaxed);
        }
        Ok(linked)
    }

    /// The bytes of a file already in the staging directory.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, Diagnostic> {
        check_rel(rel)?;
        let path = self.tmp.join(rel);
        std::fs::read(&path).map_err(|e| io_err(IoAction::Read, &path, e))
    }

    /// How many files were hard-linked from the previous output rather than written.
    pub fn linked(&self) -> usize {
        self.linked.load(Ordering::Relaxed)
    }

    /// Swaps the new site in. On Linux one `renameat2(RENAME_EXCHANGE)` exchanges the two trees, so the output
    /// is at every moment either the complete old or the complete new site; the old tree (now at the staging
    /// name) is then removed. Where the exchange is not available (other systems, file systems without it) the
    /// old output is renamed aside and the new one renamed into place: between the two renames there is no
    /// output, and a build killed there leaves the old site at `.{name}.protokol-old-PID`, which the next build
    /// puts back before it starts.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        if std::fs::symlink_metadata(&self.output).is_err() {
            std::fs::rename(&self.tmp, &self.output)
                .map_err(|e| io_err(IoAction::MoveIntoPlace, &self.output, e))?;
            self.committed = true;
            return Ok(());
        }
        if exchange(&self.tmp, &self.output).is_ok() {
            self.committed = true;
            remove_marked(&self.tmp);
            return Ok(());
        }
        std::fs::rename(&self.output, &self.old)
            .map_err(|e| io_err(IoAction::MoveAside, &self.output, e))?;
        if let Err(e) = std::fs::rename(&self.tmp, &self.output) {
            // Put the previous site back: nothing is lost.
            let _ = std::fs::rename(&self.old, &self.output);
            return Err(io_err(IoAction::Swap, &self.output, e));
        }
        self.committed = true;
        remove_marked(&self.old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_marked(&self.tmp);
        }
    }
}

/// What a file on disk is, told without reading it: its device, inode, length and modification time. A file that
/// protokol wrote and nobody touched since keeps its stamp (hard links included: a link changes none of these);
/// a file written again (protokol writes a new file and renames it) or edited in place gets another one. The
/// cache of a rebuild (`build/cache.rs`) trusts a published file only while its stamp is the one recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub dev: u64,
    pub ino: u64,
    pub len: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (not following a symlink); `None` for anything but a regular file, or
    /// where the system does not tell inodes.
    pub fn of(path: &Path) -> Option<Stamp> {
        std::fs::symlink_metadata(path)
            .ok()
            .and_then(|m| Stamp::from_metadata(&m))
    }

    fn from_metadata(m: &std::fs::Metadata) -> Option<Stamp> {
        if !m.is_file() {
            return None;
        }
        let modified = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos()
            .try_into()
            .ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Stamp {
                dev: m.dev(),
                ino: m.ino(),
                len: m.len(),
                modified,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = modified;
            None
        }
    }
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let same_size =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Hard-links `from` at `to`, replacing whatever is at `to`; false when the file system refuses.
fn link_fresh(from: &Path, to: &Path) -> bool {
    match std::fs::hard_link(from, to) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(to).is_ok() && std::fs::hard_link(from, to).is_ok()
        }
        Err(_) => false,
    }
}

/// Writes a new file at `path`: whatever is there (a hard link into the published output, say) is unlinked
/// first, never written through.
fn write_fresh(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            create()?
        }
        other => other?,
    };
    file.write_all(bytes)
}

/// Exchanges two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c =
        |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // The raw system call: glibc only wraps renameat2 from 2.28 on, and musl not at all.
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Whether a process with this id is running (a zombie counts). Where we cannot tell, it is assumed to be,
/// so that nothing of a running build is ever removed.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only asks whether the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the staging directories of builds that died (killed, or the machine went down) beside an output
/// called `name`: only those carrying the marker, and only of processes that no longer run. If the output is
/// missing and a dead build had moved the old site aside (the two-rename fallback), that site is put back.
fn clean_stale(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.protokol-");
    let own = std::process::id();
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        let Some((kind, pid)) = file.strip_prefix(&prefix).and_then(|r| r.split_once('-')) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = e.path();
        if pid == own || !["new", "old"].contains(&kind) || process_alive(pid) {
            continue;
        }
        // One without a single file is a staging dir killed between its creation and its marker, or after its
        // last file and marker were removed: nothing to lose.
        if holds_no_files(&path) {
            let _ = std::fs::remove_dir_all(&path);
            continue;
        }
        if !is_marked(&path) {
            continue;
        }
        if kind == "old"
            && std::fs::symlink_metadata(output).is_err()
            && std::fs::rename(&path, output).is_ok()
        {
            continue;
        }
        remove_marked(&path);
    }
}

/// Removes a tree protokol made (one carrying the marker), the marker last, so that a removal cut short is still
/// recognised as ours. A tree without the marker is left alone.
fn remove_marked(dir: &Path) {
    if !is_marked(dir) {
        return;
    }
    remove_dir_parallel(dir);
}

/// Writes one file below `output` in place, so that a reader never sees half of it: into a temporary file beside
/// it, then renamed over it (`protokol serve` updates the output this way).
pub fn write_in_place(output: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    check_rel(rel)?;
    let path = output.join(rel);
    let dir = path.parent().unwrap_or(output);
    std::fs::create_dir_all(dir).map_err(|e| io_err(IoAction::Create, dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.protokol-tmp"));
    write_fresh(&tmp, bytes).map_err(|e| io_err(IoAction::Write, &tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io_err(IoAction::Write, &path, e))
}

/// Removes one file below `output`, and the folders it leaves empty.
pub fn remove_in_place(output: &Path, rel: &str) {
    if check_rel(rel).is_err() {
        return;
    }
    let path = output.join(rel);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == output || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Removes a directory tree, spreading the second level over threads: a portal has one folder per page, and
/// deleting ten thousand of them one by one is a noticeable part of a build.
fn remove_dir_parallel(dir: &Path) {
    use rayon::prelude::*;
    let Ok(top) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries = Vec::new();
    let mut folders = Vec::new();
    for e in top.flatten() {
        if e.file_name() == MARKER {
            continue;
        }
        match std::fs::read_dir(e.path()) {
            Ok(sub) if e.file_type().is_ok_and(|t| t.is_dir()) => {
                entries.extend(sub.flatten().map(|x| x.path()));
                folders.push(e.path());
            }
            _ => entries.push(e.path()),
        }
    }
    let remove = |p: &PathBuf| {
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    };
    entries.par_iter().for_each(remove);
    folders.iter().for_each(remove);
    // The marker goes last: a removal cut short before it is still recognised as ours.
    let _ = std::fs::remove_file(dir.join(MARKER));
    let _ = std::fs::remove_dir_all(dir);
}

/// Whether a tree holds no file at all (only folders, or nothing): removing it loses nothing.
fn holds_no_files(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .all(|e| e.is_ok_and(|e| e.file_type().is_dir()))
}

/// What writing the output was doing when the file system refused.
#[derive(Clone, Copy)]
enum IoAction {
    Read,
    Write,
    Create,
    MoveIntoPlace,
    MoveAside,
    Swap,
}

fn io_err(action: IoAction, path: &Path, e: std::io::Error) -> Diagnostic {
    let (path, reason) = (path.display().to_string(), e.to_string());
    let message = match action {
        IoAction::Read => Msg::CannotRead { path, reason },
        IoAction::Write => Msg::CannotWrite { path, reason },
        IoAction::Create => Msg::CannotCreate { path, reason },
        IoAction::MoveIntoPlace => Msg::CannotMoveIntoPlace { path, reason },
        IoAction::MoveAside => Msg::CannotMoveAside { path, reason },
        IoAction::Swap => Msg::CannotSwap { path, reason },
    };
    let d = Diagnostic::error(Code::Io, message);
    match action {
        IoAction::Read => d,
        _ => d.hint(Msg::HintCannotWrite),
    }
}

#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_protokol")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env("CI", "1")
        .output()
        .expect("run protokol")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// A fresh skeleton site (from `protokol init`) in a temporary directory.
pub fn skeleton() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = run(&["init", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, site)
}

/// Copies the bundled portal (protokol.toml, content/) into a temporary directory, so tests can edit it.
pub fn bundled_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&repo().join("content"), &site.join("content"));
    std::fs::copy(repo().join("protokol.toml"), site.join("protokol.toml")).unwrap();
    (dir, site)
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Replaces the first occurrence of `from` in a file; panics when it is not there.
pub fn edit(p: &Path, from: &str, to: &str) {
    let text = read(p);
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        p.display()
    );
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

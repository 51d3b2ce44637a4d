//! Adding a language changes the catalogue only, and a language that lacks an entry does not build: a stub
//! third language (every key, its name as its text) is compiled with rustc against the real `src/i18n/keys.rs`,
//! then again without one message and without one interface string, and those must fail with a non-exhaustive
//! `match` naming the missing key.

use protokol::i18n::{Key, Ui};
use std::path::PathBuf;
use std::process::Command;

/// A crate with the catalogue's keys and a stub language `xx` (the same `match`es `da.rs` and `en.rs` hold),
/// leaving out message `skip_key` and interface string `skip_ui`.
fn stub_crate(skip_key: Option<Key>, skip_ui: Option<Ui>) -> String {
    let keys = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/i18n/keys.rs");
    let messages: String = Key::ALL
        .iter()
        .filter(|k| Some(**k) != skip_key)
        .map(|k| {
            let params: String = k.params().iter().map(|p| format!(" {{{p}}}")).collect();
            format!("            Key::{} => \"xx{params}\",\n", k.name())
        })
        .collect();
    let ui: String = Ui::ALL
        .iter()
        .filter(|u| Some(**u) != skip_ui)
        .map(|u| format!("            Ui::{} => \"xx\",\n", u.variant()))
        .collect();
    format!(
        r#"#![allow(dead_code)]
// What the catalogue's parent gives its keys (see src/i18n/mod.rs); the stub needs no real values.
pub type Figure = i64;
pub type Date = ();
pub type Weekday = ();
pub type Sub = Box<keys::Msg>;
#[derive(Debug, Clone, PartialEq)]
pub struct Arg;
pub fn arg<T>(_: &T) -> Arg {{
    Arg
}}
#[path = {keys:?}]
pub mod keys;
/// A third language.
pub mod xx {{
    use super::keys::{{Key, Ui}};
    pub fn message(k: Key) -> &'static str {{
        match k {{
{messages}        }}
    }}
    pub fn ui(k: Ui) -> &'static str {{
        match k {{
{ui}        }}
    }}
}}
"#
    )
}

/// Compiles a crate's source with rustc: whether it built, and what rustc said.
fn compile(source: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stub.rs");
    std::fs::write(&file, source).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let o = Command::new(rustc)
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--emit",
            "metadata",
        ])
        .arg("--out-dir")
        .arg(dir.path())
        .arg(&file)
        .output()
        .expect("rustc runs");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

#[test]
fn a_third_language_builds_when_complete_and_fails_when_an_entry_is_missing() {
    let (ok, err) = compile(&stub_crate(None, None));
    assert!(ok, "the complete stub language builds: {err}");

    let missing = Key::ALL[Key::ALL.len() / 2];
    let (ok, err) = compile(&stub_crate(Some(missing), None));
    assert!(!ok, "a language without {} must not build", missing.name());
    assert!(
        err.contains("E0004") && err.contains(&format!("Key::{}", missing.name())),
        "{err}"
    );

    let missing = Ui::Breadcrumb;
    let (ok, err) = compile(&stub_crate(None, Some(missing)));
    assert!(
        !ok,
        "a language without {} must not build",
        missing.variant()
    );
    assert!(
        err.contains("E0004") && err.contains(&format!("Ui::{}", missing.variant())),
        "{err}"
    );
}

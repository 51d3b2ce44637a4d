//! The meetings in protokol's own format: content/moeder/*.md with YAML front matter under a protokol.toml, with or
//! without the bundled portal (its meetings, documents, tables with their rules and its pages) beside them.

use crate::meetings::{Meeting, BODIES, END, PARTICIPANTS, PLACE, PRESENTER, START};
use std::fmt::Write as _;
use std::path::Path;

/// The configuration and, unless `meetings_only`, the bundled portal's content; then each meeting is `write`n.
pub fn begin(dir: &Path, meetings_only: bool) -> std::io::Result<()> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.join("content/moeder"))?;
    let mut toml = if meetings_only {
        "title = \"Syntetisk mødeportal\"\ndescription = \"Dagsordener og referater\"\nbase_url = \"/\"\nlanguage = \"da\"\ntheme = \"default\"\n".to_string()
    } else {
        std::fs::read_to_string(repo.join("protokol.toml"))?
    };
    for (id, name) in BODIES {
        if !toml.contains(&format!("id = \"{id}\"")) {
            let _ = write!(toml, "\n[[bodies]]\nid = \"{id}\"\nname = \"{name}\"\n");
        }
    }
    std::fs::write(dir.join("protokol.toml"), toml)?;
    if meetings_only {
        return Ok(());
    }
    // The bundled portal comes along so that the corpus exercises tables, references and backlinks too.
    for folder in ["moeder", "dokumenter", "tabeller", "sider"] {
        let to = dir.join("content").join(folder);
        std::fs::create_dir_all(&to)?;
        for e in std::fs::read_dir(repo.join("content").join(folder))? {
            let e = e?;
            std::fs::copy(e.path(), to.join(e.file_name()))?;
        }
    }
    Ok(())
}

/// One meeting as content/moeder/<date>-<body>.md; returns the bytes written.
pub fn write(dir: &Path, m: &Meeting) -> std::io::Result<usize> {
    let mut file = format!(
        "---\nbody: {}\nkind: minutes\ntitle: \"{}\"\ndate: {}\nweekday: {}\nstart: \"{START}\"\nend: \"{END}\"\nplace: \"{PLACE}\"\nparticipants:\n  - \"{PARTICIPANTS}\"\nitems:\n",
        m.body,
        m.title,
        m.date.format("%Y-%m-%d"),
        m.weekday
    );
    for item in &m.items {
        let _ = write!(
            file,
            "  - number: \"{}\"\n    title: \"{}\"\n    presenter: \"{PRESENTER}\"\n    case: {}\n",
            item.number, item.title, item.case
        );
    }
    file.push_str("---\n");
    m.write_file(dir, &file)
}

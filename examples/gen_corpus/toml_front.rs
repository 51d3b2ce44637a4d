//! The TOML front matter Hugo and Zola share: a meeting's facts and items under one table (Hugo's `params`, Zola's
//! `extra`), so both peers get the same fields.

use crate::meetings::{Meeting, END, PARTICIPANTS, PLACE, PRESENTER, START};
use std::fmt::Write as _;

/// `[{table}]` with the meeting's facts, then one `[[{table}.items]]` per agenda item.
pub fn facts(m: &Meeting, table: &str) -> String {
    let mut toml = format!(
        "\n[{table}]\nbody = {:?}\nbody_name = {:?}\nkind = \"minutes\"\nweekday = {:?}\nstart = \"{START}\"\nend = \"{END}\"\nplace = \"{PLACE}\"\nparticipants = [\"{PARTICIPANTS}\"]\n",
        m.body, m.body_name, m.weekday
    );
    for item in &m.items {
        let _ = write!(
            toml,
            "\n[[{table}.items]]\nnumber = \"{}\"\ntitle = {:?}\npresenter = \"{PRESENTER}\"\ncase = {:?}\n",
            item.number, item.title, item.case
        );
    }
    toml
}

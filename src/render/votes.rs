//! What an item's page shows of its votes and positions (#17; `partials/positions.html`): one table per vote
//! (who voted for, against and abstained, with the counts, captioned with the motion and outcome), then minority
//! statements, conflicts of interest and recorded positions. A closed item has none: loading dropped them.

use crate::i18n::{self, Lang, Ui};
use crate::model::meeting::ItemMeta;
use crate::model::vote::{Outcome, Side, Voter, Voters};
use serde_json::{json, Value};

/// The template's value of an item's votes and positions, or `None` when its minutes record none.
pub(super) fn positions_value(meta: &ItemMeta, lang: Lang) -> Option<Value> {
    if meta.positions().is_empty() {
        return None;
    }
    let votes: Vec<Value> = (meta.positions().votes.iter())
        .map(|v| {
            let v = &v.value;
            let rows: Vec<Value> = v
                .sides()
                .map(|(side, voters)| {
                    json!({"side": i18n::ui(side_label(side), lang), "who": who_text(&voters.value, lang),
                           "count": voters.value.count})
                })
                .collect();
            json!({"motion": v.motion, "rows": rows,
                   "outcome": v.outcome.as_ref().map(|o| outcome_text(o.value, lang))})
        })
        .collect();
    let statement =
        |s: &crate::model::vote::Statement| json!({"by": names(&s.by.0, lang), "text": s.text});
    Some(json!({
        "votes": votes,
        "minority": meta.positions().minority.iter().map(|s| statement(&s.value)).collect::<Vec<_>>(),
        "conflicts": meta.positions().conflicts.iter().map(|c| json!({"member": c.value.member.value, "text": c.value.text})).collect::<Vec<_>>(),
        "recorded": meta.positions().recorded.iter().map(|s| statement(&s.value)).collect::<Vec<_>>(),
    }))
}

fn side_label(side: Side) -> Ui {
    match side {
        Side::For => Ui::VotedFor,
        Side::Against => Ui::VotedAgainst,
        Side::Abstaining => Ui::VotedAbstaining,
    }
}

/// "Vedtaget", "Forkastet" in the page's language (also OParl's `result`).
pub fn outcome_text(o: Outcome, lang: Lang) -> &'static str {
    i18n::ui(
        match o {
            Outcome::Adopted => Ui::OutcomeAdopted,
            Outcome::Rejected => Ui::OutcomeRejected,
        },
        lang,
    )
}

fn names(who: &[Voter], lang: Lang) -> String {
    let names: Vec<&str> = who.iter().map(Voter::name).collect();
    i18n::joined(&names, lang)
}

/// "V og I"; "ingen" for a side nobody voted on; empty when only a count is printed.
fn who_text(v: &Voters, lang: Lang) -> String {
    if v.who.is_empty() && v.count == Some(0) {
        i18n::ui(Ui::Nobody, lang).to_string()
    } else {
        names(&v.who, lang)
    }
}

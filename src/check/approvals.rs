//! Approvals: an item's `approves:` names minutes that a meeting can approve: minutes (not an agenda) of the
//! same body, of an earlier date. A meeting outside the portal is judged by what its id carries (its date and
//! body, `2021-04-09-kd-net`); that it is missing is `meetings`' concern.

use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::load::Site;
use crate::model::{Meeting, MeetingKind};
use chrono::NaiveDate;

/// The approvals of meeting `m`'s items (it looks up the meetings they name, [`super::meetings::looked_up`]).
pub(super) fn of_meeting(site: &Site, m: &Meeting) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for it in &m.items {
        let Some(a) = it.meta.approves() else {
            continue;
        };
        if let Some(msg) = problem(site, m, &a.value) {
            let p = crate::yaml::pos(a, 1);
            diags.push(
                Diagnostic::error(Code::ApprovesWrongMeeting, msg)
                    .at(&m.source.file, p.line, p.column)
                    .expected(Msg::ExpectApprovable {
                        body: m.body_id().to_string(),
                        date: m.date,
                    })
                    .found(a.value.clone())
                    .hint(Msg::HintApprovesWrongMeeting),
            );
        }
    }
    diags
}

/// What is wrong with approving `id` at meeting `m`, if anything.
fn problem(site: &Site, m: &Meeting, id: &str) -> Option<Msg> {
    let (date, body) = match site.meeting(id) {
        Some(t) => {
            if t.front.kind == MeetingKind::Agenda {
                return Some(Msg::ApprovesAgenda {
                    meeting: id.to_string(),
                });
            }
            (t.date, t.body_id().to_string())
        }
        // `YYYY-MM-DD-<body>`: an id that does not say so is judged by nothing.
        None => {
            let date = NaiveDate::parse_from_str(id.get(..10)?, "%Y-%m-%d").ok()?;
            (date, id.get(11..)?.to_string())
        }
    };
    if body != m.body_id() && !body.starts_with(&format!("{}-", m.body_id())) {
        return Some(Msg::ApprovesOtherBody {
            meeting: id.to_string(),
            body,
        });
    }
    (date >= m.date).then(|| Msg::ApprovesNotEarlier {
        meeting: id.to_string(),
        date,
    })
}

//! Votes and positions in an item's minutes (#17): a count agrees with the members or parties it is given with, no
//! member votes two ways or while disqualified ("inhabil") for the item, an outcome agrees with the counts, and an
//! agenda records none of them (they are what happened at the meeting). Closed items are judged too, from what
//! they withhold for the checks.

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::i18n::Msg;
use crate::kinds::MeetingKind;
use crate::model::vote::{member_key, Outcome, Positions, Side, Vote};
use crate::model::Meeting;

pub(super) fn check(m: &Meeting) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for it in &m.items {
        if has_positions(&it.meta) {
            let name = item_name(it);
            item(m, &name, it.meta.positions(), &mut diags);
        }
    }
    for w in &m.withheld().positions {
        let name = m
            .items
            .iter()
            .find(|i| i.closed.is_some() && i.meta.number == w.item)
            .map(item_name)
            .unwrap_or_else(|| w.item.clone());
        item(m, &name, &w.value, &mut diags);
    }
    diags
}

/// How messages name an item: its number, or its title in «» when it has none.
pub(super) fn item_name(it: &crate::model::AgendaItem) -> String {
    if it.meta.number.is_empty() {
        format!("«{}»", it.heading)
    } else {
        it.meta.number.clone()
    }
}

fn has_positions(meta: &crate::model::meeting::ItemMeta) -> bool {
    !meta.positions().is_empty()
}

fn item(m: &Meeting, name: &str, p: &Positions, diags: &mut Vec<Diagnostic>) {
    let file = &m.source.file;
    if m.front.kind == MeetingKind::Agenda {
        let at = p.first_pos().unwrap_or(Pos { line: 1, column: 1 });
        diags.push(
            Diagnostic::error(
                Code::VoteInAgenda,
                Msg::VoteInAgenda {
                    item: name.to_string(),
                },
            )
            .at(file, at.line, at.column)
            .expected(Msg::ExpectMinutesKind)
            .found("kind: agenda".to_string())
            .hint(Msg::HintVoteInAgenda),
        );
        return;
    }
    let conflicted: Vec<(String, &str)> = (p.conflicts.iter())
        .map(|c| {
            (
                member_key(&c.value.member.value),
                c.value.member.value.as_str(),
            )
        })
        .collect();
    for v in &p.votes {
        vote(
            file,
            name,
            &v.value,
            crate::yaml::pos(v, 1),
            &conflicted,
            diags,
        );
    }
}

fn side_msg(s: Side) -> Box<Msg> {
    Box::new(match s {
        Side::For => Msg::VoteSideFor,
        Side::Against => Msg::VoteSideAgainst,
        Side::Abstaining => Msg::VoteSideAbstaining,
    })
}

fn vote(
    file: &str,
    item: &str,
    v: &Vote,
    at: Pos,
    conflicted: &[(String, &str)],
    diags: &mut Vec<Diagnostic>,
) {
    if v.sides().next().is_none() && v.outcome.is_none() {
        diags.push(
            Diagnostic::error(
                Code::VoteEmpty,
                Msg::VoteEmpty {
                    item: item.to_string(),
                },
            )
            .at(file, at.line, at.column)
            .expected(Msg::ExpectVoteFields),
        );
        return;
    }
    // Each member's first side, to find one named on two.
    let mut seen: Vec<(String, Side)> = Vec::new();
    for (side, voters) in v.sides() {
        let p = crate::yaml::pos(voters, 1);
        let x = &voters.value;
        let members = x.members().count();
        let parties = x.parties();
        if let Some(count) = x.count.map(|c| c as usize) {
            let wrong = if parties == 0 {
                members > 0 && count != members
            } else {
                count < members + parties
            };
            if wrong {
                let d = if parties == 0 {
                    Diagnostic::error(
                        Code::VoteCount,
                        Msg::VoteCountMembers {
                            item: item.to_string(),
                            side: side_msg(side),
                            count,
                            members,
                        },
                    )
                    .expected(members.to_string())
                } else {
                    Diagnostic::error(
                        Code::VoteCount,
                        Msg::VoteCountParties {
                            item: item.to_string(),
                            side: side_msg(side),
                            count,
                            named: members + parties,
                        },
                    )
                    .expected(Msg::AtLeast {
                        n: members + parties,
                    })
                };
                diags.push(
                    d.at(file, p.line, p.column)
                        .found(count.to_string())
                        .hint(Msg::HintVoteCount),
                );
            }
        }
        for member in x.members() {
            let key = member_key(member);
            if let Some((_, first)) = seen.iter().find(|(k, s)| *k == key && *s != side) {
                diags.push(
                    Diagnostic::error(
                        Code::VoteTwice,
                        Msg::VoteMemberTwice {
                            item: item.to_string(),
                            member: member.to_string(),
                            first: side_msg(*first),
                            second: side_msg(side),
                        },
                    )
                    .at(file, p.line, p.column)
                    .hint(Msg::HintVoteMemberTwice),
                );
            } else {
                seen.push((key.clone(), side));
            }
            if let Some((_, written)) = conflicted.iter().find(|(k, _)| *k == key) {
                diags.push(
                    Diagnostic::error(
                        Code::VoteInhabil,
                        Msg::VoteByConflicted {
                            item: item.to_string(),
                            member: written.to_string(),
                            side: side_msg(side),
                        },
                    )
                    .at(file, p.line, p.column)
                    .hint(Msg::HintVoteByConflicted),
                );
            }
        }
    }
    // An outcome the counts contradict (a tie is left alone: the chair's vote may decide it).
    let count = |s: &Option<crate::yaml::Spanned<crate::model::vote::Voters>>| {
        s.as_ref().and_then(|v| v.value.count)
    };
    if let (Some(o), Some(yes), Some(no)) = (&v.outcome, count(&v.in_favour), count(&v.against)) {
        let contradicts = match o.value {
            Outcome::Adopted => yes < no,
            Outcome::Rejected => yes > no,
        };
        if contradicts {
            let p = crate::yaml::pos(o, 1);
            diags.push(
                Diagnostic::warning(
                    Code::VoteOutcome,
                    Msg::VoteOutcomeCounts {
                        item: item.to_string(),
                        outcome: Box::new(match o.value {
                            Outcome::Adopted => Msg::OutcomeAdopted,
                            Outcome::Rejected => Msg::OutcomeRejected,
                        }),
                        yes: yes as usize,
                        no: no as usize,
                    },
                )
                .at(file, p.line, p.column)
                .hint(Msg::HintVoteOutcome),
            );
        }
    }
}

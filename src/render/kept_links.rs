//! What each meeting contributes to the cross-links ([`super::links::backlinks`], [`super::links::approvals`]):
//! the links of its items that attach or place documents and tables, and the approvals its open items give.
//! `protokol serve` keeps them between runs, so that an edit makes again only the changed meetings'
//! contributions instead of reading every agenda item of the site (70–170 ms at 100,000 meetings, #15).

use super::links::{approval_link, item_link};
use crate::load::Site;
use crate::model::Meeting;
use crate::urls::{url_path, ROOT};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::HashMap;

/// One meeting's links, in the order of its items.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Contribution {
    /// (the document or table attached or placed, the link to the item).
    pub(super) attached: Vec<(String, Value)>,
    /// (the meeting whose minutes an open item approves, the link to that item).
    pub(super) approves: Vec<(String, Value)>,
}

/// The contributions of the meetings that have any, by meeting id. A contribution is a function of its meeting
/// and the configuration alone (whose change loads and renders everything), so after an edit only the changed
/// meetings' are made again ([`MeetingLinks::update`]).
#[derive(Debug, Default)]
pub struct MeetingLinks {
    by_meeting: HashMap<String, Contribution>,
}

impl MeetingLinks {
    /// Every meeting's.
    pub fn of(site: &Site) -> MeetingLinks {
        MeetingLinks {
            by_meeting: (site.meetings.par_iter())
                .filter_map(|m| Some((m.id.clone(), contribution(site, m)?)))
                .collect(),
        }
    }

    /// Makes again the contributions of the meetings `ids` (changed, come or gone).
    pub fn update<'a>(&mut self, site: &Site, ids: impl Iterator<Item = &'a str>) {
        for id in ids {
            match site.meeting(id).and_then(|m| contribution(site, m)) {
                Some(c) => self.by_meeting.insert(id.to_string(), c),
                None => self.by_meeting.remove(id),
            };
        }
    }

    /// The contributions in the order of [`Site::meetings`] (newest first).
    pub(super) fn in_order(&self, site: &Site) -> Vec<&Contribution> {
        let mut found: Vec<(usize, &Contribution)> = (self.by_meeting.iter())
            .filter_map(|(id, c)| Some((site.meeting_position(id)?, c)))
            .collect();
        found.sort_unstable_by_key(|(i, _)| *i);
        found.into_iter().map(|(_, c)| c).collect()
    }
}

/// Meeting `m`'s links, if it has any.
fn contribution(site: &Site, m: &Meeting) -> Option<Contribution> {
    let lang = site.config.language;
    let mut attached = Vec::new();
    let mut approves = Vec::new();
    // Most items link nowhere: the bodies' names are looked up only for those that do.
    let mut body = None;
    for item in &m.items {
        let targets = (item.meta.attachments().iter())
            .flat_map(|a| [&a.value.document, &a.value.table])
            .flatten()
            .chain(item.tables.iter());
        let mut link = None;
        for target in targets {
            let link = link.get_or_insert_with(|| {
                let body = body.get_or_insert_with(|| super::summaries::bodies_text(m, site));
                json!({
                    "url": format!("{ROOT}{}#{}", url_path(crate::model::ItemKind::Meeting, &m.id), item.anchor),
                    "label": item_link(body, m.date, &item.meta.number, &item.heading, lang),
                })
            });
            attached.push((target.clone(), link.clone()));
        }
        if let (None, Some(approved)) = (&item.closed, item.meta.approves()) {
            approves.push((approved.value.clone(), approval_link(m, item, lang)));
        }
    }
    (!attached.is_empty() || !approves.is_empty()).then_some(Contribution { attached, approves })
}

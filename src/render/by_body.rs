//! Each body's meetings by year, made once per rendering: a body's page and its year pages read their meetings
//! from it instead of scanning every meeting (#15: at 100,000 meetings some 1,900 year pages each scanned all
//! 100,000, a cost that grew with the square of the site).

use crate::load::Site;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Default, PartialEq)]
pub(super) struct MeetingsByBody {
    /// Body id → year → positions in [`Site::meetings`], in its order (newest first).
    years: HashMap<String, BTreeMap<i32, Vec<usize>>>,
}

impl MeetingsByBody {
    pub(super) fn of(site: &Site) -> MeetingsByBody {
        MeetingsByBody::index(
            (site.meetings.iter()).map(|m| (chrono::Datelike::year(&m.date), m.body_ids())),
        )
    }

    /// From each meeting's year and bodies, in the order of [`Site::meetings`].
    fn index<'a, B: Iterator<Item = &'a str>>(meetings: impl Iterator<Item = (i32, B)>) -> Self {
        let mut years: HashMap<String, BTreeMap<i32, Vec<usize>>> = HashMap::new();
        for (position, (year, bodies)) in meetings.enumerate() {
            for body in bodies {
                // Looked up before it is inserted: `serve` makes this after every edit, and a key allocated per
                // meeting would be 100,000 allocations at national scale.
                if !years.contains_key(body) {
                    years.insert(body.to_string(), BTreeMap::new());
                }
                let Some(by_year) = years.get_mut(body) else {
                    continue;
                };
                let positions = by_year.entry(year).or_default();
                // A body named twice in one meeting's front matter still holds it once.
                if positions.last() != Some(&position) {
                    positions.push(position);
                }
            }
        }
        MeetingsByBody { years }
    }

    /// The years `body` met in, oldest first, each with its meetings' positions (newest first).
    pub(super) fn years(&self, body: &str) -> impl DoubleEndedIterator<Item = (i32, &[usize])> {
        (self.years.get(body).into_iter())
            .flatten()
            .map(|(year, positions)| (*year, &positions[..]))
    }

    /// The positions of `body`'s meetings in `year` (newest first); empty if it did not meet then.
    pub(super) fn in_year(&self, body: &str, year: i32) -> &[usize] {
        (self.years.get(body))
            .and_then(|years| years.get(&year))
            .map_or(&[], |positions| &positions[..])
    }

    /// The nearest year after `year` that `body` met in.
    pub(super) fn newer_year(&self, body: &str, year: i32) -> Option<i32> {
        let years = self.years.get(body)?;
        years.range(year.checked_add(1)?..).next().map(|(y, _)| *y)
    }

    /// The nearest year before `year` that `body` met in.
    pub(super) fn older_year(&self, body: &str, year: i32) -> Option<i32> {
        let years = self.years.get(body)?;
        years.range(..year).next_back().map(|(y, _)| *y)
    }
}

#[cfg(test)]
mod tests {
    use super::MeetingsByBody;

    fn index(meetings: &[(i32, &[&'static str])]) -> MeetingsByBody {
        MeetingsByBody::index(meetings.iter().map(|(y, b)| (*y, b.iter().copied())))
    }

    #[test]
    fn a_bodys_years_hold_its_meetings_in_the_sites_order_and_skip_years_it_did_not_meet() {
        let by_body = index(&[
            (2024, &["kd-net", "fsc"]),
            (2024, &["kd-net"]),
            (2021, &["fsc"]),
            (2020, &["kd-net", "kd-net"]),
        ]);
        assert_eq!(by_body.in_year("kd-net", 2024), &[0, 1]);
        assert_eq!(
            by_body.in_year("kd-net", 2020),
            &[3],
            "named twice, listed once"
        );
        assert_eq!(by_body.in_year("kd-net", 2021), &[] as &[usize]);
        let years: Vec<i32> = by_body.years("kd-net").map(|(y, _)| y).collect();
        assert_eq!(years, [2020, 2024]);
        assert_eq!(by_body.newer_year("kd-net", 2020), Some(2024));
        assert_eq!(by_body.older_year("kd-net", 2024), Some(2020));
        assert_eq!(by_body.newer_year("kd-net", 2024), None);
        assert_eq!(by_body.older_year("fsc", 2021), None);
    }

    #[test]
    fn a_body_without_meetings_has_no_years() {
        let by_body = index(&[(2024, &["kd-net"])]);
        assert_eq!(by_body.years("fsc").count(), 0);
        assert_eq!(by_body.in_year("fsc", 2024), &[] as &[usize]);
        assert_eq!(by_body.newer_year("fsc", 2023), None);
        assert_eq!(by_body.newer_year("kd-net", i32::MAX), None);
    }
}

//! iCalendar (RFC 5545): the site's newest meetings (`kalender/alle.ics`), each body's newest
//! (`kalender/<body>.ics`), at most [`SUBSCRIBED`] each, and every meeting on its own
//! (`kalender/moeder/<id>.ics`, the "Tilføj til kalender" link of its page).
//!
//! - Times are local Copenhagen time (`DTSTART;TZID=Europe/Copenhagen`) with a VTIMEZONE carrying the EU rules
//!   (last Sunday of March and of October); a meeting without `start` is an all-day event, one without `end` ends
//!   when it starts (RFC 5545 3.6.1), as nothing says how long it lasts.
//! - `UID` is the meeting's original id (before any move, [`crate::model::Meeting::original_id`]) at the site's
//!   host; `SEQUENCE` is the number of moves (`moved_from`); `STATUS:CANCELLED` for `cancelled: true`.
//! - `DTSTAMP` is the meeting's date at 00:00 UTC, not the build time: builds are reproducible.
//! - Lines end in CRLF and are folded at 75 octets, never inside a UTF-8 character.

use super::{absolute, published, File, Kept, KeptUpdate};
use crate::load::Site;
use crate::model::ItemKind;
use crate::model::Meeting;
use crate::urls::url_path;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Meetings in a subscribed calendar (the site's, a body's): the newest, by date. Calendar programs fetch a
/// subscription whole every few hours, and one of every meeting of a national portal would be ~90 MB
/// (100,000 meetings), which they time out on or refuse; a body's ten or twenty meetings a year fit for
/// decades, and a whole municipality's for years. Every meeting keeps its own file, and OParl lists them all.
pub const SUBSCRIBED: usize = 1000;

pub fn files(site: &Site) -> Vec<File> {
    Kept::files(&Calendars::of(site), site)
}

/// Every meeting's calendar entry (its VEVENT, folded) and bodies, kept between runs of `serve` so that an edit
/// recomputes only the changed meetings' entries and re-joins only the calendars they are in: a calendar is its
/// header, its meetings' entries oldest first and its end, so the re-joined bytes are a full build's.
#[derive(Default)]
pub struct Calendars {
    events: HashMap<String, Event>,
}

/// One meeting's entry, folded, and the bodies whose calendars list it.
#[derive(PartialEq, Eq)]
struct Event {
    text: String,
    bodies: Vec<String>,
}

fn event_of(site: &Site, m: &Meeting) -> Event {
    let mut text = String::new();
    for l in event(site, m) {
        fold_into(&mut text, &l);
    }
    Event {
        text,
        bodies: m.body_ids().map(str::to_string).collect(),
    }
}

impl Calendars {
    /// Every meeting's entry.
    pub fn of(site: &Site) -> Calendars {
        let meetings: Vec<&Meeting> = published::meetings(site).collect();
        let events = meetings
            .par_iter()
            .map(|m| (m.id.clone(), event_of(site, m)))
            .collect();
        Calendars { events }
    }

    fn whole(&self, site: &Site) -> File {
        let text = self.join(&site.config.title, published::meetings(site));
        ("kalender/alle.ics".to_string(), text)
    }

    fn body(&self, site: &Site, b: &crate::config::Body) -> File {
        let name = format!("{} · {}", b.short_name(), site.config.title);
        (
            body_file(&b.id),
            self.join(&name, published::meetings_of(site, &b.id)),
        )
    }

    fn single(&self, m: &Meeting) -> Option<File> {
        self.events.get(&m.id)?;
        Some((
            meeting_file(&m.id),
            self.join(&m.front.title, std::iter::once(m)),
        ))
    }

    /// A calendar of the newest [`SUBSCRIBED`] of `meetings` (newest first, as the site lists them), listed
    /// oldest first.
    fn join<'a>(&self, name: &str, meetings: impl Iterator<Item = &'a Meeting>) -> Vec<u8> {
        let mut events: Vec<&Event> = (meetings.filter_map(|m| self.events.get(&m.id)))
            .take(SUBSCRIBED)
            .collect();
        events.reverse();
        let mut out = header(name);
        out.reserve(events.iter().map(|e| e.text.len()).sum::<usize>() + 16);
        for e in events {
            out.push_str(&e.text);
        }
        fold_into(&mut out, "END:VCALENDAR");
        out.into_bytes()
    }
}

impl Kept for Calendars {
    /// Every file: the whole site's calendar, each body's, each meeting's.
    fn files(&self, site: &Site) -> Vec<File> {
        let mut out = vec![self.whole(site)];
        out.extend(published::bodies(site).map(|b| self.body(site, b)));
        let meetings: Vec<&Meeting> = published::meetings(site).collect();
        out.par_extend(meetings.par_iter().filter_map(|m| self.single(m)));
        out
    }

    /// After the meetings `changed` (ids) were edited, added or removed: their entries recomputed, their own
    /// files, and the calendars that list them (before or now) re-joined when an entry or its bodies changed.
    /// A calendar entry shows its meeting alone (and the configuration, whose edit renders everything).
    fn update(
        &mut self,
        site: &Site,
        changed: &BTreeSet<(ItemKind, String)>,
    ) -> Option<KeptUpdate> {
        let mut up = KeptUpdate::default();
        let mut relisted = false;
        let mut bodies: BTreeSet<String> = BTreeSet::new();
        let meetings = changed
            .iter()
            .filter(|(kind, _)| *kind == ItemKind::Meeting);
        for (_, id) in meetings {
            let before = self.events.remove(id);
            let now = site.meeting(id).map(|m| (m, event_of(site, m)));
            let same = before.as_ref() == now.as_ref().map(|(_, e)| e);
            bodies.extend(before.into_iter().filter(|_| !same).flat_map(|e| e.bodies));
            relisted |= !same;
            match now {
                Some((m, e)) => {
                    if !same {
                        bodies.extend(e.bodies.iter().cloned());
                    }
                    self.events.insert(id.to_string(), e);
                    up.files.extend(self.single(m));
                }
                None => up.removed.push(meeting_file(id)),
            }
        }
        if !relisted {
            return Some(up);
        }
        let published: Vec<&crate::config::Body> = published::bodies(site).collect();
        let mut relisting = Vec::new();
        for b in bodies {
            match published.iter().find(|p| p.id == b) {
                Some(p) => relisting.push(*p),
                None => up.removed.push(body_file(&b)),
            }
        }
        // The whole site's calendar and its bodies' are joined side by side.
        let (whole, of_bodies) = rayon::join(
            || self.whole(site),
            || (relisting.par_iter().map(|p| self.body(site, p))).collect::<Vec<File>>(),
        );
        up.files.push(whole);
        up.files.extend(of_bodies);
        Some(up)
    }
}

fn body_file(id: &str) -> String {
    format!("kalender/{id}.ics")
}

/// The calendar file of one meeting, below the output.
pub fn meeting_file(id: &str) -> String {
    format!("kalender/moeder/{id}.ics")
}

const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Copenhagen",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// A calendar's lines before its entries, folded.
fn header(name: &str) -> String {
    let mut out = String::new();
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//protokol//protokol//DA".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(name)),
        "X-WR-TIMEZONE:Europe/Copenhagen".into(),
    ];
    for l in lines
        .iter()
        .map(String::as_str)
        .chain(VTIMEZONE.iter().copied())
    {
        fold_into(&mut out, l);
    }
    out
}

/// "10.00", "10:00" or "10" as (hour, minute).
fn clock(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let (h, m) = s.split_once(['.', ':']).unwrap_or((s, "0"));
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

fn event(site: &Site, m: &Meeting) -> Vec<String> {
    let date = m.date.format("%Y%m%d").to_string();
    let uid = match site.config.site_host() {
        Some(host) => format!("{}@{host}", m.original_id()),
        None => m.original_id(),
    };
    let mut e = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", text(&uid)),
        format!("DTSTAMP:{date}T000000Z"),
        format!("SEQUENCE:{}", m.front.moved_from.len()),
    ];
    match m.front.start.as_ref().and_then(|t| clock(&t.0)) {
        Some((h, min)) => {
            e.push(format!(
                "DTSTART;TZID=Europe/Copenhagen:{date}T{h:02}{min:02}00"
            ));
            if let Some((eh, emin)) = m.front.end.as_ref().and_then(|t| clock(&t.0)) {
                if (eh, emin) > (h, min) {
                    e.push(format!(
                        "DTEND;TZID=Europe/Copenhagen:{date}T{eh:02}{emin:02}00"
                    ));
                }
            }
        }
        None => {
            let next = m.date.succ_opt().unwrap_or(m.date).format("%Y%m%d");
            e.push(format!("DTSTART;VALUE=DATE:{date}"));
            e.push(format!("DTEND;VALUE=DATE:{next}"));
        }
    }
    e.push(format!("SUMMARY:{}", text(&m.front.title)));
    if let Some(p) = &m.front.place {
        e.push(format!("LOCATION:{}", text(p)));
    }
    let url = absolute(site, &url_path(ItemKind::Meeting, &m.id));
    let mut description: Vec<String> = published::items(m)
        .map(|i| format!("{} {}", i.meta.number, published::item_title(i)))
        .collect();
    if let Some(u) = &url {
        description.push(u.clone());
        e.push(format!("URL:{u}"));
    }
    if !description.is_empty() {
        e.push(format!("DESCRIPTION:{}", text(&description.join("\n"))));
    }
    e.push(format!(
        "STATUS:{}",
        if m.front.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        }
    ));
    e.push("TRANSP:OPAQUE".into());
    e.push("END:VEVENT".into());
    e
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (RFC 5545 3.1), each physical line ending in CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "æ".repeat(60));
        fold_into(&mut out, &line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
    }

    #[test]
    fn clock_reads_danish_times_and_refuses_nonsense() {
        assert_eq!(clock("10.00"), Some((10, 0)));
        assert_eq!(clock("9:30"), Some((9, 30)));
        assert_eq!(clock("25.00"), None);
        assert_eq!(clock("kl. 10"), None);
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}

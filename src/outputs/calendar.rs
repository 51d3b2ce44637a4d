//! iCalendar (RFC 5545): every meeting (`kalender/alle.ics`), every body's (`kalender/<body>.ics`) and each
//! meeting on its own (`kalender/moeder/<id>.ics`, the "Tilføj til kalender" link of its page).
//!
//! - Times are local Copenhagen time (`DTSTART;TZID=Europe/Copenhagen`) with a VTIMEZONE carrying the EU rules
//!   (last Sunday of March and of October); a meeting without `start` is an all-day event, one without `end` ends
//!   when it starts (RFC 5545 3.6.1), as nothing says how long it lasts.
//! - `UID` is the meeting's original id (before any move, [`crate::model::Meeting::original_id`]) at the site's
//!   host; `SEQUENCE` is the number of moves (`moved_from`); `STATUS:CANCELLED` for `cancelled: true`.
//! - `DTSTAMP` is the meeting's date at 00:00 UTC, not the build time: builds are reproducible.
//! - Lines end in CRLF and are folded at 75 octets, never inside a UTF-8 character.

use super::{absolute, published, File};
use crate::load::Site;
use crate::model::ItemKind;
use crate::model::Meeting;
use crate::urls::url_path;
use rayon::prelude::*;

pub fn files(site: &Site) -> Vec<File> {
    let mut out = vec![(
        "kalender/alle.ics".to_string(),
        calendar(site, &site.config.title, published::meetings(site)),
    )];
    for b in published::bodies(site) {
        out.push((
            format!("kalender/{}.ics", b.id),
            calendar(
                site,
                &format!("{} · {}", b.short_name(), site.config.title),
                published::meetings_of(site, &b.id),
            ),
        ));
    }
    let meetings: Vec<&Meeting> = published::meetings(site).collect();
    out.par_extend(meetings.par_iter().map(|m| {
        (
            meeting_file(&m.id),
            calendar(site, &m.front.title, std::iter::once(*m)),
        )
    }));
    out
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

fn calendar<'a>(site: &Site, name: &str, meetings: impl Iterator<Item = &'a Meeting>) -> Vec<u8> {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//protokol//protokol//DA".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(name)),
        "X-WR-TIMEZONE:Europe/Copenhagen".into(),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| l.to_string()));
    // Oldest first, as calendars list them.
    let mut ms: Vec<&Meeting> = meetings.collect();
    ms.reverse();
    let events: Vec<Vec<String>> = ms.par_iter().map(|m| event(site, m)).collect();
    lines.extend(events.into_iter().flatten());
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in lines {
        fold_into(&mut out, &l);
    }
    out.into_bytes()
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

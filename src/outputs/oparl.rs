//! OParl 1.1-shaped JSON below `oparl/`: the System (`oparl/system.json`), its Bodies (one per body with
//! meetings), each body's Organization (the body as a committee), Meetings with their AgendaItems inline, Papers
//! (the documents, each with its page as main File) and the tables' CSV files as Files, in paginated lists
//! ([`PAGE`] objects a page). Ids are the objects' absolute URLs, so OParl is written only when the site has one
//! (`url` in protokol.toml). Fields OParl has no name for are prefixed `protokol:`.
//!
//! A static host cannot answer the query filters OParl servers offer (`created_since`, `modified_since`, …): a
//! client reads the lists whole (README).

use super::{absolute, published, File};
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::model::ItemKind;
use crate::model::Meeting;
use crate::urls::url_path;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

/// Objects per page of a list.
const PAGE: usize = 100;

const SCHEMA: &str = "https://schema.oparl.org/1.1/";

fn kind(name: &str) -> String {
    format!("{SCHEMA}{name}")
}

/// Every file, for one run (collected from [`in_parts`]).
pub fn files(site: &Site) -> Vec<File> {
    let mut out = Vec::new();
    let collected = in_parts(site, &mut |files| {
        out.extend(files);
        Ok(())
    });
    debug_assert!(collected.is_ok());
    out
}

/// A one-off build makes a body's meetings into JSON this many at a time (a whole number of list pages).
const CHUNK: usize = 10 * PAGE;

/// Every file, for one run, handed over in parts: each body's meetings are made into JSON a thousand at a time,
/// put into its lists' pages and written as their own files, and dropped, so that OParl (1.3 GB at 100,000
/// meetings) is never whole in memory (#15).
pub fn in_parts(site: &Site, parts: super::Parts) -> Result<(), Diagnostic> {
    let Some(base) = absolute(site, "oparl/") else {
        return Ok(());
    };
    let owners = paper_bodies(site);
    let bodies = bodies_here(site, &owners);
    parts(site_files(site, &base, &owners, &bodies))?;
    for b in &bodies {
        let mut meetings: Vec<&Meeting> = published::meetings_of(site, b).rev().collect();
        oldest_first(&mut meetings);
        let (meetings_list, items_list) = list_names(b);
        let mut of_meetings = Pager::new(&base, &meetings_list);
        let mut of_items = Pager::new(&base, &items_list);
        for chunk in meetings.chunks(CHUNK) {
            let shown: Vec<Shown> = (chunk.par_iter())
                .map(|m| shown_of(site, &base, m))
                .collect();
            let mut out: Vec<File> = (shown.par_iter())
                .flat_map_iter(|s| own_files(s, &bodies))
                .collect();
            for s in shown {
                of_meetings.push(s.object(), &mut out);
                for item in s.items {
                    of_items.push(item, &mut out);
                }
            }
            parts(out)?;
        }
        let mut out = Vec::new();
        of_meetings.finish(&mut out);
        of_items.finish(&mut out);
        parts(out)?;
    }
    Ok(())
}

/// A list's pages made as its objects come, in a one-off build: a full page is made when the next object shows
/// that it is not the last. The pages are [`list`]'s.
struct Pager<'a> {
    base: &'a str,
    name: &'a str,
    n: usize,
    pending: Vec<String>,
}

impl<'a> Pager<'a> {
    fn new(base: &'a str, name: &'a str) -> Pager<'a> {
        Pager {
            base,
            name,
            n: 1,
            pending: Vec::with_capacity(PAGE),
        }
    }

    fn push(&mut self, object: String, out: &mut Vec<File>) {
        if self.pending.len() == PAGE {
            out.push(page(self.base, self.name, self.n, false, &self.pending));
            self.pending.clear();
            self.n += 1;
        }
        self.pending.push(object);
    }

    /// The last page (page 1, empty, for a list of nothing).
    fn finish(self, out: &mut Vec<File>) {
        out.push(page(self.base, self.name, self.n, true, &self.pending));
    }
}

/// OParl kept between runs of `serve`: every meeting's object as JSON, and what each list listed, so that an edit
/// of meetings rewrites only their objects and the pages of the lists that list them whose entries changed. The
/// pages are joined from the same JSON a full build joins, so their bytes are a full build's.
#[derive(Default)]
pub struct Oparl {
    /// The lists' common URL prefix; `None` when the site has no URL (and no OParl).
    base: Option<String>,
    meetings: HashMap<String, Shown>,
    /// The bodies with meetings or papers and the bodies each paper belongs to: the lists other than meetings'
    /// and agenda items' depend on them (and on documents and tables), so when they change OParl is made afresh.
    owners: Owners,
    bodies: Vec<String>,
    /// Each meeting and agenda-item list's entries when it was last joined, by list name.
    lists: HashMap<String, Vec<Entry>>,
}

/// One meeting as OParl shows it: its object as JSON, split where its agenda items go, and the items' JSON.
struct Shown {
    id: String,
    bodies: Vec<String>,
    head: String,
    items: Vec<String>,
    tail: String,
    invitation: String,
    /// Of the whole object: the same hash, the same JSON.
    hash: u64,
}

/// A list entry: its meeting's [`Shown::hash`] and which of the meeting's agenda items (0 in a meetings list).
type Entry = (u64, usize);

type Owners = std::collections::BTreeMap<String, Vec<String>>;

impl Oparl {
    pub fn of(site: &Site) -> Oparl {
        let Some(base) = absolute(site, "oparl/") else {
            return Oparl::default();
        };
        let meetings: Vec<&Meeting> = published::meetings(site).collect();
        let meetings: HashMap<String, Shown> = (meetings.par_iter())
            .map(|m| (m.id.clone(), shown_of(site, &base, m)))
            .collect();
        let papers = paper_bodies(site);
        let (owners, bodies) = (owned(&papers), bodies_here(site, &papers));
        let mut oparl = Oparl {
            base: Some(base),
            meetings,
            owners,
            bodies,
            lists: HashMap::new(),
        };
        for b in oparl.bodies.clone() {
            let listed = listed(&oparl.meetings, site, &b);
            for (name, entries, _) in lists_of(&b, &listed) {
                oparl.lists.insert(name, entries);
            }
        }
        oparl
    }
}

/// The meetings `body`'s lists list, oldest first ([`oldest_first`]).
fn listed<'a>(meetings: &'a HashMap<String, Shown>, site: &Site, body: &str) -> Vec<&'a Shown> {
    let mut listed: Vec<&Meeting> = published::meetings_of(site, body).rev().collect();
    oldest_first(&mut listed);
    (listed.into_iter())
        .filter_map(|m| meetings.get(&m.id))
        .collect()
}

/// OParl's lists in their order: by date, then id. OParl 1.1 ("Objektlisten und Paginierung") asks only for an
/// order that stays put while a client pages; oldest first puts a new meeting, the usual addition, on the last
/// page, so that a new meeting re-joins that page alone instead of every page of its body (#15). The site keeps
/// meetings newest first with ties by id, so reversed they are in order but for ties, which the stable,
/// run-detecting sort puts right in about linear time.
fn oldest_first(meetings: &mut [&Meeting]) {
    meetings.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
}

impl super::Kept for Oparl {
    fn files(&self, site: &Site) -> Vec<File> {
        let Some(base) = &self.base else {
            return Vec::new();
        };
        let owners = paper_bodies(site);
        let mut out = site_files(site, base, &owners, &self.bodies);
        for b in &self.bodies {
            out.extend(body_lists(base, b, &listed(&self.meetings, site, b)));
        }
        out.par_extend(
            (self.meetings.par_iter()).flat_map_iter(|(_, s)| own_files(s, &self.bodies)),
        );
        out
    }

    /// Meetings alone (and pages, which OParl does not show) are updated in place, as long as the bodies and
    /// the papers' bodies stay what they were; any other edit makes OParl afresh.
    fn update(
        &mut self,
        site: &Site,
        changed: &BTreeSet<(ItemKind, String)>,
    ) -> Option<super::KeptUpdate> {
        let mut up = super::KeptUpdate::default();
        let Some(base) = self.base.clone() else {
            return Some(up);
        };
        if changed
            .iter()
            .any(|(k, _)| !matches!(k, ItemKind::Meeting | ItemKind::Page))
        {
            return None;
        }
        if changed.iter().all(|(k, _)| *k != ItemKind::Meeting) {
            return Some(up);
        }
        let owners = paper_bodies(site);
        if owned(&owners) != self.owners || bodies_here(site, &owners) != self.bodies {
            return None;
        }
        let mut relisted: BTreeSet<String> = BTreeSet::new();
        let meetings = (changed.iter()).filter(|(k, _)| *k == ItemKind::Meeting);
        for (_, id) in meetings {
            let before = self.meetings.remove(id);
            let now = site.meeting(id).map(|m| shown_of(site, &base, m));
            if before.as_ref().map(|s| s.hash) == now.as_ref().map(|s| s.hash) {
                if let Some(s) = before {
                    self.meetings.insert(id.clone(), s);
                }
                continue;
            }
            let written = |s: &Option<Shown>| {
                let files = s.iter().flat_map(|s| own_files(s, &self.bodies));
                files.collect::<Vec<File>>()
            };
            let now_files = written(&now);
            for (path, _) in written(&before) {
                if !now_files.iter().any(|(p, _)| *p == path) {
                    up.removed.push(path);
                }
            }
            up.files.extend(now_files);
            for s in before.iter().chain(&now) {
                relisted.extend(s.bodies.iter().cloned());
            }
            if let Some(s) = now {
                self.meetings.insert(id.clone(), s);
            }
        }
        for b in relisted.iter().filter(|b| self.bodies.contains(b)) {
            let listed = listed(&self.meetings, site, b);
            for (name, entries, entry) in lists_of(b, &listed) {
                let before = self.lists.remove(&name).unwrap_or_default();
                let list = List {
                    name: &name,
                    entries: &entries,
                    entry,
                };
                rejoin(&base, list, &before, &listed, &mut up);
                self.lists.insert(name, entries);
            }
        }
        Some(up)
    }
}

/// The bodies with meetings or papers, in the configuration's order.
fn bodies_here(site: &Site, owners: &std::collections::BTreeMap<&str, Vec<&str>>) -> Vec<String> {
    (site.config.bodies.iter())
        .filter(|b| {
            published::meetings_of(site, &b.id).next().is_some()
                || owners.values().any(|bs| bs.contains(&b.id.as_str()))
        })
        .map(|b| b.id.clone())
        .collect()
}

fn owned(owners: &std::collections::BTreeMap<&str, Vec<&str>>) -> Owners {
    (owners.iter())
        .map(|(d, bs)| (d.to_string(), bs.iter().map(|b| b.to_string()).collect()))
        .collect()
}

/// Everything but the meetings, their agenda items and the lists of them: the System, the Bodies, each body's
/// Organization, papers and files, and the Papers and Files they list.
fn site_files(
    site: &Site,
    base: &str,
    owners: &std::collections::BTreeMap<&str, Vec<&str>>,
    bodies_here: &[String],
) -> Vec<File> {
    let web = |p: &str| absolute(site, p).unwrap_or_default();
    let system_id = format!("{base}system.json");
    let mut out = Vec::new();
    let mut objects: std::collections::BTreeMap<String, Value> = Default::default();
    let bodies_here: Vec<&crate::config::Body> = (site.config.bodies.iter())
        .filter(|b| bodies_here.contains(&b.id))
        .collect();
    let bodies: Vec<Value> = bodies_here
        .iter()
        .map(|b| {
            let id = format!("{base}body/{}.json", b.id);
            let list = |what: &str| format!("{base}body/{}/{what}.json", b.id);
            json!({
                "id": id,
                "type": kind("Body"),
                "system": system_id,
                "name": b.name,
                "shortName": b.short_name(),
                "website": web(&format!("organer/{}/", b.id)),
                "web": web(&format!("organer/{}/", b.id)),
                "organization": list("organizations"),
                "person": list("people"),
                "meeting": list("meetings"),
                "paper": list("papers"),
                "file": list("files"),
                "agendaItem": list("agenda-items"),
                "legislativeTerm": [],
                "protokol:calendar": web(&format!("kalender/{}.ics", b.id)),
            })
        })
        .collect();
    out.push(json_file(
        "oparl/system.json",
        &json!({
            "id": system_id,
            "type": kind("System"),
            "oparlVersion": SCHEMA,
            "name": site.config.title,
            "website": web(""),
            "body": format!("{base}bodies.json"),
        }),
    ));
    out.extend(list(base, "bodies", &serialized(&bodies)));
    for (b, body) in bodies_here.iter().zip(&bodies) {
        out.push(json_file(&format!("oparl/body/{}.json", b.id), body));
        let body_id = body["id"].clone();
        let org_id = format!("{base}body/{}/organization.json", b.id);
        let org = json!({
            "id": org_id, "type": kind("Organization"), "body": body_id, "name": b.name,
            "shortName": b.short_name(), "organizationType": "Gremium", "classification": "protokol:body",
            "meeting": format!("{base}body/{}/meetings.json", b.id),
            "web": web(&format!("organer/{}/", b.id)),
        });
        out.push(json_file(
            &format!("oparl/body/{}/organization.json", b.id),
            &org,
        ));
        let prefix = format!("body/{}/", b.id);
        out.extend(list(
            base,
            &format!("{prefix}organizations"),
            &serialized(&[org]),
        ));
        out.extend(list(base, &format!("{prefix}people"), &[] as &[String]));
        let papers: Vec<Value> = published::documents(site)
            .filter(|d| owners.get(d.id.as_str()).is_some_and(|bs| bs.contains(&b.id.as_str())))
            .map(|d| {
                let page = url_path(ItemKind::Document, &d.id);
                let mut paper = json!({
                    "id": format!("{base}paper/{}.json", d.id),
                    "type": kind("Paper"),
                    "body": format!("{base}body/{}.json", owners[d.id.as_str()][0]),
                    "name": d.front.title,
                    "reference": d.id,
                    "date": published::document_date(d).map(|x| x.format("%Y-%m-%d").to_string()),
                    "paperType": crate::i18n::kind_name(crate::model::Kind::Document(d.front.kind), site.config.language),
                    "mainFile": page_file(base, &format!("paper-{}", d.id), &d.front.title, &web(&page)),
                    "web": web(&page),
                });
                // OParl's `reference` is the paper's file number: the case number when it has one.
                if let Some(case) = &d.front.case {
                    paper["reference"] = json!(case);
                }
                if let Some(journal) = &d.front.journal {
                    paper["protokol:journal"] = json!(journal);
                }
                paper
            })
            .collect();
        for p in &papers {
            objects.insert(p["id"].as_str().unwrap_or_default().to_string(), p.clone());
            objects.insert(
                p["mainFile"]["id"].as_str().unwrap_or_default().to_string(),
                p["mainFile"].clone(),
            );
        }
        out.extend(list(base, &format!("{prefix}papers"), &serialized(&papers)));
        let files: Vec<Value> = published::tables(site)
            .filter(|t| {
                t.file
                    .document
                    .as_ref()
                    .and_then(|d| owners.get(d.value.as_str()))
                    .is_some_and(|bs| bs.contains(&b.id.as_str()))
            })
            .map(|t| {
                json!({
                    "id": format!("{base}file/table-{}.json", t.id),
                    "type": kind("File"),
                    "name": t.file.title,
                    "fileName": format!("{}.csv", t.id),
                    "mimeType": "text/csv",
                    "accessUrl": web(&super::opendata::csv_path(&t.id)),
                    "downloadUrl": web(&super::opendata::csv_path(&t.id)),
                    "web": web(&url_path(ItemKind::Table, &t.id)),
                })
            })
            .collect();
        for f in &files {
            objects.insert(f["id"].as_str().unwrap_or_default().to_string(), f.clone());
        }
        out.extend(list(base, &format!("{prefix}files"), &serialized(&files)));
    }
    // Papers and Files that several lists name are written once, each at its id.
    for (id, v) in objects {
        if let Some(rest) = id.strip_prefix(base) {
            out.push(json_file(&format!("oparl/{rest}"), &v));
        }
    }
    out
}

/// The bodies each document belongs to, first the one it names as its `organisation`, then those whose meetings
/// attach it. A document neither names a body nor is attached to a meeting has no body in OParl and is left out
/// (README).
fn paper_bodies(site: &Site) -> std::collections::BTreeMap<&str, Vec<&str>> {
    let mut map: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for d in published::documents(site) {
        if let Some(b) = d
            .front
            .organisation
            .as_deref()
            .and_then(|o| site.config.body(o))
        {
            map.entry(d.id.as_str()).or_default().push(b.id.as_str());
        }
    }
    for m in published::meetings(site) {
        for i in published::items(m) {
            for a in i.meta.attachments() {
                if let Some(d) = a.value.document.as_deref().and_then(|d| site.document(d)) {
                    let bodies = map.entry(d.id.as_str()).or_default();
                    for b in m.body_ids().filter(|b| site.config.body(b).is_some()) {
                        if !bodies.contains(&b) {
                            bodies.push(b);
                        }
                    }
                }
            }
        }
    }
    map
}

/// A web page as an OParl File.
fn page_file(base: &str, id: &str, name: &str, url: &str) -> Value {
    json!({
        "id": format!("{base}file/{id}.json"),
        "type": kind("File"),
        "name": name,
        "fileName": "index.html",
        "mimeType": "text/html",
        "accessUrl": url,
    })
}

fn meeting(site: &Site, base: &str, m: &Meeting) -> Value {
    let id = format!("{base}meeting/{}.json", m.id);
    // Each of its bodies as the committee that met (several for a joint meeting).
    let organizations: Vec<String> = (m.body_ids())
        .filter(|b| site.config.body(b).is_some())
        .map(|b| format!("{base}body/{b}/organization.json"))
        .collect();
    let page = absolute(site, &url_path(ItemKind::Meeting, &m.id)).unwrap_or_default();
    let items: Vec<Value> = published::items(m)
        .enumerate()
        .map(|(n, i)| {
            let mut item = json!({
                "id": format!("{base}meeting/{}.json#{}", m.id, i.anchor),
                "type": kind("AgendaItem"),
                "meeting": id,
                "number": i.meta.number,
                "order": n + 1,
                "name": published::item_title(i),
                "public": i.closed.is_none(),
                "web": format!("{page}#{}", i.anchor),
                "protokol:papers": i.meta.attachments().iter()
                    .filter_map(|a| a.value.document.as_deref().and_then(|d| site.document(d)))
                    .map(|d| format!("{base}paper/{}.json", d.id))
                    .collect::<Vec<_>>(),
            });
            super::positions::add_to_agenda_item(&mut item, &i.meta, site.config.language);
            item
        })
        .collect();
    let time = |t: &Option<crate::model::meeting::Time>| {
        t.as_ref().and_then(|s| {
            let s = s.0.trim().replace('.', ":");
            chrono::NaiveTime::parse_from_str(&s, "%H:%M").ok()
        })
    };
    let at = |t: Option<chrono::NaiveTime>| match t {
        Some(t) => format!("{}T{}", m.date.format("%Y-%m-%d"), t.format("%H:%M:%S")),
        None => m.date.format("%Y-%m-%d").to_string(),
    };
    let mut o = json!({
        "id": id,
        "type": kind("Meeting"),
        "name": m.front.title,
        "meetingState": if m.front.cancelled { "cancelled" } else { m.front.kind.as_str() },
        "cancelled": m.front.cancelled,
        "start": at(time(&m.front.start)),
        "organization": organizations,
        "agendaItem": items,
        "web": page,
        "invitation": page_file(base, &format!("meeting-{}", m.id), &m.front.title, &page),
        "protokol:kind": m.front.kind.as_str(),
        "protokol:calendar": absolute(site, &super::calendar::meeting_file(&m.id)),
    });
    if m.front.end.is_some() {
        o["end"] = json!(at(time(&m.front.end)));
    }
    if let Some(p) = &m.front.place {
        o["protokol:place"] = json!(p);
    }
    o
}

/// A meeting's JSON, split where its agenda items go.
fn shown_of(site: &Site, base: &str, m: &Meeting) -> Shown {
    let mut o = meeting(site, base, m);
    let items = match o.get_mut("agendaItem").map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    let items: Vec<String> = items.iter().map(to_json).collect();
    o["agendaItem"] = json!([]);
    let invitation = to_json(&o["invitation"]);
    let (head, tail) = split_at_empty(&to_json(&o), "\"agendaItem\":[");
    let mut shown = Shown {
        id: m.id.clone(),
        bodies: m.body_ids().map(str::to_string).collect(),
        head,
        items,
        tail,
        invitation,
        hash: 0,
    };
    shown.hash = super::shown_hash(&|h| std::hash::Hash::hash(&shown.object(), h));
    shown
}

impl Shown {
    /// The meeting's object, its agenda items inline.
    fn object(&self) -> String {
        let mut s = self.head.clone();
        s.push_str(&self.items.join(","));
        s.push_str(&self.tail);
        s
    }
}

/// `json` cut after `key` (`"name":[`, whose array is empty): in compact JSON a quote inside a string is
/// escaped, so the key, with its quotes, is found only where it is a key.
fn split_at_empty(json: &str, key: &str) -> (String, String) {
    match json.find(&format!("{key}]")) {
        Some(at) => (
            json[..at + key.len()].to_string(),
            json[at + key.len()..].to_string(),
        ),
        None => (json.to_string(), String::new()),
    }
}

/// A meeting's own files: its object (written with its first body) and its invitation's File (when a body
/// lists it).
fn own_files(s: &Shown, bodies: &[String]) -> Vec<File> {
    let mut out = Vec::new();
    if s.bodies.first().is_some_and(|b| bodies.contains(b)) {
        out.push(text_file(
            &format!("oparl/meeting/{}.json", s.id),
            s.object(),
        ));
    }
    if s.bodies.iter().any(|b| bodies.contains(b)) {
        let path = format!("oparl/file/meeting-{}.json", s.id);
        out.push(text_file(&path, s.invitation.clone()));
    }
    out
}

/// A body's lists of meetings and of agenda items, in full.
fn body_lists(base: &str, body: &str, listed: &[&Shown]) -> Vec<File> {
    let (meetings, items) = list_names(body);
    let objects: Vec<String> = listed.par_iter().map(|s| s.object()).collect();
    let items_json: Vec<&str> = (listed.iter())
        .flat_map(|s| s.items.iter().map(String::as_str))
        .collect();
    let mut out = list(base, &meetings, &objects);
    out.extend(list(base, &items, &items_json));
    out
}

fn list_names(body: &str) -> (String, String) {
    (
        format!("body/{body}/meetings"),
        format!("body/{body}/agenda-items"),
    )
}

/// What a body's lists of meetings and of agenda items list, and how an entry is made.
fn lists_of(body: &str, listed: &[&Shown]) -> [(String, Vec<Entry>, EntryJson); 2] {
    let (meetings, items) = list_names(body);
    let entries = |each: &dyn Fn(&Shown) -> usize| -> Vec<Entry> {
        (listed.iter())
            .flat_map(|s| (0..each(s)).map(|n| (s.hash, n)))
            .collect()
    };
    [
        (meetings, entries(&|_| 1), |s, _| s.object()),
        (items, entries(&|s| s.items.len()), |s, n| {
            s.items.get(n).cloned().unwrap_or_default()
        }),
    ]
}

/// An entry's JSON, of its meeting and its number there.
type EntryJson = fn(&Shown, usize) -> String;

/// A list as it is now: its name, its entries and how an entry is made.
struct List<'a> {
    name: &'a str,
    entries: &'a [Entry],
    entry: EntryJson,
}

/// Re-joins the pages of a list whose entries are not those it had (`before`), or that became or stopped being
/// the last page (which has no `next`), and removes the pages it no longer has. A page shows nothing of the
/// list's length (#15), so a meeting added or removed re-joins only the pages from its place on.
fn rejoin(base: &str, now: List, before: &[Entry], listed: &[&Shown], up: &mut super::KeptUpdate) {
    let pages = |n: usize| n.div_ceil(PAGE).max(1);
    fn on_page(e: &[Entry], n: usize) -> &[Entry] {
        let start = ((n - 1) * PAGE).min(e.len());
        &e[start..(start + PAGE).min(e.len())]
    }
    let total = now.entries.len();
    let (last, last_before) = (pages(total), pages(before.len()));
    let stale: Vec<usize> = (1..=last)
        .filter(|n| {
            on_page(before, *n) != on_page(now.entries, *n) || (*n == last) != (*n == last_before)
        })
        .collect();
    if !stale.is_empty() {
        let by_hash: HashMap<u64, &Shown> = listed.iter().map(|s| (s.hash, *s)).collect();
        up.files.par_extend(stale.into_par_iter().map(|n| {
            let data: Vec<String> = (on_page(now.entries, n).iter())
                .filter_map(|(hash, i)| by_hash.get(hash).map(|s| (now.entry)(s, *i)))
                .collect();
            page(base, now.name, n, n == last, &data)
        }));
    }
    for n in last + 1..=last_before {
        up.removed.push(page_path(now.name, n));
    }
}

fn serialized(values: &[Value]) -> Vec<String> {
    values.iter().map(to_json).collect()
}

fn to_json(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Compact JSON: OParl is read by programs, and at 10,000 meetings indentation is a third of the bytes.
fn json_file(path: &str, v: &Value) -> File {
    text_file(path, to_json(v))
}

fn text_file(path: &str, mut json: String) -> File {
    json.push('\n');
    (path.to_string(), json.into_bytes())
}

/// A paginated list (`<name>.json`, `<name>-2.json`, …) of objects given as JSON.
fn list<S: AsRef<str> + Sync>(base: &str, name: &str, objects: &[S]) -> Vec<File> {
    let pages = objects.len().div_ceil(PAGE).max(1);
    (1..=pages)
        .into_par_iter()
        .map(|n| {
            let data: Vec<&S> = objects.iter().skip((n - 1) * PAGE).take(PAGE).collect();
            page(base, name, n, n == pages, &data)
        })
        .collect()
}

/// Page `n` of a list, `data` its objects as JSON, with OParl's `data`, `pagination` and `links`; `last`: no
/// page follows. OParl 1.1 ("Objektlisten und Paginierung") makes every `pagination` field optional and every
/// link but `next` (on all pages but the last): a page leaves out the list's length (`totalElements`,
/// `totalPages`, `links.last`), so that a meeting added changes only the pages from its place on (#15).
fn page<S: AsRef<str>>(base: &str, name: &str, n: usize, last: bool, data: &[S]) -> File {
    let url = |n: usize| format!("{base}{}", page_path(name, n).trim_start_matches("oparl/"));
    let mut links = json!({"first": url(1), "self": url(n)});
    if n > 1 {
        links["prev"] = json!(url(n - 1));
    }
    if !last {
        links["next"] = json!(url(n + 1));
    }
    let v = json!({
        "data": [],
        "pagination": {"elementsPerPage": PAGE, "currentPage": n},
        "links": links,
    });
    let (mut json, tail) = split_at_empty(&to_json(&v), "\"data\":[");
    let objects: Vec<&str> = data.iter().map(AsRef::as_ref).collect();
    json.push_str(&objects.join(","));
    json.push_str(&tail);
    text_file(&page_path(name, n), json)
}

/// Page `n` of list `name`, below the output.
fn page_path(name: &str, n: usize) -> String {
    if n == 1 {
        format!("oparl/{name}.json")
    } else {
        format!("oparl/{name}-{n}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/oparl/";

    fn shown(n: usize) -> Shown {
        Shown {
            id: format!("m{n}"),
            bodies: vec!["b".into()],
            head: format!("{{\"id\":\"m{n}\",\"agendaItem\":["),
            items: Vec::new(),
            tail: "]}".into(),
            invitation: String::new(),
            hash: n as u64 + 1,
        }
    }

    fn json(file: &File) -> Value {
        serde_json::from_slice(&file.1).unwrap()
    }

    /// The pages of a list of `shown` meetings re-joined after it listed `before`.
    fn rejoined(before: &[Shown], now: &[Shown]) -> Vec<String> {
        let [(_, before, _), ..] = lists_of("b", &before.iter().collect::<Vec<_>>());
        let listed: Vec<&Shown> = now.iter().collect();
        let [(name, entries, entry), ..] = lists_of("b", &listed);
        let mut up = crate::outputs::KeptUpdate::default();
        let list = List {
            name: &name,
            entries: &entries,
            entry,
        };
        rejoin(BASE, list, &before, &listed, &mut up);
        let mut paths: Vec<String> = up.files.into_iter().map(|(p, _)| p).collect();
        paths.extend(up.removed.into_iter().map(|p| format!("-{p}")));
        paths.sort();
        paths
    }

    #[test]
    fn a_list_page_links_the_next_until_the_last_and_shows_nothing_of_the_length() {
        let objects: Vec<String> = (0..250).map(|n| format!("{{\"n\":{n}}}")).collect();
        let pages = list(BASE, "body/b/meetings", &objects);
        assert_eq!(pages.len(), 3);
        for (n, file) in pages.iter().enumerate() {
            let v = json(file);
            assert_eq!(v["pagination"]["currentPage"], n + 1);
            assert_eq!(v["pagination"]["elementsPerPage"], PAGE);
            assert_eq!(v["pagination"].as_object().unwrap().len(), 2, "{v}");
            assert!(v["links"].get("last").is_none(), "{v}");
            assert_eq!(v["links"]["first"], format!("{BASE}body/b/meetings.json"));
            let next = v["links"].get("next").and_then(Value::as_str);
            match n {
                2 => assert_eq!(next, None, "the last page has no next"),
                _ => assert_eq!(
                    next,
                    Some(format!("{BASE}body/b/meetings-{}.json", n + 2).as_str())
                ),
            }
        }
        assert_eq!(json(&pages[2])["data"].as_array().unwrap().len(), 50);
    }

    #[test]
    fn pages_made_as_the_objects_come_are_the_lists_pages() {
        for n in [0, 1, 99, 100, 101, 250, 300] {
            let objects: Vec<String> = (0..n).map(|i| format!("{{\"n\":{i}}}")).collect();
            let mut paged = Vec::new();
            let mut pager = Pager::new(BASE, "body/b/meetings");
            for o in &objects {
                pager.push(o.clone(), &mut paged);
            }
            pager.finish(&mut paged);
            assert_eq!(
                paged,
                list(BASE, "body/b/meetings", &objects),
                "{n} objects"
            );
        }
    }

    #[test]
    fn a_meeting_added_rejoins_only_the_pages_from_its_place_on() {
        let before: Vec<Shown> = (0..250).map(shown).collect();
        // Added at place 150: pages 2 and 3 change, page 1 keeps its bytes.
        let mut now: Vec<Shown> = (0..250).map(shown).collect();
        now.insert(150, shown(1000));
        assert_eq!(
            rejoined(&before, &now),
            [
                "oparl/body/b/meetings-2.json",
                "oparl/body/b/meetings-3.json"
            ]
        );
        // Added first: every page changes.
        let mut first: Vec<Shown> = (0..250).map(shown).collect();
        first.insert(0, shown(1000));
        assert_eq!(rejoined(&before, &first).len(), 3);
        // The 301st: page 3 is no longer the last (it gains a next), page 4 is new.
        let full: Vec<Shown> = (0..300).map(shown).collect();
        let more: Vec<Shown> = (0..301).map(shown).collect();
        assert_eq!(
            rejoined(&full, &more),
            [
                "oparl/body/b/meetings-3.json",
                "oparl/body/b/meetings-4.json"
            ]
        );
        // And back: page 3 is the last again, page 4 is gone.
        assert_eq!(
            rejoined(&more, &full),
            [
                "-oparl/body/b/meetings-4.json",
                "oparl/body/b/meetings-3.json"
            ]
        );
        // Nothing changed: nothing re-joined.
        assert!(rejoined(&before, &before).is_empty());
    }
}

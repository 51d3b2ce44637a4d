//! OParl 1.1-shaped JSON below `oparl/`: the System (`oparl/system.json`), its Bodies (one per body with
//! meetings), each body's Organization (the body as a committee), Meetings with their AgendaItems inline, Papers
//! (the documents, each with its page as main File) and the tables' CSV files as Files, in paginated lists
//! ([`PAGE`] objects a page). Ids are the objects' absolute URLs, so OParl is written only when the site has one
//! (`url` in protokol.toml). Fields OParl has no name for are prefixed `protokol:`.
//!
//! A static host cannot answer the query filters OParl servers offer (`created_since`, `modified_since`, …): a
//! client reads the lists whole (README).

use super::{absolute, published, File};
use crate::load::Site;
use crate::model::ItemKind;
use crate::model::Meeting;
use crate::urls::url_path;
use rayon::prelude::*;
use serde_json::{json, Value};

/// Objects per page of a list.
const PAGE: usize = 100;

const SCHEMA: &str = "https://schema.oparl.org/1.1/";

fn kind(name: &str) -> String {
    format!("{SCHEMA}{name}")
}

/// A meeting's object (its agenda items, the papers they attach, its bodies) and the body it is written with;
/// documents are papers and tables files, pages are not in OParl.
pub(super) const SHOWS: super::Shows = super::Shows {
    meeting: |site, m| {
        super::shown_hash(&|h| {
            if let Some(base) = absolute(site, "oparl/") {
                std::hash::Hash::hash(&meeting(site, &base, m).to_string(), h);
                std::hash::Hash::hash(&m.body_ids().collect::<Vec<_>>(), h);
            }
        })
    },
    ignores: |site, kind| site.config.site_url().is_none() || kind == ItemKind::Page,
};

pub fn files(site: &Site) -> Vec<File> {
    let Some(base) = absolute(site, "oparl/") else {
        return Vec::new();
    };
    let web = |p: &str| absolute(site, p).unwrap_or_default();
    let system_id = format!("{base}system.json");
    let mut out = Vec::new();
    let mut objects: std::collections::BTreeMap<String, Value> = Default::default();
    let owners = paper_bodies(site);
    let bodies_here: Vec<&crate::config::Body> = site
        .config
        .bodies
        .iter()
        .filter(|b| {
            published::meetings_of(site, &b.id).next().is_some()
                || owners.values().any(|bs| bs.contains(&b.id.as_str()))
        })
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
    out.extend(list(&base, "bodies", bodies.clone()));
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
        out.extend(list(&base, &format!("{prefix}organizations"), vec![org]));
        out.extend(list(&base, &format!("{prefix}people"), Vec::new()));
        let meetings: Vec<&Meeting> = published::meetings_of(site, &b.id).collect();
        let meeting_objects: Vec<Value> = meetings
            .par_iter()
            .map(|m| meeting(site, &base, m))
            .collect();
        // A joint meeting is in the lists of each of its bodies, and written once, with its first body.
        out.par_extend(
            meetings
                .par_iter()
                .zip(&meeting_objects)
                .filter(|(m, _)| m.body_id() == b.id)
                .map(|(m, o)| json_file(&format!("oparl/meeting/{}.json", m.id), o)),
        );
        let meeting_objects_written = meeting_objects.clone();
        let items: Vec<Value> = meeting_objects
            .iter()
            .flat_map(|o| o["agendaItem"].as_array().cloned().unwrap_or_default())
            .collect();
        out.extend(list(&base, &format!("{prefix}meetings"), meeting_objects));
        out.extend(list(&base, &format!("{prefix}agenda-items"), items));
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
                    "mainFile": page_file(&base, &format!("paper-{}", d.id), &d.front.title, &web(&page)),
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
        for m in &meeting_objects_written {
            objects.insert(
                m["invitation"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                m["invitation"].clone(),
            );
        }
        out.extend(list(&base, &format!("{prefix}papers"), papers));
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
        out.extend(list(&base, &format!("{prefix}files"), files));
    }
    // Papers and Files that several lists name are written once, each at its id.
    for (id, v) in objects {
        if let Some(rest) = id.strip_prefix(&base) {
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

/// Compact JSON: OParl is read by programs, and at 10,000 meetings indentation is a third of the bytes.
fn json_file(path: &str, v: &Value) -> File {
    let mut s = serde_json::to_string(v).unwrap_or_default();
    s.push('\n');
    (path.to_string(), s.into_bytes())
}

/// A paginated list (`<name>.json`, `<name>-2.json`, …) with OParl's `data`, `pagination` and `links`.
fn list(base: &str, name: &str, objects: Vec<Value>) -> Vec<File> {
    let pages = objects.len().div_ceil(PAGE).max(1);
    let url = |n: usize| {
        if n == 1 {
            format!("{base}{name}.json")
        } else {
            format!("{base}{name}-{n}.json")
        }
    };
    (1..=pages)
        .into_par_iter()
        .map(|n| {
            let data: Vec<Value> = objects.iter().skip((n - 1) * PAGE).take(PAGE).cloned().collect();
            let mut links = json!({"first": url(1), "last": url(pages), "self": url(n)});
            if n > 1 {
                links["prev"] = json!(url(n - 1));
            }
            if n < pages {
                links["next"] = json!(url(n + 1));
            }
            let v = json!({
                "data": data,
                "pagination": {"totalElements": objects.len(), "elementsPerPage": PAGE, "currentPage": n, "totalPages": pages},
                "links": links,
            });
            let path = url(n).strip_prefix(base).map(|p| format!("oparl/{p}")).unwrap_or_default();
            json_file(&path, &v)
        })
        .collect()
}

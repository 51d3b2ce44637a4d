//! [`Shown::plan`] against the plan made from scratch (every meeting's neighbours, every page's path and every
//! agenda item's `approves:` listed again after each edit, as it was before #15 kept them): over random series of
//! meetings added, deleted, moved in time and between bodies, joint, retitled and approving others, with documents
//! touched beside them, both give the same pages and the same pages gone, and what the plan keeps equals what a
//! fresh [`Shown::of`] makes.

use super::*;
use crate::config::Config;
use crate::markdown::Html;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// The plan as made before #15: the same rules, with the neighbours and the set of pages made again in full.
struct FullShown {
    listings: HashMap<String, Value>,
    near: HashMap<String, (Option<String>, Option<String>)>,
    pages: HashSet<String>,
    home: Vec<String>,
    shared: Shared,
}

fn near_ids(site: &Site) -> HashMap<String, (Option<String>, Option<String>)> {
    let id = |m: Option<&crate::model::Meeting>| m.map(|m| m.id.clone());
    (site.meetings.iter())
        .map(|m| {
            let (newer, older) = render::neighbours(site, m);
            (m.id.clone(), (id(newer), id(older)))
        })
        .collect()
}

fn page_paths(all: &[PageId]) -> HashSet<String> {
    all.iter().map(|p| p.path()).collect()
}

fn year_page_body(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("organer/")?.strip_suffix("/index.html")?;
    let (body, year) = rest.split_once('/')?;
    year.parse::<i32>().is_ok().then_some(body)
}

impl FullShown {
    fn of(site: &Site, shared: Shared) -> FullShown {
        FullShown {
            listings: listings(site),
            near: near_ids(site),
            pages: page_paths(&PageId::all(site)),
            home: home_ids(site),
            shared,
        }
    }

    fn plan(&mut self, site: &Site, shared: &Shared, dirty: &BTreeSet<(ItemKind, String)>) -> Plan {
        let mut pages: BTreeSet<PageId> = BTreeSet::new();
        let listed: Vec<(ItemKind, &String, Option<Value>)> = (dirty.iter())
            .map(|(kind, id)| (*kind, id, render::item_listing(site, *kind, id)))
            .collect();
        let mut came_or_went = false;
        let mut reordered = false;
        for (kind, id, now) in &listed {
            let page = PageId::of(*kind, id);
            let existed = self.pages.contains(&page.path());
            let exists = match kind {
                ItemKind::Page => site.pages.iter().any(|p| &p.id == *id),
                _ => now.is_some(),
            };
            came_or_went |= existed != exists;
            if *kind == ItemKind::Meeting {
                let place = |v: Option<&Value>| {
                    v.map(|v| (v.get("date").cloned(), v.get("body_ids").cloned()))
                };
                reordered |=
                    existed != exists || place(now.as_ref()) != place(self.listings.get(*id));
            }
        }
        came_or_went |= reordered;
        let near = reordered.then(|| near_ids(site));
        let near_now = near.as_ref().unwrap_or(&self.near);
        let mut relisted_meetings: Vec<&String> = Vec::new();
        for (kind, id, now) in listed {
            pages.insert(PageId::of(kind, id));
            let before = self.listings.get(id);
            if now.as_ref() == before || kind == ItemKind::Page {
                continue;
            }
            lists_showing(site, kind, before, now.as_ref(), &mut pages);
            if kind == ItemKind::Meeting {
                relisted_meetings.push(id);
            }
            for map in [near_now, &self.near] {
                if let Some((newer, older)) = map.get(id) {
                    pages.extend(
                        newer
                            .iter()
                            .chain(older)
                            .map(|n| PageId::Meeting(n.clone())),
                    );
                }
            }
            for m in &site.meetings {
                if m.items
                    .iter()
                    .any(|i| i.meta.approves().is_some_and(|a| &a.value == id))
                {
                    pages.insert(PageId::Meeting(m.id.clone()));
                }
            }
            match now {
                Some(v) => self.listings.insert(id.clone(), v),
                None => self.listings.remove(id),
            };
        }
        if !relisted_meetings.is_empty() {
            let home = home_ids(site);
            if home != self.home || relisted_meetings.iter().any(|id| home.contains(id)) {
                pages.insert(PageId::Home);
            }
            self.home = home;
        }
        for id in shared.backlinks_changed(&self.shared) {
            if let Some((kind, _)) = site.ids.get(&id) {
                pages.insert(PageId::of(*kind, &id));
            }
        }
        if let Some(near) = near {
            for (id, pair) in &near {
                if self.near.get(id) != Some(pair) {
                    pages.insert(PageId::Meeting(id.clone()));
                }
            }
            self.near = near;
        }
        let versioned: Vec<&crate::model::Document> = (pages.iter())
            .filter_map(|p| match p {
                PageId::Document(id) => site.document(id),
                _ => None,
            })
            .filter(|d| {
                let versions = format!(
                    "{}versioner/",
                    crate::urls::url_path(ItemKind::Document, &d.id)
                );
                !d.versions.is_empty() || self.pages.iter().any(|p| p.starts_with(&versions))
            })
            .collect();
        came_or_went |= !versioned.is_empty();
        pages.extend(versioned.into_iter().flat_map(PageId::versions_of));
        let mut gone = Vec::new();
        if came_or_went {
            let all = PageId::all(site);
            let now_pages = page_paths(&all);
            gone = self.pages.difference(&now_pages).cloned().collect();
            let mut years_changed: HashSet<&str> = gone
                .iter()
                .filter_map(|p: &String| year_page_body(p))
                .collect();
            for p in &all {
                if let PageId::BodyYear(b, _) = p {
                    if !self.pages.contains(&p.path()) {
                        years_changed.insert(b);
                    }
                }
            }
            for p in &all {
                if let PageId::BodyYear(b, _) | PageId::Body(b) = p {
                    if years_changed.contains(b.as_str()) {
                        pages.insert(p.clone());
                    }
                }
            }
            let all: HashSet<PageId> = all.into_iter().collect();
            pages.retain(|p| all.contains(p));
            self.pages = now_pages;
        }
        Plan {
            pages: pages.into_iter().collect(),
            gone,
        }
    }
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        // xorshift64*: a fixed series per seed.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

const BODIES: [&str; 3] = ["kd-net", "kkr-midtjylland", "fsc"];

/// A generated meeting's front matter: its bodies, date, title and the meeting it approves the minutes of.
#[derive(Clone)]
struct Meeting {
    bodies: Vec<&'static str>,
    date: chrono::NaiveDate,
    title: String,
    approves: Option<String>,
}

fn write_meeting(root: &Path, id: &str, m: &Meeting) {
    let body = match m.bodies.as_slice() {
        [one] => one.to_string(),
        many => format!("[{}]", many.join(", ")),
    };
    let approves = (m.approves.as_ref())
        .map(|a| format!("    approves: {a}\n"))
        .unwrap_or_default();
    let text = format!(
        "---\nbody: {body}\nkind: agenda\ntitle: \"{}\"\ndate: {}\nitems:\n  - number: \"1\"\n    title: \"Godkendelse af referat\"\n{approves}---\n\n## 1 Godkendelse af referat\n\nTekst.\n",
        m.title, m.date
    );
    std::fs::write(root.join(format!("content/moeder/{id}.md")), text).unwrap();
}

fn load_site(root: &Path) -> (Site, Shared) {
    let (site, _) = crate::load::load(root, Config::load(root).unwrap(), Html::Discard);
    let shared = shared_of(&site);
    (site, shared)
}

fn shared_of(site: &Site) -> Shared {
    Shared::of(
        site,
        crate::check::tables::proofs(site),
        &render::MeetingLinks::of(site),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn bundled_copy() -> (tempfile::TempDir, PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&repo.join("content"), &root.join("content"));
    std::fs::copy(repo.join("protokol.toml"), root.join("protokol.toml")).unwrap();
    (dir, root)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Asserts that what `shown` keeps is what [`Shown::of`] makes of `site` from scratch.
fn assert_kept_like_fresh(shown: &Shown, site: &Site, step: &str) {
    let fresh = Shown::of(site, shared_of(site));
    assert!(
        shown.near.sorted() == fresh.near.sorted(),
        "{step}: neighbours differ"
    );
    assert!(
        shown.pages.sorted() == fresh.pages.sorted(),
        "{step}: pages differ"
    );
    assert!(
        shown.approvers.sorted() == fresh.approvers.sorted(),
        "{step}: approvals differ"
    );
    assert!(shown.listings == fresh.listings, "{step}: listings differ");
    assert_eq!(shown.home, fresh.home, "{step}: front page meetings differ");
}

#[test]
fn the_kept_plan_equals_the_plan_made_from_scratch_over_random_edits() {
    let document = "kommissorium-phd-kulturliv-landdistrikter";
    for seed in [0x9e37_79b9_u64, 0x1234_5678, 0xdead_beef, 0x0bad_cafe] {
        let (_dir, root) = bundled_copy();
        let mut rng = Rng(seed);
        let mut meetings: BTreeMap<String, Meeting> = BTreeMap::new();
        let mut next = 0;
        let mut new_meeting = |rng: &mut Rng, meetings: &BTreeMap<String, Meeting>| {
            let mut bodies = vec![BODIES[rng.below(3)]];
            if rng.below(4) == 0 {
                let other = BODIES[rng.below(3)];
                if !bodies.contains(&other) {
                    bodies.push(other);
                }
            }
            let date = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap()
                + chrono::Duration::days(rng.below(6 * 365) as i64);
            let ids: Vec<&String> = meetings.keys().collect();
            let approves =
                (!ids.is_empty() && rng.below(2) == 0).then(|| ids[rng.below(ids.len())].clone());
            next += 1;
            (
                format!("g{next:03}-{}", bodies[0]),
                Meeting {
                    bodies,
                    date,
                    title: format!("Møde {next}"),
                    approves,
                },
            )
        };
        for _ in 0..12 {
            let (id, m) = new_meeting(&mut rng, &meetings);
            write_meeting(&root, &id, &m);
            meetings.insert(id, m);
        }
        let (site, shared) = load_site(&root);
        let mut kept = Shown::of(&site, shared);
        let mut full = FullShown::of(&site, shared_of(&site));
        // Steps whose plan removed pages: the series must have some, or the set of pages was never tested.
        let mut with_gone = 0;
        for step in 0..60 {
            let mut dirty: BTreeSet<(ItemKind, String)> = BTreeSet::new();
            let ids: Vec<String> = meetings.keys().cloned().collect();
            let pick = |rng: &mut Rng| ids[rng.below(ids.len())].clone();
            let op = rng.below(9);
            let what = match op {
                0 | 1 => {
                    let (id, m) = new_meeting(&mut rng, &meetings);
                    write_meeting(&root, &id, &m);
                    meetings.insert(id.clone(), m);
                    dirty.insert((ItemKind::Meeting, id.clone()));
                    format!("{id} added")
                }
                2 if ids.len() > 2 => {
                    let id = pick(&mut rng);
                    std::fs::remove_file(root.join(format!("content/moeder/{id}.md"))).unwrap();
                    meetings.remove(&id);
                    dirty.insert((ItemKind::Meeting, id.clone()));
                    format!("{id} deleted")
                }
                3 => {
                    let id = pick(&mut rng);
                    let m = meetings.get_mut(&id).unwrap();
                    m.date += chrono::Duration::days(rng.below(800) as i64 - 400);
                    write_meeting(&root, &id, m);
                    dirty.insert((ItemKind::Meeting, id.clone()));
                    format!("{id} moved to {}", m.date)
                }
                4 => {
                    let id = pick(&mut rng);
                    let m = meetings.get_mut(&id).unwrap();
                    m.bodies = vec![BODIES[rng.below(3)]];
                    if rng.below(3) == 0 && m.bodies[0] != BODIES[0] {
                        m.bodies.push(BODIES[0]);
                    }
                    write_meeting(&root, &id, m);
                    dirty.insert((ItemKind::Meeting, id.clone()));
                    format!("{id} now held by {:?}", m.bodies)
                }
                5 => {
                    let id = pick(&mut rng);
                    let m = meetings.get_mut(&id).unwrap();
                    m.title = format!("Møde, trin {step}");
                    write_meeting(&root, &id, m);
                    dirty.insert((ItemKind::Meeting, id.clone()));
                    format!("{id} retitled")
                }
                6 => {
                    let (id, other) = (pick(&mut rng), pick(&mut rng));
                    let m = meetings.get_mut(&id).unwrap();
                    m.approves = (m.approves.is_none() && id != other).then_some(other);
                    write_meeting(&root, &id, m);
                    dirty.insert((ItemKind::Meeting, id.clone()));
                    format!("{id} approves {:?}", m.approves)
                }
                7 => {
                    // Two meetings at once: one moved to another body and year, one added.
                    let id = pick(&mut rng);
                    let m = meetings.get_mut(&id).unwrap();
                    m.bodies = vec![BODIES[rng.below(3)]];
                    m.date += chrono::Duration::days(365);
                    write_meeting(&root, &id, m);
                    let (added, n) = new_meeting(&mut rng, &meetings);
                    write_meeting(&root, &added, &n);
                    meetings.insert(added.clone(), n);
                    dirty.extend([
                        (ItemKind::Meeting, id.clone()),
                        (ItemKind::Meeting, added.clone()),
                    ]);
                    format!("{id} moved and {added} added")
                }
                _ => {
                    // A document with a meeting beside it: its page and, if it has versions, theirs.
                    let file = root.join(format!("content/dokumenter/{document}.md"));
                    let text = std::fs::read_to_string(&file).unwrap();
                    std::fs::write(&file, format!("{}\n\nTrin {step}.\n", text.trim_end()))
                        .unwrap();
                    let id = pick(&mut rng);
                    dirty.extend([
                        (ItemKind::Document, document.to_string()),
                        (ItemKind::Meeting, id.clone()),
                    ]);
                    format!("{document} and {id}")
                }
            };
            let step = format!("seed {seed:x}, step {step}: {what}");
            let (site, shared) = load_site(&root);
            // Every generated meeting loads, besides the bundled portal's three.
            assert_eq!(site.meetings.len(), meetings.len() + 3, "{step}");
            let templates = BTreeSet::new();
            let a = kept.plan(&site, &shared, &dirty, &templates);
            let b = full.plan(&site, &shared, &dirty);
            assert_eq!(a.pages, b.pages, "{step}: pages to render differ");
            with_gone += usize::from(!a.gone.is_empty());
            assert_eq!(sorted(a.gone), sorted(b.gone), "{step}: pages gone differ");
            kept.shared = shared;
            full.shared = shared_of(&site);
            assert_kept_like_fresh(&kept, &site, &step);
        }
        assert!(with_gone > 0, "seed {seed:x}: no page ever went");
    }
}

//! A census of the loaded model: the bytes each part of the meetings takes once loaded, in total and per meeting,
//! with the sizes of the model's structs. It tells where a one-off build's memory goes before any page is written
//! (#15; docs/performance.md, "The model's structs").
//!
//! Usage: `model_census <site> [discard]` (e.g. `/tmp/corpus/p10k`); `discard` loads without making HTML, as
//! `protokol check` does. Heap sizes are capacities; allocator overhead is not counted.

use protokol::markdown::Html;
use protokol::model::figure::TextFigures;
use protokol::model::meeting::{
    ClosedItem, ItemEntry, ItemFront, ItemPart, MeetingFront, Withheld,
};
use protokol::model::{AgendaItem, Meeting};
use protokol::yaml::Spanned;
use std::collections::BTreeMap;
use std::mem::size_of;

fn s(x: &String) -> usize {
    x.capacity()
}

fn os(x: &Option<String>) -> usize {
    x.as_ref().map_or(0, String::capacity)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: model_census <site> [discard]"));
    let html = match args.next().as_deref() {
        Some("discard") => Html::Discard,
        _ => Html::Make,
    };
    let cfg = protokol::config::Config::load(&root).expect("a site's protokol.toml");
    let (site, _) = protokol::load::load(&root, cfg, html);
    println!(
        "sizes: Meeting {} AgendaItem {} ItemMeta {} ItemEntry {} Spanned<ItemFront> {} MeetingFront {} \
         Withheld {} ItemPart {}",
        size_of::<Meeting>(),
        size_of::<AgendaItem>(),
        size_of::<protokol::model::meeting::ItemMeta>(),
        size_of::<ItemEntry>(),
        size_of::<Spanned<ItemFront>>(),
        size_of::<MeetingFront>(),
        size_of::<Withheld>(),
        size_of::<ItemPart>(),
    );
    // Struct overhead (what #15's "slim" step cut) and the strings the structs point to, apart.
    let mut c = BTreeMap::<&str, usize>::new();
    let mut add = |k: &'static str, v: usize| *c.entry(k).or_default() += v;
    for m in &site.meetings {
        let withheld = m.withheld.as_ref().map_or(0, |_| size_of::<Withheld>());
        add("struct: meeting", size_of::<Meeting>() + withheld);
        add(
            "struct: items vec",
            m.items.capacity() * size_of::<AgendaItem>(),
        );
        add(
            "struct: entries vec",
            m.entries.capacity() * size_of::<ItemEntry>(),
        );
        add(
            "struct: front.items vec",
            m.front.items.capacity() * size_of::<Spanned<ItemFront>>(),
        );
        for it in &m.items {
            add(
                "struct: parts vec",
                it.parts.capacity() * size_of::<ItemPart>(),
            );
            add("struct: rare meta box", it.meta.boxed_size());
            let boxed = it.figures.as_ref().map_or(0, |_| size_of::<TextFigures>())
                + it.closed.as_ref().map_or(0, |_| size_of::<ClosedItem>());
            add("struct: figures+closed box", boxed);
            add("item body (text and HTML, packed)", it.body.heap_bytes());
            add("item heading+anchor", s(&it.heading) + s(&it.anchor));
            for p in &it.parts {
                add("part heading", s(&p.heading));
            }
            let numbers = &it.figures().numbers;
            add(
                "numbers vec",
                numbers.capacity() * size_of::<protokol::model::figure::NumberUse>(),
            );
            for n in numbers {
                add(
                    "numbers strings",
                    s(&n.written) + s(&n.before) + s(&n.after),
                );
            }
            add(
                "bound figures",
                it.figures().bound.capacity() * size_of::<protokol::model::figure::FigureUse>(),
            );
            let meta = &it.meta;
            add(
                "item meta strings",
                s(&meta.number) + os(&meta.title) + os(&meta.presenter) + os(&meta.case),
            );
            add("item tables", it.tables.capacity() * size_of::<String>());
        }
        for e in &m.entries {
            add(
                "entry strings",
                e.number.len() + e.id.as_ref().map_or(0, |i| i.len()),
            );
        }
        add(
            "weekday_dates",
            m.weekday_dates.capacity() * size_of::<protokol::model::DatedPhrase>(),
        );
        add(
            "participants",
            m.front
                .participants
                .iter()
                .map(|p| p.capacity() + size_of::<String>())
                .sum(),
        );
        add(
            "front title etc",
            s(&m.front.title) + s(&m.id) + s(&m.source.file),
        );
    }
    add(
        "refs vec",
        site.refs.capacity() * size_of::<(String, protokol::model::RefUse)>(),
    );
    for (f, r) in &site.refs {
        add(
            "refs strings",
            s(f) + s(&r.target) + s(&r.written) + os(&r.anchor) + os(&r.link_text),
        );
    }
    let n = site.meetings.len().max(1);
    let (mut total, mut structs) = (0, 0);
    for (k, v) in &c {
        total += v;
        if k.starts_with("struct:") {
            structs += v;
        }
        println!("{k:>24}: {v:>10} B total, {:>7} B/meeting", v / n);
    }
    println!("struct overhead {} B/meeting", structs / n);
    println!("total {} MB, {} B/meeting", total >> 20, total / n);
}

//! How agenda items' bodies pack (#15): their text and HTML as strings, as the model holds them (`ItemBody`:
//! lz4, the HTML with the text as dictionary) and, for comparison, each field compressed on its own; with the
//! speed of packing and unpacking. `cargo run --release --example body_packing -- /tmp/corpus/p10k`
use protokol::markdown::Html;
use protokol::model::meeting::ItemBody;
use std::time::Instant;

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: body_packing <site root>");
        std::process::exit(2);
    };
    let root = std::path::PathBuf::from(root);
    let config = match protokol::config::Config::load(&root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e:?}");
            std::process::exit(1);
        }
    };
    let (site, _) = protokol::load::load(&root, config, Html::Make);
    let items: Vec<_> = site.meetings.iter().flat_map(|m| &m.items).collect();
    let t = Instant::now();
    let bodies: Vec<(String, Vec<String>)> = items
        .iter()
        .map(|it| {
            let html = it.body.html();
            let pieces = (0..=it.parts.len())
                .map(|i| {
                    if i == 0 {
                        html.intro()
                    } else {
                        html.part(i - 1)
                    }
                    .to_string()
                })
                .collect();
            (it.body.text(), pieces)
        })
        .collect();
    let unpack = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let packed: Vec<ItemBody> = (bodies.iter())
        .map(|(text, html)| {
            ItemBody::new(text, &html.iter().map(String::as_str).collect::<Vec<_>>())
        })
        .collect();
    let pack = t.elapsed().as_secs_f64();
    let text: usize = bodies.iter().map(|(t, _)| t.len()).sum();
    let html: usize = bodies.iter().flat_map(|(_, h)| h).map(String::len).sum();
    let fields: usize = bodies.iter().map(|(_, h)| 1 + h.len()).sum();
    let held: usize = packed.iter().map(ItemBody::heap_bytes).sum();
    let text_only: usize = (bodies.iter())
        .map(|(t, _)| lz4_flex::block::compress(t.as_bytes()).len().min(t.len()))
        .sum();
    let html_apart: usize = (bodies.iter().flat_map(|(_, h)| h))
        .map(|h| lz4_flex::block::compress(h.as_bytes()).len().min(h.len()))
        .sum();
    let raw = text + html;
    let meetings = site.meetings.len().max(1);
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "{} meetings, {} items, {fields} text and HTML fields",
        meetings,
        items.len()
    );
    println!(
        "as strings: text {:.1} MB, HTML {:.1} MB, {} B a meeting",
        mb(text),
        mb(html),
        raw / meetings
    );
    println!(
        "ItemBody: {:.1} MB, ratio {:.2}, {} B a meeting; text alone (after drop_html) {:.1} MB",
        mb(held),
        raw as f64 / held as f64,
        held / meetings,
        mb(text_only)
    );
    println!(
        "each field compressed on its own: {:.1} MB, ratio {:.2}",
        mb(text_only + html_apart),
        raw as f64 / (text_only + html_apart) as f64
    );
    println!(
        "pack {:.0} MB/s ({:.2} s), unpack {:.0} MB/s ({:.2} s, with copying out the pieces)",
        mb(raw) / pack,
        pack,
        mb(raw) / unpack,
        unpack
    );
}

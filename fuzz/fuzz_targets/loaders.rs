//! Fuzzes the front matter, table and Markdown loaders and the checker: any input must give diagnostics, never a
//! panic. The first byte chooses where the input goes; the rest is the file's text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let rel = match which % 4 {
        0 => "content/moeder/2020-01-24-kd-net.md",
        1 => "content/dokumenter/fsc-vedtaegter.md",
        2 => "content/tabeller/tabel.yaml",
        _ => "content/sider/om.md",
    };
    let config: protokol::config::Config = toml::from_str(
        "title = \"t\"\n[[bodies]]\nid = \"kd-net\"\nname = \"KD-Net\"\n[[bodies]]\nid = \"fsc\"\nname = \"FSC\"\n",
    )
    .unwrap();
    // A second, valid table lets cross-table rules resolve.
    let other = "title: x\ncolumns: [{key: a, label: a, type: number}]\nrows: [{id: r, a: 1}]\n".to_string();
    let files = vec![(rel.to_string(), text.to_string()), ("content/tabeller/anden.yaml".into(), other)];
    let (site, _diags) = protokol::site::load_texts(Path::new("/nonexistent"), config, files, protokol::site::Mode::Html);
    let _ = protokol::check::check(&site);
    if let Ok(tera) = protokol::render::templates(Path::new("/nonexistent"), &site.config) {
        let _ = protokol::render::render_site(&site, &tera, &|_, _| Ok(()));
    }
});

//! Measures what `protokol serve` pays after every edit for the whole-site outputs (feeds, calendars, open data,
//! OParl, sitemap): computing them all from the loaded site, and hashing them to find what changed.
//!
//! Usage: `outputs_cost <site> [runs]` (e.g. a corpus from `gen_corpus`, with `url` set in its protokol.toml so
//! that every output is produced).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: outputs_cost <site> [runs]"));
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let checked = protokol::load_and_check(&root).expect("a site");
    let site = checked.site;
    let mut times = Vec::new();
    let (mut files, mut bytes) = (0, 0);
    for _ in 0..runs {
        let started = Instant::now();
        let all = protokol::outputs::all(&site);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (path, b) in &all {
            std::hash::Hash::hash(path, &mut h);
            std::hash::Hash::hash(b, &mut h);
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        files = all.len();
        bytes = all.iter().map(|(_, b)| b.len()).sum::<usize>();
    }
    for o in protokol::outputs::OUTPUTS {
        let started = Instant::now();
        let files = (o.files)(&site);
        let size: usize = files.iter().map(|(_, b)| b.len()).sum();
        println!(
            "  {}: {} files, {:.1} MB, {:.0} ms",
            o.name,
            files.len(),
            size as f64 / 1e6,
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{} meetings: {files} output files, {:.1} MB, computed and hashed in {:.0} ms (median of {runs})",
        site.meetings.len(),
        bytes as f64 / 1e6,
        times[times.len() / 2]
    );
}

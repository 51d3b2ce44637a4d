//! Generates a synthetic portal of N meetings (~13 KB of Markdown each, 10 agenda items) for benchmarks, in
//! protokol's own format (by default with the bundled portal beside them) or, with the same meetings word for word,
//! as a Hugo or a Zola site with a minimal theme of equivalent pages (`bench/peers.sh` builds them side by side).
//!
//!     cargo run --release --example gen_corpus -- 10000 bench/corpus-10000
//!     gen_corpus N DIR [--format protokol|hugo|zola] [--meetings-only]
//!
//! `--meetings-only` (protokol format) leaves out the bundled portal, so that the site holds exactly the meetings
//! the peers get. Deterministic: the same N gives the same corpus. Text is recombined from realistic Danish meeting
//! language. DIR is replaced.

mod hugo;
mod meetings;
mod protokol_format;
mod toml_front;
mod zola;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Protokol,
    Hugo,
    Zola,
}

struct Args {
    n: usize,
    dir: PathBuf,
    format: Format,
    meetings_only: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut format = Format::Protokol;
    let mut meetings_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--format" => {
                format = match args.next().as_deref() {
                    Some("protokol") => Format::Protokol,
                    Some("hugo") => Format::Hugo,
                    Some("zola") => Format::Zola,
                    other => {
                        return Err(format!(
                            "--format takes protokol, hugo or zola, found {other:?}"
                        ))
                    }
                }
            }
            "--meetings-only" => meetings_only = true,
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ => positional.push(a),
        }
    }
    let n = match positional.first() {
        Some(s) => s
            .parse()
            .map_err(|_| format!("N must be a count of meetings, found {s:?}"))?,
        None => 1000,
    };
    let dir = positional
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(format!("bench/corpus-{n}")));
    if positional.len() > 2 {
        return Err(format!("unexpected argument {:?}", positional[2]));
    }
    Ok(Args {
        n,
        dir,
        format,
        meetings_only,
    })
}

fn generate(a: &Args) -> std::io::Result<usize> {
    let _ = std::fs::remove_dir_all(&a.dir);
    let write: fn(&Path, &meetings::Meeting) -> std::io::Result<usize> = match a.format {
        Format::Protokol => {
            protokol_format::begin(&a.dir, a.meetings_only)?;
            protokol_format::write
        }
        Format::Hugo => {
            hugo::begin(&a.dir)?;
            hugo::write
        }
        Format::Zola => {
            zola::begin(&a.dir)?;
            zola::write
        }
    };
    let mut bytes = 0;
    for m in meetings::meetings(a.n) {
        bytes += write(&a.dir, &m)?;
    }
    Ok(bytes)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}\nusage: gen_corpus N DIR [--format protokol|hugo|zola] [--meetings-only]");
            return ExitCode::from(2);
        }
    };
    if args.meetings_only && args.format != Format::Protokol {
        eprintln!("gen_corpus: --meetings-only is for --format protokol (the peers' sites hold only the meetings)");
        return ExitCode::from(2);
    }
    match generate(&args) {
        Ok(bytes) => {
            eprintln!(
                "{} meetings, {:.1} MB of meeting files ({:.1} KB each) in {}",
                args.n,
                bytes as f64 / 1e6,
                bytes as f64 / args.n.max(1) as f64 / 1e3,
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: writing {}: {e}", args.dir.display());
            ExitCode::FAILURE
        }
    }
}

/// protokol's default stylesheet and icon, so that every tool writes the same assets.
fn copy_theme_static(to: &Path) -> std::io::Result<()> {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    std::fs::create_dir_all(to)?;
    for name in ["style.css", "favicon.svg"] {
        std::fs::copy(from.join(name), to.join(name))?;
    }
    Ok(())
}

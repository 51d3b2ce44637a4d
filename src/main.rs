//! The `protokol` command line.

use clap::{Parser, Subcommand};
use protokol::diagnostics::{self, Diagnostics, Format, Severity, Style};
use protokol::i18n::{self, Lang, Msg};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A build allocates and frees millions of small strings and JSON values; mimalloc does that with less CPU than
/// the system allocator (docs/performance.md, "Where a build's time goes").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "protokol",
    version,
    about = "Static site generator for meeting agendas and minutes, statutes and budget tables"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// Site root (the folder with protokol.toml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Diagnostics format
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
    /// Treat warnings as errors
    #[arg(long)]
    deny_warnings: bool,
    /// Language of diagnostics and messages: da (default) or en; else `diagnostics_language` in protokol.toml
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
}

/// `--lang`: a code the catalogue knows ("da", "en"), so a new language needs no change here.
fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::from_code(code).ok_or_else(|| {
        let known: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        format!("{code:?}: expected one of {}", known.join(", "))
    })
}

impl Common {
    fn format(&self) -> Format {
        match self.format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }

    /// `--lang`, else the configuration's `diagnostics_language`, else Danish.
    fn lang(&self) -> Lang {
        match self.lang {
            Some(lang) => lang,
            None => protokol::config::Config::load(&self.root)
                .ok()
                .and_then(|c| c.diagnostics_language)
                .unwrap_or_default(),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check and build the site into the output directory (default: public/)
    Build {
        #[command(flatten)]
        common: Common,
        /// Output directory (default: <root>/public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Build slice K of N only (K/N, e.g. 2/4), for `protokol merge`: the whole site is checked
        #[arg(long, value_name = "K/N", allow_hyphen_values = true)]
        partition: Option<String>,
    },
    /// Merge the slices of `build --partition` into the site a single build makes
    Merge {
        /// The merged site
        #[arg(long)]
        output: PathBuf,
        /// The slices' output directories, all N of them, in any order
        #[arg(required = true, value_name = "SLICE_DIR")]
        slices: Vec<PathBuf>,
        /// Diagnostics format
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
        /// Language of messages: da (default) or en
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
    /// Run every check on the content; publish nothing
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Build, serve on 127.0.0.1 and rebuild when sources change
    Serve {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        output: Option<PathBuf>,
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Create a skeleton site in DIR
    Init {
        dir: PathBuf,
        /// The kind of site: standard (default; an association's board) or kommune (a municipal committee)
        #[arg(long)]
        template: Option<String>,
        /// Language of messages: da (default) or en
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
}

fn interactive() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Prints diagnostics; `build` leaves out notes (acknowledged discrepancies) in human output, `check` shows all.
fn print_diags(diags: &Diagnostics, root: &Path, format: Format, lang: Lang, notes: bool) {
    let shown = Diagnostics {
        items: diags
            .items
            .iter()
            .filter(|d| notes || d.severity != Severity::Note)
            .cloned()
            .collect(),
    };
    let text = diagnostics::render(
        &shown,
        root,
        format,
        Style::for_terminal(interactive()),
        lang,
    );
    if format == Format::Human {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
}

fn counts(d: &Diagnostics) -> Box<Msg> {
    Box::new(Msg::Counts {
        errors: d.count(Severity::Error),
        warnings: d.count(Severity::Warning),
        notes: d.count(Severity::Note),
    })
}

fn run_build(common: &Common, output: &Path, partition: Option<&str>) -> ExitCode {
    let lang = common.lang();
    let progress = |stage: Msg| {
        if interactive() {
            eprint!("\r\x1b[2K  … {}", i18n::text(&stage, lang));
        }
    };
    let partition = match partition.map(protokol::build::Partition::parse).transpose() {
        Ok(p) => p,
        Err(d) => {
            let diags = Diagnostics { items: vec![d] };
            print_diags(&diags, &common.root, common.format(), lang, true);
            return ExitCode::from(2);
        }
    };
    let result = protokol::build::build_partitioned(
        &common.root,
        output,
        common.deny_warnings,
        partition,
        &progress,
    );
    if interactive() {
        eprint!("\r\x1b[2K");
    }
    let say = |m: Msg| eprintln!("{}", i18n::text(&m, lang));
    match result {
        Err(d) => {
            print_diags(
                &Diagnostics { items: vec![d] },
                &common.root,
                common.format(),
                lang,
                true,
            );
            ExitCode::from(2)
        }
        Ok((stats, diags)) => {
            print_diags(
                &diags,
                &common.root,
                common.format(),
                lang,
                common.format() != Format::Human,
            );
            if diags.has_errors() {
                say(Msg::NothingPublished {
                    counts: counts(&diags),
                    output: output.display().to_string(),
                });
                ExitCode::from(1)
            } else {
                say(Msg::Built {
                    pages: stats.pages,
                    meetings: stats.meetings,
                    documents: stats.documents,
                    tables: stats.tables,
                    seconds: duration(stats.seconds),
                    output: output.display().to_string(),
                    counts: counts(&diags),
                });
                ExitCode::SUCCESS
            }
        }
    }
}

/// A duration, not a figure of the content: measured as a float, shown as the language writes decimals ("0,61 s").
fn duration(seconds: f64) -> rust_decimal::Decimal {
    rust_decimal::Decimal::from_f64_retain(seconds)
        .unwrap_or_default()
        .round_dp(2)
}

fn run_merge(output: &Path, slices: &[PathBuf], format: Format, lang: Lang) -> ExitCode {
    match protokol::build::merge(output, slices) {
        Ok(merged) => {
            let done = Msg::Merged {
                slices: merged.slices,
                files: merged.files,
                seconds: duration(merged.seconds),
                output: output.display().to_string(),
            };
            eprintln!("{}", i18n::text(&done, lang));
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diags(
                &Diagnostics { items: vec![d] },
                Path::new("."),
                format,
                lang,
                true,
            );
            ExitCode::from(2)
        }
    }
}

/// No transparent huge pages for this process: mimalloc asks for them on its arenas, and the kernel then zeroes
/// 2 MiB at a time of memory the model fills only in part. At 100,000 meetings that was a tenth of the CPU and
/// 15 % of the wall time, and resident memory is no larger without them (BENCHMARKS.md, "Transparent huge
/// pages"); at 10,000 the time is the same. The flag is the process's, so it holds for mappings made before it.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: prctl with PR_SET_THP_DISABLE reads no memory of ours; a kernel that refuses it leaves THP as it was.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build {
            common,
            output,
            partition,
        } => {
            let output = output.unwrap_or_else(|| common.root.join("public"));
            run_build(&common, &output, partition.as_deref())
        }
        Command::Merge {
            output,
            slices,
            format,
            lang,
        } => {
            // `--lang`, else the language of a protokol.toml in the working directory, else Danish.
            let options = Common {
                root: PathBuf::from("."),
                format,
                deny_warnings: false,
                lang,
            };
            run_merge(&output, &slices, options.format(), options.lang())
        }
        Command::Check { common } => match protokol::load_and_check(&common.root) {
            Err(d) => {
                print_diags(
                    &Diagnostics { items: vec![d] },
                    &common.root,
                    common.format(),
                    common.lang(),
                    true,
                );
                ExitCode::from(2)
            }
            Ok(mut checked) => {
                if common.deny_warnings {
                    checked.diags.deny_warnings();
                }
                let lang = common.lang();
                print_diags(&checked.diags, &common.root, common.format(), lang, true);
                if common.format() == Format::Human {
                    let summary = Msg::CheckSummary {
                        counts: counts(&checked.diags),
                    };
                    eprintln!("{}", i18n::text(&summary, lang));
                }
                let code = if checked.diags.has_errors() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                };
                // The process ends here: let the OS reclaim the model instead of freeing it piece by piece.
                std::mem::forget(checked);
                code
            }
        },
        Command::Serve {
            common,
            output,
            bind,
            port,
        } => {
            let output = output.unwrap_or_else(|| common.root.join("public"));
            if let Err(d) = protokol::write::validate_output(&common.root, &output) {
                print_diags(
                    &Diagnostics { items: vec![d] },
                    &common.root,
                    common.format(),
                    common.lang(),
                    true,
                );
                return ExitCode::from(2);
            }
            let lang = common.lang();
            let say = |m: Msg| eprintln!("{}", i18n::text(&m, lang));
            let report = |ws: &protokol::build::Workspace,
                          result: &Result<
                protokol::build::Report,
                diagnostics::Diagnostic,
            >| {
                match result {
                    Err(d) => {
                        print_diags(
                            &Diagnostics {
                                items: vec![d.clone()],
                            },
                            &common.root,
                            common.format(),
                            lang,
                            true,
                        );
                        say(Msg::ServeKeptLastGood);
                    }
                    Ok(_) if ws.diags.has_errors() => {
                        print_diags(&ws.diags, &common.root, common.format(), lang, false);
                        say(Msg::ServeNothingPublished {
                            counts: counts(&ws.diags),
                        });
                    }
                    Ok(r) => say(Msg::ServeUpdated {
                        ms: format!("{:.0}", r.seconds * 1000.0),
                        rendered: r.rendered,
                        written: r.written,
                        removed: r.removed,
                        full: Box::new(if r.full_load {
                            Msg::ServeFullLoad
                        } else {
                            Msg::Nothing
                        }),
                        counts: counts(&ws.diags),
                    }),
                }
            };
            match protokol::serve::serve(&common.root, &output, &bind, port, lang, &report) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!(
                        "{}: {}",
                        i18n::ui(i18n::Ui::SeverityError, lang),
                        i18n::text(&e, lang)
                    );
                    ExitCode::from(2)
                }
            }
        }
        Command::Init {
            dir,
            template,
            lang,
        } => {
            let lang = lang.unwrap_or_default();
            match protokol::init::init(&dir, template.as_deref()) {
                Ok(n) => {
                    let done = Msg::Initialised {
                        files: n,
                        dir: dir.display().to_string(),
                    };
                    eprintln!("{}", i18n::text(&done, lang));
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    print_diags(
                        &Diagnostics { items: vec![d] },
                        &dir,
                        Format::Human,
                        lang,
                        true,
                    );
                    ExitCode::from(2)
                }
            }
        }
    }
}

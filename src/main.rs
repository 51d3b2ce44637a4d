//! The `protokol` command line.

use clap::{Parser, Subcommand};
use protokol::diagnostics::{self, Diagnostics, Format, Severity};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    format: Format,
    /// Treat warnings as errors
    #[arg(long)]
    deny_warnings: bool,
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
    Init { dir: PathBuf },
}

fn interactive() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Prints diagnostics; `build` leaves out notes (acknowledged discrepancies) in human output, `check` shows all.
fn print_diags(diags: &Diagnostics, root: &Path, format: Format, notes: bool) {
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
        interactive() && format == Format::Human,
    );
    if format == Format::Human {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
}

fn counts(d: &Diagnostics) -> String {
    format!(
        "{} fejl, {} advarsler, {} bemærkninger",
        d.count(Severity::Error),
        d.count(Severity::Warning),
        d.count(Severity::Note)
    )
}

fn run_build(common: &Common, output: &Path) -> ExitCode {
    let progress = |stage: &str| {
        if interactive() {
            eprint!("\r\x1b[2K  … {stage}");
        }
    };
    let result = protokol::build(&common.root, output, common.deny_warnings, &progress);
    if interactive() {
        eprint!("\r\x1b[2K");
    }
    match result {
        Err(d) => {
            print_diags(
                &Diagnostics { items: vec![d] },
                &common.root,
                common.format,
                true,
            );
            ExitCode::from(2)
        }
        Ok((stats, diags)) => {
            print_diags(
                &diags,
                &common.root,
                common.format,
                common.format != Format::Human,
            );
            if diags.has_errors() {
                eprintln!(
                    "Intet udgivet: {} ({} er uændret).",
                    counts(&diags),
                    output.display()
                );
                ExitCode::from(1)
            } else {
                eprintln!(
                    "Bygget {} sider ({} møder, {} dokumenter, {} tabeller) på {:.2} s → {} [{}]",
                    stats.pages,
                    stats.meetings,
                    stats.documents,
                    stats.tables,
                    stats.seconds,
                    output.display(),
                    counts(&diags)
                );
                ExitCode::SUCCESS
            }
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build { common, output } => {
            let output = output.unwrap_or_else(|| common.root.join("public"));
            run_build(&common, &output)
        }
        Command::Check { common } => match protokol::load_and_check(&common.root) {
            Err(d) => {
                print_diags(
                    &Diagnostics { items: vec![d] },
                    &common.root,
                    common.format,
                    true,
                );
                ExitCode::from(2)
            }
            Ok(mut checked) => {
                if common.deny_warnings {
                    checked.diags.deny_warnings();
                }
                print_diags(&checked.diags, &common.root, common.format, true);
                if common.format == Format::Human {
                    eprintln!("Kontrol: {}", counts(&checked.diags));
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
                    common.format,
                    true,
                );
                return ExitCode::from(2);
            }
            let report = |ws: &protokol::incremental::Workspace,
                          result: &Result<
                protokol::incremental::Report,
                diagnostics::Diagnostic,
            >| {
                match result {
                    Err(d) => {
                        print_diags(&Diagnostics { items: vec![d.clone()] }, &common.root, common.format, true);
                        eprintln!("Intet udgivet; den seneste fejlfri udgave vises fortsat.");
                    }
                    Ok(_) if ws.diags.has_errors() => {
                        print_diags(&ws.diags, &common.root, common.format, false);
                        eprintln!(
                            "Intet udgivet: {}; den seneste fejlfri udgave vises fortsat.",
                            counts(&ws.diags)
                        );
                    }
                    Ok(r) => eprintln!(
                        "Opdateret på {:.0} ms: {} sider gengivet, {} filer skrevet, {} fjernet{} [{}]",
                        r.seconds * 1000.0,
                        r.rendered,
                        r.written,
                        r.removed,
                        if r.full_load { " (alt indlæst)" } else { "" },
                        counts(&ws.diags)
                    ),
                }
            };
            match protokol::serve::serve(&common.root, &output, &bind, port, &report) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match protokol::init::init(&dir) {
            Ok(n) => {
                eprintln!(
                    "Oprettede {n} filer i {}. Byg med: protokol build --root {}",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_diags(&Diagnostics { items: vec![d] }, &dir, Format::Human, true);
                ExitCode::from(2)
            }
        },
    }
}

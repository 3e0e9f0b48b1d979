//! `kakor`: checks catalogues and turns them into the runtime JSON, with the
//! same code the banner's build uses.
//!
//! Exit status: 0 when every file is valid, 1 when a catalogue has problems,
//! 2 for usage or I/O errors (ripgrep's convention).

use annotate_snippets::Renderer;
use anyhow::Context;
use clap::{Parser, Subcommand};
use kakor_core::{source, Catalogue};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "kakor", version, about = "Check kakor cookie catalogues and turn them into runtime JSON")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate catalogues (TOML, or JSON when the name ends in .json) and print every problem with its place
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print a catalogue as the JSON that `data-catalogue` loads at run time
    Json {
        file: PathBuf,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Returns whether every catalogue was valid.
fn run(command: Command) -> anyhow::Result<bool> {
    match command {
        Command::Check { files } => {
            let mut valid = true;
            for file in &files {
                match read(file)? {
                    Some(catalogue) => println!(
                        "{}: ok ({} categories, {} services, {} cookies; revision {})",
                        file.display(),
                        catalogue.categories.len(),
                        catalogue.services.len(),
                        catalogue.services.iter().map(|s| s.cookies.len()).sum::<usize>(),
                        catalogue.revision()
                    ),
                    None => valid = false,
                }
            }
            Ok(valid)
        }
        Command::Json { file, output } => {
            let Some(catalogue) = read(&file)? else { return Ok(false) };
            let mut json = serde_json::to_string_pretty(&catalogue)?;
            json.push('\n');
            match output {
                Some(path) => std::fs::write(&path, json)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => std::io::stdout().write_all(json.as_bytes())?,
            }
            Ok(true)
        }
    }
}

/// Reads and validates one catalogue; prints its problems and returns `None`
/// when it has any.
fn read(file: &PathBuf) -> anyhow::Result<Option<Catalogue>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let renderer = if std::io::stderr().is_terminal() { Renderer::styled() } else { Renderer::plain() };
    match source::read(&file.display().to_string(), &text, &renderer) {
        Ok(catalogue) => Ok(Some(catalogue)),
        Err(problems) => {
            eprintln!("{}", problems.rendered);
            eprintln!("{}: {} problem(s)", file.display(), problems.count);
            Ok(None)
        }
    }
}

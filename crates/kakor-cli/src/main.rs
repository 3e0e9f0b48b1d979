//! `kakor`: checks catalogues and turns them into the runtime JSON, with the
//! same code the banner's build uses, and scans sites for what they set
//! before consent.
//!
//! Exit status: 0 when every file is valid (or a scan found no leak), 1 when
//! a catalogue has problems (or a scan found leaks), 2 for usage, I/O or
//! browser errors and for a scan with pages it could not scan in full
//! (ripgrep's convention), 128 + the signal's number when SIGTERM or SIGINT
//! stopped a scan.

use annotate_snippets::Renderer;
use anyhow::Context;
use clap::{Parser, Subcommand};
use kakor_cli::declaration;
use kakor_cli::scan::{self, report::Format};
use kakor_core::{source, Catalogue};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kakor",
    version,
    about = "Check kakor cookie catalogues, turn them into runtime JSON and cookie declarations, scan sites"
)]
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
    /// Print a catalogue as the JSON that `data-catalogue` loads at run time, with the
    /// SHA-256 of each language's texts bundle (`texts_sha256`), which proofs name
    Json {
        file: PathBuf,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the cookie declaration for a privacy policy page: the categories, services and every cookie, in one of the catalogue's languages
    Declaration {
        file: PathBuf,
        /// The language to write it in (one of the catalogue's `site.languages`); its first by default
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// HTML to paste into a page, or Markdown
        #[arg(long, value_enum, default_value_t = declaration::Format::Html)]
        format: declaration::Format,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print a language's texts bundle: every text a visitor can see in it, exactly as
    /// hashed for `texts_sha256`, to publish to the consent log (POST /admin/texts)
    Texts {
        file: PathBuf,
        /// The language (one of the catalogue's `site.languages`); its first by default
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// Print the bundle's SHA-256 instead of the bundle
        #[arg(long)]
        sha256: bool,
        /// Write to this file instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Audit a site in headless Chromium: what it sets and sends before a choice,
    /// after Reject all and after Accept all; non-zero exit status on leaks
    Scan(ScanArgs),
}

#[derive(clap::Args)]
struct ScanArgs {
    /// The page to start from (http or https); same-origin links are followed
    url: String,
    /// The most pages to visit (1 or more)
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pages: u64,
    /// Pause between two pages, in milliseconds
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    delay_ms: u64,
    /// The most any page load or browser step may take, in seconds
    #[arg(long, default_value_t = 15.0, value_name = "SECONDS")]
    timeout: f64,
    /// After a load and after a click (and once more before a click), wait until the page has requested nothing new for this long, in milliseconds
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    settle_ms: u64,
    /// The site's catalogue (TOML, or JSON when the name ends in .json), to check against
    #[arg(long, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    /// How to print the report
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write a draft categories.toml for the cookies found to this file
    #[arg(long, value_name = "FILE")]
    draft: Option<PathBuf>,
    /// The Chromium to drive
    #[arg(long, env = "CHROMIUM", default_value = "/usr/bin/chromium", value_name = "PATH")]
    chromium: PathBuf,
    /// Exit 0 or 1 by the findings even when pages could not be scanned in full
    /// (they ran out of time); without it such a scan exits 2
    #[arg(long)]
    allow_unscanned: bool,
    /// Send a host name to this address instead of asking DNS (repeatable), e.g. staging.example.com=127.0.0.1
    #[arg(long, value_name = "HOST=IP", value_parser = parse_resolve)]
    resolve: Vec<(String, String)>,
}

fn parse_resolve(text: &str) -> Result<(String, String), String> {
    let (host, ip) = text.split_once('=').ok_or("expected HOST=IP, e.g. cdn.example.com=127.0.0.1")?;
    ip.parse::<std::net::IpAddr>().map_err(|_| format!("`{ip}` is not an IP address"))?;
    let valid = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.*".contains(&b));
    if !valid {
        return Err(format!("`{host}` is not a host name (a leading `*.` covers subdomains)"));
    }
    Ok((host.to_string(), ip.to_string()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(error.downcast_ref::<scan::ScanError>().map_or(2, scan::ScanError::exit_code))
        }
    }
}

/// Returns whether every catalogue was valid, or the scan found no leak.
fn run(command: Command) -> anyhow::Result<bool> {
    match command {
        Command::Scan(args) => run_scan(args),
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
            let Some(mut catalogue) = read_with(&file, source::check_to_rehash)? else { return Ok(false) };
            catalogue.texts_sha256 = source::texts_sha256(&catalogue);
            let mut json = serde_json::to_string_pretty(&catalogue)?;
            json.push('\n');
            write(output, &json)?;
            Ok(true)
        }
        Command::Texts { file, lang, sha256, output } => {
            let Some(catalogue) = read(&file)? else { return Ok(false) };
            let lang = lang.unwrap_or_else(|| catalogue.default_language().to_string());
            if !catalogue.site.languages.contains(&lang) {
                anyhow::bail!(
                    "the catalogue is not written in `{lang}`; --lang takes one of its languages: {}",
                    catalogue.site.languages.join(", ")
                );
            }
            // The bundle alone, without a newline: these are the bytes hashed.
            let text = match sha256 {
                true => [source::texts_sha256(&catalogue).get(&lang).unwrap_or_default(), "\n"].concat(),
                false => kakor_core::texts::bundle(&catalogue, &lang),
            };
            write(output, &text)?;
            Ok(true)
        }
        Command::Declaration { file, lang, format, output } => {
            let Some(catalogue) = read(&file)? else { return Ok(false) };
            let lang = lang.unwrap_or_else(|| catalogue.default_language().to_string());
            match declaration::render(&catalogue, &lang, format) {
                Ok(text) => write(output, &text).map(|()| true),
                Err(error @ declaration::Error::Language { .. }) => Err(error.into()),
                // A problem of the catalogue's content: exit status 1, as `check` gives.
                Err(error) => {
                    eprintln!("error: {}: {error}", file.display());
                    Ok(false)
                }
            }
        }
    }
}

/// Writes `text` to the file, or to standard output without one.
fn write(output: Option<PathBuf>, text: &str) -> anyhow::Result<()> {
    match output {
        Some(path) => std::fs::write(&path, text).with_context(|| format!("writing {}", path.display())),
        None => Ok(std::io::stdout().write_all(text.as_bytes())?),
    }
}

/// Reads and validates one catalogue; prints its problems, errors and
/// warnings in the order of their places, and returns `None` when it has
/// errors.
fn read(file: &PathBuf) -> anyhow::Result<Option<Catalogue>> {
    read_with(file, source::check)
}

/// [`read`], with the check `how` makes.
fn read_with(file: &PathBuf, how: fn(&str, &str, &Renderer) -> source::Checked) -> anyhow::Result<Option<Catalogue>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let renderer = if std::io::stderr().is_terminal() { Renderer::styled() } else { Renderer::plain() };
    let checked = how(&file.display().to_string(), &text, &renderer);
    let problems = &checked.problems;
    if !problems.rendered.is_empty() {
        eprintln!("{}", problems.rendered);
    }
    if checked.catalogue.is_none() {
        eprintln!("{}: {} problem(s)", file.display(), problems.count);
    } else if problems.warnings > 0 {
        eprintln!("{}: {} warning(s)", file.display(), problems.warnings);
    }
    Ok(checked.catalogue)
}

fn run_scan(args: ScanArgs) -> anyhow::Result<bool> {
    let catalogue = match &args.catalogue {
        Some(file) => match read(file)? {
            Some(catalogue) => Some(catalogue),
            None => anyhow::bail!("{} has problems; fix them (kakor check) before scanning against it", file.display()),
        },
        None => None,
    };
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        anyhow::bail!("--timeout must be a positive number of seconds");
    }
    let options = scan::Options {
        url: args.url,
        pages: usize::try_from(args.pages).unwrap_or(usize::MAX),
        delay: std::time::Duration::from_millis(args.delay_ms),
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        settle: std::time::Duration::from_millis(args.settle_ms),
        chromium: args.chromium,
        resolve: args.resolve,
        catalogue,
        progress: std::io::stderr().is_terminal(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let scan = runtime.block_on(scan::run(&options))?;
    // The browser's child processes are gone; don't wait for stray tasks.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    std::io::stdout().write_all(scan::report::render(&scan, args.format).as_bytes())?;
    if let Some(path) = &args.draft {
        std::fs::write(path, scan::draft::write(&scan, options.catalogue.as_ref()))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "wrote a draft catalogue to {}; review it, then run `kakor check {}`",
            path.display(),
            path.display()
        );
    }
    let unscanned: Vec<String> = scan.unscanned().map(|(url, error)| format!("  {url}: {error}")).collect();
    if !unscanned.is_empty() && !args.allow_unscanned {
        anyhow::bail!(
            "{} page(s) could not be scanned in full; what was seen until then is in the report above \
             (pass --allow-unscanned to accept that):\n{}",
            unscanned.len(),
            unscanned.join("\n")
        );
    }
    Ok(scan.leaks() == 0)
}

//! `kakor scan URL`: crawls a site in Debian's headless Chromium, three fresh
//! profiles per page (before any choice, after Reject all, after Accept all),
//! and reports what it sets and sends without consent.
//!
//! The pieces: `crawl` picks the pages, `browser` visits one page once,
//! `findings` classifies what was seen (with `ocd`, the embedded Open Cookie
//! Database, and the site's catalogue), `report` prints it, `draft` writes a
//! catalogue to start from.

mod browser;
mod crawl;
pub mod draft;
pub mod findings;
pub mod ocd;
pub mod report;

use findings::{PageScan, Severity, Summary};
use indicatif::{ProgressBar, ProgressStyle};
use kakor_core::Catalogue;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Duration;

/// The three states a page is seen in, each in a fresh profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pass {
    BeforeChoice,
    AfterReject,
    AfterAccept,
}

impl Pass {
    pub const ALL: [Pass; 3] = [Pass::BeforeChoice, Pass::AfterReject, Pass::AfterAccept];

    /// As it ends a sentence: "cookie set before any choice".
    pub fn phrase(self) -> &'static str {
        match self {
            Pass::BeforeChoice => "before any choice",
            Pass::AfterReject => "after Reject all",
            Pass::AfterAccept => "after Accept all",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Pass::BeforeChoice => "before",
            Pass::AfterReject => "reject",
            Pass::AfterAccept => "accept",
        }
    }
}

/// How to scan, as the command line gave it.
#[derive(Debug, Clone)]
pub struct Options {
    pub url: String,
    pub pages: usize,
    /// Pause between two pages, to be gentle with the site.
    pub delay: Duration,
    /// The most any one step may take: launching, loading, reading.
    pub timeout: Duration,
    /// After a load and after a click, the page is watched until it has
    /// requested nothing new for this long, for scripts that set cookies a
    /// little later.
    pub settle: Duration,
    pub chromium: PathBuf,
    /// `HOST=IP` pairs, for Chromium's `--host-resolver-rules`.
    pub resolve: Vec<(String, String)>,
    pub catalogue: Option<Catalogue>,
    pub progress: bool,
}

/// Why a scan could not run. Each message says what the owner can do.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("cannot scan `{url}`: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("could not start the browser `{chromium}`: {reason}; install Debian's chromium (apt-get install chromium) or name another with --chromium PATH")]
    Launch { chromium: String, reason: String },
    #[error("the browser stopped working while scanning {url}: {reason}")]
    Crashed { url: String, reason: String },
    #[error("{url} did not finish loading within {seconds} s; raise --timeout if the site is just slow")]
    Timeout { url: String, seconds: f64 },
    #[error("could not load {url}: {reason}; is the site up and the address right?")]
    Unreachable { url: String, reason: String },
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// The scan's result: every page and what was made of it.
#[derive(Debug, Clone, Serialize)]
pub struct Scan {
    pub start: String,
    pub pages: Vec<PageScan>,
    #[serde(flatten)]
    pub summary: Summary,
}

impl Scan {
    pub fn leaks(&self) -> usize {
        self.summary.findings.iter().filter(|finding| finding.severity == Severity::Leak).count()
    }
}

/// Crawls and scans. The start page must load; a later page that fails is
/// reported as a finding and the crawl goes on, except when the browser
/// itself fails, which ends the scan.
pub async fn run(options: &Options) -> Result<Scan, ScanError> {
    let start = crawl::start(&options.url)?;
    let mut frontier = crawl::Frontier::new(start.clone(), options.pages.max(1));
    let bar = if options.progress { ProgressBar::new(1) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} pages  {wide_msg}")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    if options.progress {
        bar.enable_steady_tick(Duration::from_millis(120));
    }
    let mut pages = Vec::new();
    while let Some(url) = frontier.next() {
        if !pages.is_empty() {
            tokio::time::sleep(options.delay).await;
        }
        let mut visits = Vec::new();
        let mut error = None;
        for pass in Pass::ALL {
            bar.set_message(format!("{url} ({})", pass.short()));
            match browser::visit(options, url.as_str(), pass).await {
                Ok(visit) => {
                    let banner = visit.banner;
                    if pass == Pass::BeforeChoice {
                        frontier.add_links(&visit.links);
                        bar.set_length(frontier.planned() as u64);
                    }
                    visits.push(visit);
                    // Without kakor on the page there is nothing to click, so
                    // the other two passes would only repeat the first.
                    if pass == Pass::BeforeChoice && !banner {
                        break;
                    }
                }
                Err(failure @ (ScanError::Timeout { .. } | ScanError::Unreachable { .. })) if !pages.is_empty() => {
                    error = Some(failure.to_string());
                    visits.clear();
                    break;
                }
                Err(failure) => {
                    bar.finish_and_clear();
                    return Err(failure);
                }
            }
        }
        pages.push(PageScan { url: url.to_string(), visits, error });
        bar.inc(1);
    }
    bar.finish_and_clear();
    let summary = findings::summarise(&pages, options.catalogue.as_ref());
    Ok(Scan { start: start.to_string(), pages, summary })
}

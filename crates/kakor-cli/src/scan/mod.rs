//! `kakor scan URL`: crawls a site in Debian's headless Chromium, one browser
//! for the scan and three fresh incognito contexts per page (before any
//! choice, after Reject all, after Accept all), and reports what it sets and
//! sends without consent.
//!
//! The pieces: `crawl` picks the pages, `browser` runs Chromium and visits one
//! page once,
//! `findings` classifies what was seen (with `ocd`, the embedded Open Cookie
//! Database, and the site's catalogue), `report` prints it, `draft` writes a
//! catalogue to start from.

mod browser;
mod crawl;
pub mod draft;
pub mod findings;
pub mod ocd;
pub mod report;
mod signals;

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
    /// little later; before a click, for once more this long.
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
    #[error("the start page {url} answered HTTP {status}; scan a page that loads")]
    StartStatus { url: String, status: u16 },
    #[error("the start page {url} ends on another site, {location}; scan that address instead")]
    StartLeft { url: String, location: String },
    #[error("stopped by {signal}; the browser was closed and its profile removed")]
    Interrupted { signal: &'static str, code: u8 },
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

impl ScanError {
    /// The exit status: 128 plus the signal's number when one stopped the
    /// scan (as a shell reports it), else 2.
    pub fn exit_code(&self) -> u8 {
        match self {
            ScanError::Interrupted { code, .. } => *code,
            _ => 2,
        }
    }
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

    /// The pages that could not be scanned in full, with why.
    pub fn unscanned(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pages.iter().filter_map(|page| Some((page.url.as_str(), page.error.as_deref()?)))
    }
}

/// Crawls and scans in one browser, which is closed and its profile removed
/// however the scan ends, also on SIGTERM or SIGINT (Ctrl-C). The start page
/// must load with a 2xx status on this site; a later page that fails or runs
/// out of time is reported with what was seen until then, and the crawl goes
/// on, except when the browser itself fails, which ends the scan.
pub async fn run(options: &Options) -> Result<Scan, ScanError> {
    let start = crawl::start(&options.url)?;
    // Listening replaces the default action (ending the process at once,
    // which would orphan Chromium) from here on. A signal that arrives while
    // the browser starts waits for the launch (bounded by --timeout), so that
    // the browser it started is closed too.
    let mut signals =
        signals::Signals::listen().map_err(|error| ScanError::Io("listening for signals".into(), error))?;
    let session = browser::Session::launch(options).await?;
    let result = tokio::select! {
        result = scan_pages(&session, options, &start) => result,
        signal = signals.next() => Err(signal),
    };
    session.close().await;
    result
}

/// Adds a visit's result to its page, and says whether the page stayed on
/// the site and was seen. A page that ends on another site, by a redirect or by
/// its own navigation, is only named: what another site does is not this
/// site's doing. A later page that does not load is noted and the crawl goes
/// on; anything else wrong ends the scan.
fn keep(
    page: &mut PageScan,
    start: &url::Url,
    result: Result<browser::Visit, ScanError>,
    first_page: bool,
) -> Result<bool, ScanError> {
    let visit = match result {
        Ok(visit) => visit,
        Err(failure @ ScanError::Unreachable { .. }) if !first_page => {
            page.error = Some(failure.to_string());
            return Ok(false);
        }
        Err(failure) => return Err(failure),
    };
    if let Some(location) = visit.location.as_deref().filter(|location| crawl::leaves(start, location)) {
        page.left_to = Some(location.to_string());
        page.visits.clear();
        page.error = None;
        return Ok(false);
    }
    if visit.incomplete.is_some() {
        page.error = visit.incomplete.clone();
    }
    page.visits.push(visit);
    Ok(true)
}

async fn scan_pages(session: &browser::Session, options: &Options, start: &url::Url) -> Result<Scan, ScanError> {
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
    let mut pages: Vec<PageScan> = Vec::new();
    while let Some(url) = frontier.next() {
        if !pages.is_empty() {
            tokio::time::sleep(options.delay).await;
        }
        let mut page = PageScan { url: url.to_string(), visits: Vec::new(), error: None, status: None, left_to: None };
        bar.set_message(url.to_string());
        let first = session.visit(options, url.as_str(), Pass::BeforeChoice).await;
        if keep(&mut page, start, first, pages.is_empty()).inspect_err(|_| bar.finish_and_clear())? {
            let visit = page.visits.last().expect("the visit was just kept");
            // A same-site redirect to a page visited or queued already: that
            // page is scanned under its own address, once.
            if visit.location.as_deref().is_some_and(|location| !frontier.landed(&url, location)) {
                continue;
            }
            frontier.add_links(&visit.links);
            bar.set_length(frontier.planned() as u64);
            let broken = visit.status.is_some_and(|status| !(200..300).contains(&status));
            page.status = visit.status;
            // Without kakor on the page there is nothing to click, so the
            // other two passes would only repeat the first. With it, the two
            // run side by side, each in its own context.
            if visit.banner && !broken && visit.incomplete.is_none() {
                let (reject, accept) = futures::join!(
                    session.visit(options, url.as_str(), Pass::AfterReject),
                    session.visit(options, url.as_str(), Pass::AfterAccept)
                );
                for result in [reject, accept] {
                    if page.left_to.is_none() {
                        keep(&mut page, start, result, false).inspect_err(|_| bar.finish_and_clear())?;
                    }
                }
            }
        }
        if pages.is_empty() {
            if let Some(location) = page.left_to {
                bar.finish_and_clear();
                return Err(ScanError::StartLeft { url: page.url, location });
            }
            if let Some(status) = page.status.filter(|status| !(200..300).contains(status)) {
                bar.finish_and_clear();
                return Err(ScanError::StartStatus { url: page.url, status });
            }
        }
        pages.push(page);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let summary = findings::summarise(&pages, options.catalogue.as_ref());
    Ok(Scan { start: start.to_string(), pages, summary })
}

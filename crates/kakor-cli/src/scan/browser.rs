//! One visit of one page in a fresh headless Chromium: launch it with an empty
//! profile, load the page, optionally click one of kakor's buttons, and read
//! back every cookie, storage key and request. Every wait has a deadline.

use super::{Options, Pass, ScanError};
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::network::EventRequestWillBeSent;
use chromiumoxide::cdp::browser_protocol::page::NavigateParams;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::error::CdpError;
use chromiumoxide::Page;
use futures::StreamExt;
use serde::Serialize;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::timeout;

/// Flags (without their `--`, which chromiumoxide adds) that keep headless
/// Chromium quiet and working as root on a closed network;
/// chromiumoxide adds `--headless=new`, `--no-sandbox`, the profile directory
/// and the DevTools port from the builder.
const FLAGS: &[&str] = &[
    "disable-gpu",
    "disable-dev-shm-usage",
    "disable-quic",
    "no-first-run",
    "disable-background-networking",
    "disable-component-update",
    "disable-sync",
];

/// A cookie as the browser holds it after a visit.
#[derive(Debug, Clone, Serialize)]
pub struct SeenCookie {
    pub name: String,
    pub domain: String,
    pub path: String,
    /// Seconds from the moment it was read until it expires; `None` for a session cookie.
    pub lifetime_seconds: Option<u64>,
    pub secure: bool,
    pub http_only: bool,
}

/// What one pass over one page saw.
#[derive(Debug, Clone, Serialize)]
pub struct Visit {
    pub pass: Pass,
    /// Whether kakor's banner was on the page (and, after a choice, was clicked).
    pub banner: bool,
    pub cookies: Vec<SeenCookie>,
    pub local_storage: Vec<String>,
    pub session_storage: Vec<String>,
    /// Every URL the page requested, in order, without repeats.
    pub requests: Vec<String>,
    /// Absolute `href`s of the page's links, for the crawl.
    #[serde(skip)]
    pub links: Vec<String>,
}

/// Looks for kakor's first layer (docs/contract.md, "Stable hooks") until `waitMs` has passed, and
/// clicks `[data-action=ACTION]` in it when ACTION is given. Resolves to
/// whether the banner was found. A page without `window.kakor` has no banner,
/// so it is not waited for.
const BANNER_SCRIPT: &str = r#"(async (action, waitMs) => {
  if (!window.kakor && !document.getElementById('kakor')) return false;
  const until = Date.now() + waitMs;
  for (;;) {
    const banner = document.getElementById('kakor')?.shadowRoot?.querySelector('[data-kakor="banner"]');
    if (banner && !banner.hidden) {
      if (action) banner.querySelector(`[data-action="${action}"]`).click();
      return true;
    }
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
})"#;

const PAGE_STATE_SCRIPT: &str = r#"(() => {
  const keys = (name) => { try { return Object.keys(window[name]); } catch { return []; } };
  return {
    local: keys('localStorage'),
    session: keys('sessionStorage'),
    links: Array.from(document.querySelectorAll('a[href]'), (a) => a.href),
  };
})()"#;

#[derive(serde::Deserialize)]
struct PageState {
    local: Vec<String>,
    session: Vec<String>,
    links: Vec<String>,
}

/// Visits `url` once in a fresh profile and reports what it saw.
pub async fn visit(options: &Options, url: &str, pass: Pass) -> Result<Visit, ScanError> {
    let profile = tempfile::Builder::new()
        .prefix("kakor-scan-")
        .tempdir()
        .map_err(|error| ScanError::Io("creating a temporary browser profile".into(), error))?;
    let mut config = BrowserConfig::builder()
        .chrome_executable(&options.chromium)
        .new_headless_mode()
        .no_sandbox()
        .user_data_dir(profile.path())
        .launch_timeout(options.timeout)
        .request_timeout(options.timeout)
        .args(FLAGS.iter().copied());
    if !options.resolve.is_empty() {
        let rules: Vec<String> = options.resolve.iter().map(|(host, ip)| format!("MAP {host} {ip}")).collect();
        config = config.arg(format!("host-resolver-rules={}", rules.join(",")));
    }
    let config = config
        .build()
        .map_err(|reason| ScanError::Launch { chromium: options.chromium.display().to_string(), reason })?;
    let (mut browser, mut handler) = Browser::launch(config).await.map_err(|error| ScanError::Launch {
        chromium: options.chromium.display().to_string(),
        reason: launch_reason(&error),
    })?;
    // The handler drives the DevTools connection. Messages it cannot parse (a
    // newer Chromium's events) are skipped, not fatal; a broken socket ends it.
    let mut driver = tokio::spawn(async move {
        while let Some(message) = handler.next().await {
            if let Err(CdpError::Ws(_)) = message {
                break;
            }
        }
    });
    // chromiumoxide tells no pending command that the connection closed, so a
    // browser that dies mid-page is noticed by the driver's end or by a
    // heartbeat the browser process answers even while a page hangs.
    let result = tokio::select! {
        result = drive(&browser, options, url, pass) => result,
        _ = &mut driver => Err(ScanError::Crashed {
            url: url.to_string(),
            reason: "the DevTools connection closed".to_string(),
        }),
        reason = heartbeat(&browser) => Err(ScanError::Crashed { url: url.to_string(), reason }),
    };
    // Close politely, but never wait long for a browser that may be stuck.
    if timeout(Duration::from_secs(2), browser.close()).await.is_err() || result.is_err() {
        let _ = browser.kill().await;
    }
    let _ = timeout(Duration::from_secs(2), browser.wait()).await;
    driver.abort();
    // A killed browser's helper processes may still write to the profile for
    // a moment, so its removal is tried again before giving up on it.
    let profile = profile.keep();
    for _ in 0..5 {
        if std::fs::remove_dir_all(&profile).is_ok() || !profile.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    result
}

async fn drive(browser: &Browser, options: &Options, url: &str, pass: Pass) -> Result<Visit, ScanError> {
    let deadline = options.timeout;
    let crashed = |error: CdpError| ScanError::Crashed { url: url.to_string(), reason: error.to_string() };
    let page = within(deadline, url, browser.new_page("about:blank")).await?.map_err(crashed)?;
    let mut events = within(deadline, url, page.event_listener::<EventRequestWillBeSent>()).await?.map_err(crashed)?;
    let requests = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorder = {
        let requests = Arc::clone(&requests);
        tokio::spawn(async move {
            while let Some(event) = events.next().await {
                let mut seen = requests.lock().expect("the request list is never poisoned");
                if !seen.contains(&event.request.url) {
                    seen.push(event.request.url.clone());
                }
            }
        })
    };
    let navigation = within(deadline, url, page.goto(NavigateParams::new(url))).await;
    match navigation {
        Ok(Ok(_)) => {}
        Ok(Err(CdpError::ChromeMessage(reason))) => {
            recorder.abort();
            return Err(ScanError::Unreachable { url: url.to_string(), reason });
        }
        Ok(Err(error)) => {
            recorder.abort();
            return Err(crashed(error));
        }
        Err(error) => {
            recorder.abort();
            return Err(error);
        }
    }
    settle(&requests, options.settle, deadline).await;
    let action = match pass {
        Pass::BeforeChoice => "",
        Pass::AfterReject => "reject-all",
        Pass::AfterAccept => "accept-all",
    };
    let banner_wait = deadline.saturating_sub(Duration::from_secs(1)).as_millis();
    let banner: bool = evaluate(
        &page,
        url,
        deadline,
        &format!("{BANNER_SCRIPT}({}, {banner_wait})", serde_json::to_string(action).unwrap_or_default()),
    )
    .await?;
    if banner && !action.is_empty() {
        settle(&requests, options.settle, deadline).await;
    }
    let state: PageState = evaluate(&page, url, deadline, PAGE_STATE_SCRIPT).await?;
    let cookies = within(deadline, url, browser.get_cookies()).await?.map_err(crashed)?;
    recorder.abort();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or_default();
    let cookies = cookies
        .into_iter()
        .map(|cookie| SeenCookie {
            lifetime_seconds: (!cookie.session).then(|| (cookie.expires - now).max(0.0).round() as u64),
            name: cookie.name,
            domain: cookie.domain,
            path: cookie.path,
            secure: cookie.secure,
            http_only: cookie.http_only,
        })
        .collect();
    let requests = requests.lock().expect("the request list is never poisoned").clone();
    Ok(Visit {
        pass,
        banner,
        cookies,
        local_storage: state.local,
        session_storage: state.session,
        requests,
        links: state.links,
    })
}

/// Waits until the page has requested nothing new for `quiet`, but no longer
/// than `deadline`: scripts that a load or a click starts get to finish, also
/// on a slow machine, without a long fixed pause on every page.
async fn settle(requests: &Mutex<Vec<String>>, quiet: Duration, deadline: Duration) {
    let count = || requests.lock().expect("the request list is never poisoned").len();
    let started = std::time::Instant::now();
    loop {
        let before = count();
        tokio::time::sleep(quiet).await;
        if count() == before || started.elapsed() + quiet > deadline {
            return;
        }
    }
}

/// Asks the browser for its version every second; returns why it stopped answering.
async fn heartbeat(browser: &Browser) -> String {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        match timeout(Duration::from_secs(3), browser.version()).await {
            Ok(Ok(_)) => continue,
            Ok(Err(error)) => return format!("it no longer answers ({error}); did it crash or get killed?"),
            Err(_) => return "it stopped answering (crashed or killed?)".to_string(),
        }
    }
}

/// Runs `future` with the page deadline; running out is a timeout on `url`.
async fn within<T>(deadline: Duration, url: &str, future: impl Future<Output = T>) -> Result<T, ScanError> {
    timeout(deadline, future)
        .await
        .map_err(|_| ScanError::Timeout { url: url.to_string(), seconds: deadline.as_secs_f64() })
}

async fn evaluate<T: serde::de::DeserializeOwned>(
    page: &Page,
    url: &str,
    deadline: Duration,
    expression: &str,
) -> Result<T, ScanError> {
    let params = EvaluateParams::builder()
        .expression(expression)
        .await_promise(true)
        .return_by_value(true)
        .build()
        .map_err(|reason| ScanError::Crashed { url: url.to_string(), reason })?;
    let result = within(deadline, url, page.evaluate_expression(params))
        .await?
        .map_err(|error| ScanError::Crashed { url: url.to_string(), reason: error.to_string() })?;
    result.into_value().map_err(|error| ScanError::Crashed {
        url: url.to_string(),
        reason: format!("reading the page's answer: {error}"),
    })
}

/// The first line of what went wrong at launch, with the browser's own stderr
/// when it printed any, so "not found" and "crashed" read differently.
fn launch_reason(error: &CdpError) -> String {
    let (what, stderr) = match error {
        CdpError::LaunchExit(status, stderr) => (format!("it exited at once ({status})"), stderr),
        // The browser's output ended before it named its DevTools address.
        CdpError::LaunchIo(_, stderr) => ("it exited at once".to_string(), stderr),
        CdpError::LaunchTimeout(stderr) => ("it did not start DevTools in time".to_string(), stderr),
        other => return other.to_string(),
    };
    let said = String::from_utf8_lossy(stderr.as_slice());
    match said.trim().lines().last() {
        Some(line) => format!("{what}: {line}"),
        None => format!("{what}, saying nothing"),
    }
}

//! One headless Chromium for the whole scan, with a temporary profile that is
//! removed when the scan ends (also on SIGTERM or Ctrl-C), and one visit of
//! one page in a fresh incognito browser context: load the page, optionally
//! click one of kakor's buttons, and read back every cookie, storage key and
//! request. A context has its own cookies, storage and cache, so each pass
//! starts as a first-time visitor without the cost of a new browser. Every
//! wait has a deadline; a page that runs out of time keeps what was seen.

use super::{Options, Pass, ScanError};
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::network::{EventRequestWillBeSent, EventResponseReceived, ResourceType};
use chromiumoxide::cdp::browser_protocol::page::{
    EventJavascriptDialogOpening, FrameId, HandleJavaScriptDialogParams, NavigateParams,
};
use chromiumoxide::cdp::browser_protocol::storage::GetCookiesParams;
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams, EventAttachedToTarget, EventReceivedMessageFromTarget,
    SetAutoAttachParams,
};
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::error::CdpError;
use chromiumoxide::Page;
use futures::channel::oneshot;
use futures::future::{FutureExt, Shared};
use futures::StreamExt;
use serde::Serialize;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;
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
    /// Where the page ended up, after redirects and its own navigation.
    pub location: Option<String>,
    /// The HTTP status of the document it ended on, when one arrived.
    pub status: Option<u16>,
    /// The `alert()`, `confirm()` and `prompt()` dialogs it opened, each
    /// dismissed so that the page goes on: `confirm: Leave?`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dialogs: Vec<String>,
    /// Why the visit stopped before it was done (the page ran out of time);
    /// what it holds is what was seen until then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<String>,
    /// In the Reject all and Accept all passes, what the page held just
    /// before the click: what is here but was not there in the pass before
    /// any choice was set late, before any choice, and is not the click's doing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_click: Option<Snapshot>,
    /// Absolute `href`s of the page's links, for the crawl.
    #[serde(skip)]
    pub links: Vec<String>,
}

/// The cookies and storage keys a page held at one moment.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    pub cookies: Vec<SeenCookie>,
    pub local_storage: Vec<String>,
    pub session_storage: Vec<String>,
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

/// The scan's browser: one Chromium process and its temporary profile.
pub struct Session {
    browser: Browser,
    /// Drives the DevTools connection; it ends when the connection breaks.
    driver: JoinHandle<()>,
    /// Resolves once the driver has ended, for every visit that waits on it.
    ended: Shared<oneshot::Receiver<()>>,
    profile: PathBuf,
}

impl Session {
    /// Launches Chromium with an empty temporary profile.
    pub async fn launch(options: &Options) -> Result<Session, ScanError> {
        let profile = tempfile::Builder::new()
            .prefix("kakor-scan-")
            .tempdir()
            .map_err(|error| ScanError::Io("creating a temporary browser profile".into(), error))?
            .keep();
        let launched = launch(options, &profile).await;
        if launched.is_err() {
            remove_profile(&profile).await;
        }
        let (browser, mut handler) = launched?;
        // Messages the handler cannot parse (a newer Chromium's events) are
        // skipped, not fatal; a broken socket ends it.
        let (alive, ended) = oneshot::channel();
        let driver = tokio::spawn(async move {
            let _alive = alive;
            while let Some(message) = handler.next().await {
                if let Err(CdpError::Ws(_)) = message {
                    break;
                }
            }
        });
        Ok(Session { browser, driver, ended: ended.shared(), profile })
    }

    /// Visits `url` once in a fresh incognito context and reports what it
    /// saw. Visits may run side by side: each has a context of its own.
    pub async fn visit(&self, options: &Options, url: &str, pass: Pass) -> Result<Visit, ScanError> {
        let browser = &self.browser;
        // chromiumoxide tells no pending command that the connection closed,
        // so a browser that dies mid-page is noticed by the driver's end or by
        // a heartbeat the browser process answers even while a page hangs.
        tokio::select! {
            result = in_context(browser, options, url, pass) => result,
            _ = self.ended.clone() => Err(ScanError::Crashed {
                url: url.to_string(),
                reason: "the DevTools connection closed".to_string(),
            }),
            reason = heartbeat(browser) => Err(ScanError::Crashed { url: url.to_string(), reason }),
        }
    }

    /// Ends the browser and removes its profile. Never waits long for a
    /// browser that may be stuck: it is killed.
    pub async fn close(mut self) {
        let closed = matches!(timeout(Duration::from_secs(2), self.browser.close()).await, Ok(Ok(_)));
        if !closed || timeout(Duration::from_secs(3), self.browser.wait()).await.is_err() {
            let _ = self.browser.kill().await;
            let _ = timeout(Duration::from_secs(3), self.browser.wait()).await;
        }
        self.driver.abort();
        remove_profile(&self.profile).await;
    }
}

async fn launch(options: &Options, profile: &std::path::Path) -> Result<(Browser, chromiumoxide::Handler), ScanError> {
    let mut config = BrowserConfig::builder()
        .chrome_executable(&options.chromium)
        .new_headless_mode()
        .no_sandbox()
        .user_data_dir(profile)
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
    Browser::launch(config).await.map_err(|error| ScanError::Launch {
        chromium: options.chromium.display().to_string(),
        reason: launch_reason(&error),
    })
}

/// A killed browser's helper processes may still write to the profile for a
/// moment, so its removal is tried again before giving up on it.
async fn remove_profile(profile: &std::path::Path) {
    for _ in 0..25 {
        if std::fs::remove_dir_all(profile).is_ok() || !profile.exists() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// One visit in a context of its own, disposed of (with its pages, cookies
/// and storage) afterwards.
async fn in_context(browser: &Browser, options: &Options, url: &str, pass: Pass) -> Result<Visit, ScanError> {
    let crashed = |error: CdpError| ScanError::Crashed { url: url.to_string(), reason: error.to_string() };
    let context = within(options.timeout, url, browser.create_browser_context(CreateBrowserContextParams::default()))
        .await?
        .map_err(crashed)?;
    let result = drive(browser, &context, options, url, pass).await;
    let _ = timeout(options.timeout, browser.dispose_browser_context(context)).await;
    result
}

/// How long reading a page that ran out of time may take: it may still be busy.
const AFTER_TIMEOUT: Duration = Duration::from_secs(2);

async fn drive(
    browser: &Browser,
    context: &BrowserContextId,
    options: &Options,
    url: &str,
    pass: Pass,
) -> Result<Visit, ScanError> {
    let deadline = options.timeout;
    let crashed = |error: CdpError| ScanError::Crashed { url: url.to_string(), reason: error.to_string() };
    let mut target = CreateTargetParams::new("about:blank");
    target.browser_context_id = Some(context.clone());
    let page = within(deadline, url, browser.new_page(target)).await?.map_err(crashed)?;
    let recorded = Arc::new(Recorded::default());
    let recorders = record(&page, url, deadline, &recorded).await?;
    let navigation = within(deadline, url, page.goto(NavigateParams::new(url))).await;
    let mut incomplete = None;
    match navigation {
        Ok(Ok(_)) => {}
        Ok(Err(CdpError::ChromeMessage(reason))) => {
            recorders.iter().for_each(JoinHandle::abort);
            return Err(ScanError::Unreachable { url: url.to_string(), reason });
        }
        Ok(Err(CdpError::Timeout)) => {
            incomplete = Some(ScanError::Timeout { url: url.to_string(), seconds: deadline.as_secs_f64() }.to_string())
        }
        Ok(Err(error)) => {
            recorders.iter().for_each(JoinHandle::abort);
            return Err(crashed(error));
        }
        Err(error) => incomplete = Some(error.to_string()),
    }
    let mut banner = false;
    let mut before_click = None;
    if incomplete.is_none() {
        settle(&recorded.requests, options.settle, deadline).await;
        let banner_wait = deadline.saturating_sub(Duration::from_secs(1)).as_millis();
        let banner_script = |action: &str| {
            format!("{BANNER_SCRIPT}({}, {banner_wait})", serde_json::to_string(action).unwrap_or_default())
        };
        match evaluate::<bool>(&page, url, deadline, &banner_script("")).await {
            Ok(found) => banner = found,
            Err(error @ ScanError::Timeout { .. }) => incomplete = Some(error.to_string()),
            // The page went elsewhere while the script ran: no banner here.
            Err(_) => {}
        }
        let action = match pass {
            Pass::BeforeChoice => None,
            Pass::AfterReject => Some("reject-all"),
            Pass::AfterAccept => Some("accept-all"),
        };
        if let Some(action) = action.filter(|_| banner) {
            // The page is watched one settle longer than in the pass before
            // any choice, and read just before the click, so that what a
            // script sets late is told apart from what the click caused.
            settle(&recorded.requests, options.settle, deadline).await;
            let storage = evaluate::<PageState>(&page, url, deadline, PAGE_STATE_SCRIPT).await.ok();
            let (local_storage, session_storage) =
                storage.map(|state| (state.local, state.session)).unwrap_or_default();
            let cookies = read_cookies(browser, context, url, deadline).await?;
            before_click = Some(Snapshot { cookies, local_storage, session_storage });
            match evaluate::<bool>(&page, url, deadline, &banner_script(action)).await {
                Ok(clicked) => banner = clicked,
                Err(error @ ScanError::Timeout { .. }) => incomplete = Some(error.to_string()),
                Err(_) => banner = false,
            }
            if banner {
                settle(&recorded.requests, options.settle, deadline).await;
            }
        }
    }
    let reading = if incomplete.is_some() { AFTER_TIMEOUT } else { deadline };
    let mut state = evaluate::<PageState>(&page, url, reading, PAGE_STATE_SCRIPT).await;
    if matches!(state, Err(ScanError::Crashed { .. })) && incomplete.is_none() {
        // The page was replaced while it was read (a script sent the visitor
        // on): read the one it went to once it has settled.
        settle(&recorded.requests, options.settle, deadline).await;
        state = evaluate::<PageState>(&page, url, reading, PAGE_STATE_SCRIPT).await;
    }
    let state = match state {
        Ok(state) => state,
        Err(error) => {
            if incomplete.is_none() {
                incomplete = Some(format!("its storage and links could not be read: {error}"));
            }
            PageState { local: Vec::new(), session: Vec::new(), links: Vec::new() }
        }
    };
    let cookies = read_cookies(browser, context, url, deadline).await?;
    let location = timeout(AFTER_TIMEOUT, page.url()).await.ok().and_then(Result::ok).flatten();
    let frame = timeout(AFTER_TIMEOUT, page.mainframe()).await.ok().and_then(Result::ok).flatten();
    recorders.iter().for_each(JoinHandle::abort);
    let status = recorded
        .documents
        .lock()
        .expect("the document list is never poisoned")
        .iter()
        .rev()
        .find(|(document_frame, _)| frame.is_none() || document_frame.as_ref() == frame.as_ref())
        .map(|(_, status)| *status);
    let requests = recorded.requests.lock().expect("the request list is never poisoned").clone();
    let dialogs = recorded.dialogs.lock().expect("the dialog list is never poisoned").clone();
    Ok(Visit {
        pass,
        banner,
        cookies,
        local_storage: state.local,
        session_storage: state.session,
        requests,
        location,
        status,
        dialogs,
        incomplete,
        before_click,
        links: state.links,
    })
}

/// Every cookie of the visit's context, with its lifetime from now.
async fn read_cookies(
    browser: &Browser,
    context: &BrowserContextId,
    url: &str,
    deadline: Duration,
) -> Result<Vec<SeenCookie>, ScanError> {
    let params = GetCookiesParams::builder().browser_context_id(context.clone()).build();
    let cookies = within(deadline, url, browser.execute(params))
        .await?
        .map_err(|error| ScanError::Crashed { url: url.to_string(), reason: error.to_string() })?
        .result
        .cookies;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or_default();
    Ok(cookies
        .into_iter()
        .map(|cookie| SeenCookie {
            lifetime_seconds: (!cookie.session).then(|| (cookie.expires - now).max(0.0).round() as u64),
            name: cookie.name,
            domain: cookie.domain,
            path: cookie.path,
            secure: cookie.secure,
            http_only: cookie.http_only,
        })
        .collect())
}

/// `Target.sendMessageToTarget`, which chromiumoxide's protocol tables leave
/// out: a command for a child target attached without a flat session.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SendMessageToTarget {
    message: String,
    session_id: String,
}

impl chromiumoxide::types::Method for SendMessageToTarget {
    fn identifier(&self) -> chromiumoxide::types::MethodId {
        "Target.sendMessageToTarget".into()
    }
}

impl chromiumoxide::types::Command for SendMessageToTarget {
    type Response = serde_json::Value;
}

/// What a page's event listeners write down while it runs.
#[derive(Default)]
struct Recorded {
    /// Every URL requested, in order, without repeats.
    requests: Mutex<Vec<String>>,
    /// The frame and HTTP status of each document received.
    documents: Mutex<Vec<(Option<FrameId>, u16)>>,
    dialogs: Mutex<Vec<String>>,
}

/// Starts recording the page's requests, the status of each document it
/// receives, and its dialogs, which are dismissed at once: an `alert()` left
/// open stops the page, and a visitor would close it.
async fn record(
    page: &Page,
    url: &str,
    deadline: Duration,
    recorded: &Arc<Recorded>,
) -> Result<Vec<JoinHandle<()>>, ScanError> {
    let crashed = |error: CdpError| ScanError::Crashed { url: url.to_string(), reason: error.to_string() };
    let mut sent = within(deadline, url, page.event_listener::<EventRequestWillBeSent>()).await?.map_err(crashed)?;
    let mut received = within(deadline, url, page.event_listener::<EventResponseReceived>()).await?.map_err(crashed)?;
    let mut opened =
        within(deadline, url, page.event_listener::<EventJavascriptDialogOpening>()).await?.map_err(crashed)?;
    let (requests, documents, dialogs) = (Arc::clone(recorded), Arc::clone(recorded), Arc::clone(recorded));
    let mut attached = within(deadline, url, page.event_listener::<EventAttachedToTarget>()).await?.map_err(crashed)?;
    let mut messages =
        within(deadline, url, page.event_listener::<EventReceivedMessageFromTarget>()).await?.map_err(crashed)?;
    // Workers and cross-site (out-of-process) iframes are targets of their
    // own whose requests the page's Network domain does not see. They are
    // attached to here, paused at their start, told to report their
    // requests, and let go.
    let children = SetAutoAttachParams::builder()
        .auto_attach(true)
        .wait_for_debugger_on_start(true)
        .flatten(false)
        .build()
        .map_err(|reason| ScanError::Crashed { url: url.to_string(), reason })?;
    within(deadline, url, page.execute(children)).await?.map_err(crashed)?;
    let child_requests = Arc::clone(recorded);
    let page_for_children = page.clone();
    let page = page.clone();
    Ok(vec![
        tokio::spawn(async move {
            while let Some(event) = attached.next().await {
                for message in
                    [r#"{"id":1,"method":"Network.enable"}"#, r#"{"id":2,"method":"Runtime.runIfWaitingForDebugger"}"#]
                {
                    let send = SendMessageToTarget {
                        message: message.to_string(),
                        session_id: event.session_id.as_ref().to_string(),
                    };
                    let _ = page_for_children.execute(send).await;
                }
            }
        }),
        tokio::spawn(async move {
            while let Some(event) = messages.next().await {
                let Ok(message) = serde_json::from_str::<serde_json::Value>(&event.message) else { continue };
                if message["method"] != "Network.requestWillBeSent" {
                    continue;
                }
                let Some(url) = message["params"]["request"]["url"].as_str() else { continue };
                let mut seen = child_requests.requests.lock().expect("the request list is never poisoned");
                if !seen.iter().any(|known| known == url) {
                    seen.push(url.to_string());
                }
            }
        }),
        tokio::spawn(async move {
            while let Some(event) = sent.next().await {
                let mut seen = requests.requests.lock().expect("the request list is never poisoned");
                if !seen.contains(&event.request.url) {
                    seen.push(event.request.url.clone());
                }
            }
        }),
        tokio::spawn(async move {
            while let Some(event) = received.next().await {
                if event.r#type == ResourceType::Document {
                    let status = u16::try_from(event.response.status).unwrap_or_default();
                    documents
                        .documents
                        .lock()
                        .expect("the document list is never poisoned")
                        .push((event.frame_id.clone(), status));
                }
            }
        }),
        tokio::spawn(async move {
            while let Some(event) = opened.next().await {
                dialogs.dialogs.lock().expect("the dialog list is never poisoned").push(format!(
                    "{}: {}",
                    event.r#type.as_ref(),
                    event.message
                ));
                let _ = page.execute(HandleJavaScriptDialogParams::new(false)).await;
            }
        }),
    ])
}

/// Waits until the page has requested nothing new for `quiet`, but no longer
/// than `deadline`: scripts that a load or a click starts get to finish, also
/// on a slow machine, without a long fixed pause on every page. The quiet
/// time counts from the last request, so every pass of a page waits the same
/// time after it.
async fn settle(requests: &Mutex<Vec<String>>, quiet: Duration, deadline: Duration) {
    let count = || requests.lock().expect("the request list is never poisoned").len();
    let started = std::time::Instant::now();
    let (mut seen, mut last) = (count(), started);
    loop {
        let now = std::time::Instant::now();
        if now.duration_since(last) >= quiet || now.duration_since(started) + quiet > deadline {
            return;
        }
        tokio::time::sleep((last + quiet - now).min(Duration::from_millis(50))).await;
        if count() != seen {
            (seen, last) = (count(), std::time::Instant::now());
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

//! `kakor scan` against the fixture sites in tests/fixtures/sites/, served
//! here on loopback, in Debian's headless Chromium: the real binary, the real
//! browser, the findings an owner would read. Bad input ends with a message,
//! never a hang: every run has a time limit.

use kakor_core::source;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

fn sites() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites")
}

/// Serves the fixture sites on 127.0.0.1 for the whole test run and returns
/// the port. `/dist/` is the built banner, `/never` never answers,
/// `/go/partner` redirects to the partner's site, a missing file is a 404 page.
fn port() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(|| {
        let dist = super::root().join("www/dist");
        assert!(
            dist.join("kakor.js").exists() && dist.join("kakor_bg.wasm").exists(),
            "www/dist/ is not built: run ./build.sh first (./build.sh test does it before cargo test)"
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dist = dist.clone();
                std::thread::spawn(move || answer(stream, port, &dist));
            }
        });
        port
    })
}

fn answer(stream: TcpStream, port: u16, dist: &Path) {
    let Ok(clone) = stream.try_clone() else { return };
    let mut reader = BufReader::new(clone);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path == "/never" {
        // Holds the connection open without a byte of answer, until the client gives up.
        std::thread::sleep(Duration::from_secs(600));
        return;
    }
    if path == "/go/same" {
        let head =
            "HTTP/1.1 302 Found\r\nLocation: /redirect/target.html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        let _ = (&stream).write_all(head.as_bytes());
        return;
    }
    if path == "/go/partner" {
        let to = format!("http://cdn.tracker.kakor.test:{port}/tracker/partner.html");
        let head = format!("HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let _ = (&stream).write_all(head.as_bytes());
        return;
    }
    let file = match path.strip_prefix("/dist/") {
        Some(rest) => dist.join(rest),
        None => sites().join(path.trim_start_matches('/')),
    };
    let file = if path.ends_with('/') { file.join("index.html") } else { file };
    let found = (!path.contains("..")).then(|| std::fs::read(&file).ok()).flatten();
    let mut stream = stream;
    let Some(mut body) = found else {
        let page = "<!doctype html><title>Not found</title><h1>Not found</h1>";
        let head = format!(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            page.len()
        );
        let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(page.as_bytes()));
        return;
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("gif") => "image/gif",
        _ => "application/octet-stream",
    };
    if kind.starts_with("text/html") {
        body = String::from_utf8_lossy(&body).replace("{{PORT}}", &port.to_string()).into_bytes();
    }
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
}

/// One browser scan at a time: two cores, and timings that must hold.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `kakor ARGS`, killing it and failing the test if it takes longer than `limit`.
fn kakor(args: &[&str], limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kakor"))
        .args(args)
        .current_dir(super::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!("kakor {args:?} hung for {limit:?}; stderr: {}", String::from_utf8_lossy(&output.stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

fn url(path: &str) -> String {
    format!("http://127.0.0.1:{}{path}", port())
}

/// A scan with short pauses, the tracker host mapped to loopback.
fn scan(target: &str, extra: &[&str]) -> Output {
    scan_settled(target, "400", extra)
}

/// A scan whose pages are watched for `settle_ms` after each load and click.
fn scan_settled(target: &str, settle_ms: &str, extra: &[&str]) -> Output {
    let target = url(target);
    let mut args = vec![
        "scan",
        &target,
        "--delay-ms",
        "50",
        "--settle-ms",
        settle_ms,
        "--timeout",
        "10",
        "--resolve",
        "cdn.tracker.kakor.test=127.0.0.1",
    ];
    args.extend_from_slice(extra);
    let _turn = one_at_a_time();
    kakor(&args, Duration::from_secs(120)).0
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn findings<'a>(report: &'a Value, kind: &str) -> Vec<&'a Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == kind).collect()
}

fn finding<'a>(report: &'a Value, kind: &str, subject: &str) -> &'a Value {
    findings(report, kind)
        .into_iter()
        .find(|f| f["subject"] == subject)
        .unwrap_or_else(|| panic!("no {kind} finding for {subject} in {:#}", report["findings"]))
}

fn passes(item: &Value) -> Vec<&str> {
    item["passes"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect()
}

#[test]
fn the_leaky_site_leaks_ga_and_a_third_party_request_and_its_draft_checks() {
    let draft = tempfile::NamedTempFile::new().unwrap();
    let out = scan("/leaky/", &["--format", "json", "--draft", draft.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "leaks give status 1; stderr: {}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);

    let pages: Vec<&str> = report["pages"].as_array().unwrap().iter().map(|p| p["url"].as_str().unwrap()).collect();
    assert_eq!(
        pages,
        [url("/leaky/"), url("/leaky/about.html"), url("/leaky/contact.html")],
        "same-origin links, once each"
    );

    let ga = finding(&report, "cookie-leak", "_ga");
    assert_eq!(ga["severity"], "leak");
    assert_eq!(ga["pass"], "before-choice");
    assert_eq!(ga["pages"][0], url("/leaky/"));
    assert!(ga["message"].as_str().unwrap().contains("statistics (Google Analytics"), "{ga}");

    let request = finding(&report, "request-leak", "cdn.tracker.kakor.test");
    assert_eq!(request["pages"], serde_json::json!([url("/leaky/about.html")]));
    assert_eq!(finding(&report, "storage-leak", "_hjid")["pass"], "before-choice");
    assert_eq!(finding(&report, "no-banner", "kakor")["pages"].as_array().unwrap().len(), 3);
    // PHP's session cookie by its default name: likely necessary, a warning to declare it.
    let session = finding(&report, "review", "PHPSESSID");
    assert_eq!(session["severity"], "warning");
    assert!(session["message"].as_str().unwrap().contains("likely necessary: declare it"), "{session}");
    assert!(findings(&report, "cookie-leak").iter().all(|f| f["subject"] != "PHPSESSID"));

    let ga_cookie = report["cookies"].as_array().unwrap().iter().find(|c| c["name"] == "_ga").unwrap();
    assert_eq!(ga_cookie["party"], "first");
    assert_eq!(ga_cookie["domain"], "127.0.0.1");
    // Chromium caps a cookie's lifetime at 400 days, whatever the site asks for.
    assert!(ga_cookie["lifetime_seconds"].as_u64().unwrap() > 399 * 86_400, "{ga_cookie}");

    let checked = kakor(&["check", draft.path().to_str().unwrap()], Duration::from_secs(30)).0;
    assert!(checked.status.success(), "the draft must validate: {}", String::from_utf8_lossy(&checked.stderr));
    let text = std::fs::read_to_string(draft.path()).unwrap();
    let catalogue = source::read("draft.toml", &text, &annotate_snippets::Renderer::plain()).unwrap();
    let category_of = |cookie: &str| {
        catalogue.services.iter().find(|s| s.cookies.iter().any(|c| c.name == cookie)).map(|s| s.category.as_str())
    };
    assert_eq!(category_of("_ga"), Some("statistics"), "{text}");
    assert_eq!(category_of("PHPSESSID"), Some("necessary"), "{text}");
}

#[test]
fn markdown_and_table_reports_name_the_leak() {
    let markdown = scan("/leaky/", &["--pages", "1", "--format", "markdown"]);
    assert_eq!(markdown.status.code(), Some(1));
    let text = String::from_utf8_lossy(&markdown.stdout);
    assert!(text.contains("| severity | finding | subject | what | page |"), "{text}");
    assert!(
        text.contains(
            "| LEAK | cookie-leak | _ga | statistics (Google Analytics, OCD Analytics) cookie set before any choice |"
        ),
        "{text}"
    );

    let table = scan("/leaky/", &["--pages", "1"]);
    assert_eq!(table.status.code(), Some(1));
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("1 page(s) scanned, 2 cookie(s), 0 third-party host(s); 1 leak(s)"), "{text}");
    assert!(text.lines().any(|line| line.trim_start().starts_with("LEAK") && line.contains("_ga")), "{text}");
}

#[test]
fn the_gated_site_is_clean_until_accept_all() {
    let out = scan("/gated/", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "no leaks; {}", String::from_utf8_lossy(&out.stdout));
    let report = json(&out);
    assert_eq!(report["pages"].as_array().unwrap().len(), 2);
    assert!(findings(&report, "no-banner").is_empty(), "kakor's banner is found: {:#}", report["findings"]);
    for page in report["pages"].as_array().unwrap() {
        let visits = page["visits"].as_array().unwrap();
        assert_eq!(visits.len(), 3, "before, reject, accept");
        for visit in visits.iter().filter(|v| v["pass"] != "after-accept") {
            assert!(
                visit["cookies"].as_array().unwrap().iter().all(|c| c["name"] == "kakor"),
                "only kakor's own cookie without consent: {visit:#}"
            );
        }
    }
    let cookie = |name: &str| report["cookies"].as_array().unwrap().iter().find(|c| c["name"] == name).cloned();
    assert_eq!(passes(&cookie("_ga").expect("_ga after Accept all")), ["after-accept"]);
    assert_eq!(passes(&cookie("kakor").unwrap()), ["after-reject", "after-accept"]);
    let tracker =
        report["third_parties"].as_array().unwrap().iter().find(|h| h["host"] == "cdn.tracker.kakor.test").unwrap();
    assert_eq!(passes(tracker), ["after-accept"]);
}

#[test]
fn the_catalogue_is_held_to_what_the_site_does() {
    let out = scan(
        "/gated/",
        &[
            "--pages",
            "1",
            "--format",
            "json",
            "--catalogue",
            "crates/kakor-cli/tests/fixtures/sites/gated/catalogue.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "warnings alone pass; {}", String::from_utf8_lossy(&out.stdout));
    let report = json(&out);
    assert_eq!(finding(&report, "undeclared", "_hjSessionUser_1")["pages"][0], url("/gated/"));
    assert!(finding(&report, "never-seen", "_gid")["pages"].as_array().unwrap().is_empty());
    assert!(finding(&report, "contradiction", "_gid")["message"]
        .as_str()
        .unwrap()
        .contains("under `necessary`, the Open Cookie Database under Analytics"));
    let longer = finding(&report, "longer-than-declared", "_ga");
    assert!(longer["message"].as_str().unwrap().contains("the catalogue says 1 year"), "{longer}");
    assert!(findings(&report, "undeclared").iter().all(|f| f["subject"] != "_ga" && f["subject"] != "kakor"));
}

#[test]
fn a_draft_keeps_what_the_catalogue_says_of_a_declared_service() {
    let draft = tempfile::NamedTempFile::new().unwrap();
    let catalogue = "crates/kakor-cli/tests/fixtures/sites/gated/catalogue.json";
    let out = scan("/gated/", &["--pages", "1", "--catalogue", catalogue, "--draft", draft.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(draft.path()).unwrap();
    let drafted = source::read("draft.toml", &text, &annotate_snippets::Renderer::plain()).unwrap();
    let ga4 = drafted.services.iter().find(|s| s.id == "ga4").unwrap_or_else(|| panic!("{text}"));
    assert_eq!(ga4.provider, "Google Ireland Limited", "{text}");
    assert_eq!(ga4.name, "Google Analytics 4");
    assert_eq!(ga4.policy_url, "https://policies.google.com/privacy");
}

#[test]
fn bad_input_gets_a_clear_message() {
    let ftp = kakor(&["scan", "ftp://example.com/"], Duration::from_secs(10)).0;
    assert_eq!(ftp.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&ftp.stderr).contains("`ftp:` is not a web address; expected http:// or https://"));

    let none = kakor(&["scan", "http://127.0.0.1/", "--pages", "0"], Duration::from_secs(10)).0;
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("invalid value '0' for '--pages <N>'"));

    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let unreachable = format!("http://127.0.0.1:{closed}/");
    let _turn = one_at_a_time();
    let (out, _) = kakor(&["scan", &unreachable, "--timeout", "10"], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("could not load {unreachable}: net::ERR_CONNECTION_REFUSED")), "{err}");
}

#[test]
fn a_page_that_never_loads_times_out() {
    let never = url("/never");
    let _turn = one_at_a_time();
    let (out, took) = kakor(&["scan", &never, "--timeout", "3"], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{never} did not finish loading within 3 s")), "{err}");
    assert!(took < Duration::from_secs(12), "gave up after {took:?}");
}

#[test]
fn a_later_page_that_never_loads_is_reported_and_the_crawl_goes_on() {
    let start = url("/slow/");
    let _turn = one_at_a_time();
    let args = ["scan", &start, "--timeout", "3", "--delay-ms", "50", "--settle-ms", "200", "--format", "json"];
    let (out, _) = kakor(&[&args[..], &["--allow-unscanned"][..]].concat(), Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(0), "allowed; {}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let never = url("/never");
    let failed = finding(&report, "page-failed", &never);
    assert!(
        failed["message"].as_str().unwrap().contains(&format!("{never} did not finish loading within 3 s")),
        "{failed}"
    );
    assert_eq!(report["pages"][1]["url"], never);
    let visit = &report["pages"][1]["visits"][0];
    assert!(visit["incomplete"].as_str().unwrap().contains("did not finish loading"), "{visit}");

    let (refused, _) = kakor(&args, Duration::from_secs(60));
    assert_eq!(refused.status.code(), Some(2), "a page not scanned in full fails the scan");
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("1 page(s) could not be scanned in full"), "{err}");
    assert!(err.contains("--allow-unscanned"), "{err}");
    assert_eq!(json(&refused)["pages"].as_array().unwrap().len(), 2, "the report is still printed");
}

#[test]
fn a_missing_or_crashing_browser_is_named() {
    let start = url("/leaky/");
    let _turn = one_at_a_time();
    let (missing, _) = kakor(&["scan", &start, "--chromium", "/nonexistent/chromium"], Duration::from_secs(30));
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("could not start the browser `/nonexistent/chromium`"));

    let (false_browser, _) = kakor(&["scan", &start, "--chromium", "/bin/false"], Duration::from_secs(30));
    assert_eq!(false_browser.status.code(), Some(2));
    let err = String::from_utf8_lossy(&false_browser.stderr);
    assert!(err.contains("could not start the browser `/bin/false`: it exited at once"), "{err}");

    // A real Chromium that dies while a page is loading.
    let dir = tempfile::tempdir().unwrap();
    let crashing = dir.path().join("crashing-chromium");
    std::fs::write(&crashing, "#!/bin/sh\n/usr/bin/chromium \"$@\" &\nsleep 4\nkill -9 $!\nwait\n").unwrap();
    std::fs::set_permissions(&crashing, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let never = url("/never");
    let (crashed, took) =
        kakor(&["scan", &never, "--timeout", "20", "--chromium", crashing.to_str().unwrap()], Duration::from_secs(40));
    assert_eq!(crashed.status.code(), Some(2));
    let err = String::from_utf8_lossy(&crashed.stderr);
    assert!(err.contains(&format!("the browser stopped working while scanning {never}")), "{err}");
    assert!(took < Duration::from_secs(15), "noticed the crash after {took:?}");
}

#[test]
fn a_page_that_hangs_keeps_what_it_did_before_the_timeout() {
    let out = scan("/hang/", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "not scanned in full; {}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{} did not finish loading within 10 s", url("/hang/"))), "{err}");
    let report = json(&out);
    assert_eq!(finding(&report, "cookie-leak", "_ga")["pass"], "before-choice");
    assert_eq!(finding(&report, "request-leak", "cdn.tracker.kakor.test")["pages"][0], url("/hang/"));
    assert_eq!(finding(&report, "page-failed", &url("/hang/"))["severity"], "warning");

    let allowed = scan("/hang/", &["--format", "json", "--allow-unscanned"]);
    assert_eq!(allowed.status.code(), Some(1), "the leaks decide; {}", String::from_utf8_lossy(&allowed.stderr));
}

#[test]
fn dialogs_are_dismissed_and_the_page_is_scanned() {
    let out = scan("/dialog/", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let visit = &report["pages"][0]["visits"][0];
    assert_eq!(visit["dialogs"], serde_json::json!(["alert: Welcome to the dialog shop", "confirm: Leave?"]));
    assert!(visit.get("incomplete").is_none(), "{visit}");
    // Set only when confirm() was answered with Cancel.
    assert_eq!(finding(&report, "cookie-leak", "_ga")["pages"][0], url("/dialog/"));
}

#[test]
fn http_status_is_recorded_and_a_missing_start_page_fails() {
    let out = scan("/status/", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "a broken link is a warning; {}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    assert_eq!(report["pages"][0]["status"], 200);
    let gone = url("/status/gone.html");
    assert_eq!(report["pages"][1]["status"], 404);
    let broken = finding(&report, "broken-link", &gone);
    assert!(broken["message"].as_str().unwrap().contains("HTTP 404"), "{broken}");

    let missing = scan("/status/gone.html", &["--format", "json"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains(&format!("the start page {gone} answered HTTP 404")), "{err}");
}

#[test]
fn pages_that_end_on_another_site_are_not_blamed() {
    let out = scan("/offsite/", &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "nothing of the partner's is blamed; {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json(&out);
    let partner = format!("http://cdn.tracker.kakor.test:{}/tracker/partner.html", port());
    for link in ["/go/partner", "/offsite/jump.html"] {
        let page = report["pages"].as_array().unwrap().iter().find(|p| p["url"] == url(link)).unwrap();
        assert_eq!(page["left_to"], partner, "{page}");
        assert!(page["visits"].as_array().unwrap().is_empty(), "{page}");
        assert!(finding(&report, "left-site", &url(link))["message"].as_str().unwrap().contains(&partner));
    }
    assert!(report["cookies"].as_array().unwrap().iter().all(|c| c["name"] != "_fbp"), "{:#}", report["cookies"]);
    assert!(findings(&report, "request-leak").is_empty(), "{:#}", report["findings"]);
}

/// A Chromium that writes a line to `log` each time it is started.
fn counting_chromium(dir: &Path, log: &Path) -> PathBuf {
    let script = dir.join("counting-chromium");
    std::fs::write(&script, format!("#!/bin/sh\necho launched >> {}\nexec /usr/bin/chromium \"$@\"\n", log.display()))
        .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    script
}

#[test]
fn one_browser_serves_the_whole_scan() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("launches");
    let chromium = counting_chromium(dir.path(), &log);
    let out = scan("/gated/", &["--format", "json", "--chromium", chromium.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let visits: usize = report["pages"].as_array().unwrap().iter().map(|p| p["visits"].as_array().unwrap().len()).sum();
    assert_eq!(visits, 6, "two pages, three passes each");
    assert_eq!(std::fs::read_to_string(&log).unwrap().lines().count(), 1, "one launch for six visits");
}

/// The processes whose command line mentions `text`.
fn processes_with(text: &str) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmdline| String::from_utf8_lossy(&cmdline).contains(text))
        })
        .collect()
}

/// The profile directory of the Chromium that process `parent` started, once it runs.
fn profile_of_child(parent: u32, limit: Duration) -> PathBuf {
    let started = Instant::now();
    loop {
        for pid in processes_with("--user-data-dir=") {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let ppid = stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(1));
            if ppid != Some(parent.to_string().as_str()) {
                continue;
            }
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let profile = String::from_utf8_lossy(&cmdline)
                .split('\0')
                .find_map(|arg| arg.strip_prefix("--user-data-dir=").map(PathBuf::from));
            if let Some(profile) = profile {
                return profile;
            }
        }
        assert!(started.elapsed() < limit, "no Chromium started by {parent} within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn sigterm_and_sigint_close_the_browser_and_remove_its_profile() {
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let _turn = one_at_a_time();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kakor"))
            .args(["scan", &url("/never"), "--timeout", "60"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let profile = profile_of_child(child.id(), Duration::from_secs(30));
        assert!(profile.exists(), "{}", profile.display());
        let killed = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
        assert!(killed.success());
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < Duration::from_secs(15), "kakor still runs 15 s after SIG{signal}");
            std::thread::sleep(Duration::from_millis(50));
        }
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stderr).contains(&format!("stopped by SIG{signal}")));
        // kakor has exited: it waited for the browser, so nothing of it is left.
        assert!(!profile.exists(), "the profile {} is left", profile.display());
        let left = processes_with(&profile.display().to_string());
        assert!(left.is_empty(), "Chromium processes left with that profile: {left:?}");
    }
}

#[test]
fn redirects_and_tracking_parameters_make_no_new_page() {
    let out = scan("/redirect/", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let pages: Vec<&str> = report["pages"].as_array().unwrap().iter().map(|p| p["url"].as_str().unwrap()).collect();
    assert_eq!(pages, [url("/redirect/"), url("/redirect/target.html")], "one page for three addresses");
}

#[test]
fn requests_from_workers_and_cross_site_iframes_are_seen() {
    let out = scan("/worker/", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let requests = &report["pages"][0]["visits"][0]["requests"];
    for from in ["worker", "iframe"] {
        let pixel = format!("http://cdn.tracker.kakor.test:{}/tracker/pixel.gif?from={from}", port());
        assert!(requests.as_array().unwrap().iter().any(|r| r == &pixel), "no {pixel} in {requests:#}");
    }
}

#[test]
fn a_cookie_set_late_before_any_choice_is_not_blamed_on_the_click() {
    // The page sets `_fbp` 1.5 s after its banner shows. With a 1-s settle the
    // pass before any choice has been read by then, and the click in the
    // other passes comes later than that but earlier than 1.5 s unless the
    // scanner waits longer before it: the cookie is the page's, not the click's.
    let out = scan_settled("/late/", "1000", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "a late leak is a leak; stderr: {}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let late = finding(&report, "late", "_fbp");
    assert_eq!(late["severity"], "leak");
    assert_eq!(late["pass"], "before-choice");
    let message = late["message"].as_str().unwrap();
    assert!(message.contains("after the page settled, before any choice"), "{message}");
    assert!(message.contains("not the Reject all or Accept all button's doing"), "{message}");
    let blamed: Vec<&Value> = findings(&report, "cookie-leak").into_iter().filter(|f| f["subject"] == "_fbp").collect();
    assert!(blamed.is_empty(), "neither the click nor the first read saw it: {blamed:#?}");
    let pages = report["pages"].as_array().unwrap();
    let reject = pages[0]["visits"].as_array().unwrap().iter().find(|v| v["pass"] == "after-reject").unwrap();
    let held: Vec<&str> =
        reject["before_click"]["cookies"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(held.contains(&"_fbp"), "it was there just before the Reject all click: {held:?}");
}

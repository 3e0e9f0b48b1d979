//! From what the browser saw to what the owner should know: each cookie,
//! storage key and third-party host classified, then the findings (leaks
//! first), each with the pages where it was seen.

use super::browser::{SeenCookie, Visit};
use super::{ocd, Pass};
use kakor_core::catalogue::{Catalogue, Duration, Unit, NECESSARY};
use kakor_core::cookies::matches;
use serde::Serialize;
use std::collections::BTreeMap;

/// One page of the crawl: its visits, and why it could not be scanned in
/// full (the visits then hold what was seen until it stopped).
#[derive(Debug, Clone, Serialize)]
pub struct PageScan {
    pub url: String,
    pub visits: Vec<Visit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The HTTP status of the document it ended on, before any choice.
    pub status: Option<u16>,
    /// Where it ended when that is on another site: it is not scanned, since
    /// what the other site does is not this site's doing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_to: Option<String>,
}

/// Where a cookie's category comes from, most trusted first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "kebab-case")]
pub enum Source {
    /// The site's own catalogue declares it (`--catalogue`), in this service.
    Catalogue {
        service: String,
        pattern: String,
    },
    /// kakor's own consent cookie, necessary by definition.
    Kakor,
    /// A web framework's session or CSRF cookie by its default name: most
    /// likely strictly necessary, but only the owner can say so.
    Framework {
        framework: String,
    },
    /// The Open Cookie Database knows it, by this name or prefix.
    Database {
        platform: String,
        category: String,
        name: String,
        prefix: bool,
    },
    Unknown,
}

/// A cookie's or storage key's kakor category and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Class {
    pub category: Option<String>,
    pub source: Source,
}

impl Class {
    /// Whether seeing it before a choice, or after Reject all, breaks consent.
    /// A database "Functional" cookie maps to preferences but may as well be
    /// strictly necessary, so only the owner's catalogue can make it a leak.
    fn is_leak(&self) -> bool {
        match (&self.category, &self.source) {
            (None, _) => false,
            (Some(_), Source::Database { category, .. }) if ocd::is_ambiguous(category) => false,
            (Some(category), _) => category != NECESSARY,
        }
    }

    /// A short form for tables: `statistics (Google Analytics)`.
    pub fn label(&self) -> String {
        let category = self.category.as_deref().unwrap_or("unknown");
        match &self.source {
            Source::Catalogue { service, .. } => format!("{category} (catalogue: {service})"),
            Source::Kakor => format!("{category} (kakor)"),
            Source::Framework { framework } => format!("{category} (likely {framework})"),
            Source::Database { platform, category: theirs, .. } => format!("{category} ({platform}, OCD {theirs})"),
            Source::Unknown => category.to_string(),
        }
    }
}

/// What kakor itself stores after a choice: its cookie and its two local
/// storage keys (docs/contract.md, "Storage"), necessary by definition.
const KAKOR_OWN: [&str; 3] = ["kakor", "kakor.proofs", "kakor.outbox"];

/// The default session and CSRF cookie names of common web frameworks,
/// checked before the Open Cookie Database, whose rows for some of these
/// names belong to one site that happens to use them (`sessionid` is filed
/// as Instagram's marketing cookie). A name ending in `*` is a prefix.
pub const FRAMEWORK_COOKIES: &[(&str, &str)] = &[
    ("sessionid", "Django"),
    ("csrftoken", "Django"),
    ("_session_id", "Ruby on Rails"),
    ("laravel_session", "Laravel"),
    ("XSRF-TOKEN", "Laravel or Angular"),
    ("PHPSESSID", "PHP"),
    ("JSESSIONID", "Java servlets"),
    ("connect.sid", "Express"),
    ("_csrf", "Express"),
    ("ASP.NET_SessionId", "ASP.NET"),
    ("__RequestVerificationToken", "ASP.NET"),
    (".AspNetCore.Session", "ASP.NET Core"),
    (".AspNetCore.Antiforgery.*", "ASP.NET Core"),
    ("ci_session", "CodeIgniter"),
    ("next-auth.session-token", "NextAuth.js"),
    ("next-auth.csrf-token", "NextAuth.js"),
    ("__Host-next-auth.csrf-token", "NextAuth.js"),
    ("__Secure-next-auth.session-token", "NextAuth.js"),
];

/// The framework whose default session or CSRF cookie `name` is.
pub fn framework(name: &str) -> Option<&'static str> {
    FRAMEWORK_COOKIES.iter().find(|(pattern, _)| matches(pattern, name)).map(|(_, framework)| *framework)
}

/// Classifies a cookie or storage key by name: the catalogue first, then
/// kakor's own cookie, then the database.
pub fn classify(name: &str, catalogue: Option<&Catalogue>) -> Class {
    if let Some(catalogue) = catalogue {
        for service in &catalogue.services {
            if let Some(cookie) = service.cookies.iter().find(|cookie| matches(&cookie.name, name)) {
                return Class {
                    category: Some(service.category.clone()),
                    source: Source::Catalogue { service: service.id.clone(), pattern: cookie.name.clone() },
                };
            }
        }
    }
    if KAKOR_OWN.contains(&name) {
        return Class { category: Some(NECESSARY.to_string()), source: Source::Kakor };
    }
    if let Some(framework) = framework(name) {
        return Class {
            category: Some(NECESSARY.to_string()),
            source: Source::Framework { framework: framework.to_string() },
        };
    }
    match ocd::lookup(name) {
        Some(entry) => Class {
            category: ocd::kakor_category(entry.category).map(str::to_string),
            source: Source::Database {
                platform: entry.platform.to_string(),
                category: entry.category.to_string(),
                name: entry.name.to_string(),
                prefix: entry.prefix,
            },
        },
        None => Class { category: None, source: Source::Unknown },
    }
}

/// The site a host belongs to, for telling first from third parties: the last
/// two labels of a name, or the whole host for an IP address or a single
/// label. There is no public-suffix list, so `a.co.uk` and `b.co.uk` count as
/// one site.
pub fn site(host: &str) -> &str {
    let host = host.trim_start_matches('.');
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host;
    }
    match host.rmatch_indices('.').nth(1) {
        Some((dot, _)) => &host[dot + 1..],
        None => host,
    }
}

fn host_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.host_str().map(str::to_string))?
}

/// One cookie as seen across the crawl.
#[derive(Debug, Clone, Serialize)]
pub struct CookieSummary {
    pub name: String,
    pub domain: String,
    pub path: String,
    pub party: &'static str,
    /// The longest lifetime seen, in seconds; `None` for a session cookie.
    pub lifetime_seconds: Option<u64>,
    pub passes: Vec<Pass>,
    pub pages: Vec<String>,
    pub class: Class,
}

/// One third-party host the pages requested.
#[derive(Debug, Clone, Serialize)]
pub struct HostSummary {
    pub host: String,
    pub passes: Vec<Pass>,
    pub pages: Vec<String>,
    /// The first URL requested from it.
    pub example: String,
}

/// One local or session storage key.
#[derive(Debug, Clone, Serialize)]
pub struct StorageSummary {
    pub key: String,
    pub storage: &'static str,
    pub passes: Vec<Pass>,
    pub pages: Vec<String>,
    pub class: Class,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Something set or sent without consent: the scan fails.
    Leak,
    /// Something the owner should look at.
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    CookieLeak,
    RequestLeak,
    StorageLeak,
    /// A cookie or storage key that appeared after the pass before any
    /// choice was read but before the click in a later pass.
    Late,
    PageFailed,
    LeftSite,
    BrokenLink,
    NoBanner,
    Unclassified,
    Review,
    Undeclared,
    NeverSeen,
    LongerThanDeclared,
    Contradiction,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub kind: Kind,
    /// The cookie, storage key or host it is about.
    pub subject: String,
    pub pass: Option<Pass>,
    pub message: String,
    /// Where it was seen; empty when it is about the catalogue alone.
    pub pages: Vec<String>,
}

/// Everything the scan learned, classified.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub cookies: Vec<CookieSummary>,
    pub third_parties: Vec<HostSummary>,
    pub storage: Vec<StorageSummary>,
    pub findings: Vec<Finding>,
}

/// How a late cookie or key is described: it was there before the click.
const LATE: &str = "after the page settled, before any choice";

/// What a late leak is, and is not.
const LATE_BLAME: &str = "it is a leak before consent, not the Reject all or Accept all button's doing";

fn same_cookie(a: &SeenCookie, b: &SeenCookie) -> bool {
    (&a.name, &a.domain, &a.path) == (&b.name, &b.domain, &b.path)
}

/// `seen` with each item marked late when it was in `before_click` but not
/// in `before_choice`, followed by the late ones the click removed.
fn mark_late<'a, T>(
    seen: &'a [T],
    before_click: Option<&'a [T]>,
    before_choice: &[T],
    same: impl Fn(&T, &T) -> bool,
) -> Vec<(&'a T, bool)> {
    let late = |item: &T| {
        before_click.is_some_and(|held| held.iter().any(|h| same(h, item)))
            && !before_choice.iter().any(|b| same(b, item))
    };
    let mut marked: Vec<(&T, bool)> = seen.iter().map(|item| (item, late(item))).collect();
    for item in before_click.unwrap_or_default() {
        if late(item) && !seen.iter().any(|s| same(s, item)) {
            marked.push((item, true));
        }
    }
    marked
}

fn add<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

pub fn summarise(pages: &[PageScan], catalogue: Option<&Catalogue>) -> Summary {
    let mut cookies: BTreeMap<(String, String, String), CookieSummary> = BTreeMap::new();
    let mut hosts: BTreeMap<String, HostSummary> = BTreeMap::new();
    let mut storage: BTreeMap<(&'static str, String), StorageSummary> = BTreeMap::new();
    let mut findings: BTreeMap<(Kind, String, Option<Pass>), Finding> = BTreeMap::new();
    let mut note = |severity, kind, subject: &str, pass, page: Option<&str>, message: String| {
        let finding = findings.entry((kind, subject.to_string(), pass)).or_insert_with(|| Finding {
            severity,
            kind,
            subject: subject.to_string(),
            pass,
            message,
            pages: Vec::new(),
        });
        if let Some(page) = page {
            add(&mut finding.pages, page.to_string());
        }
    };
    for page in pages {
        if let Some(error) = &page.error {
            note(
                Severity::Warning,
                Kind::PageFailed,
                &page.url,
                None,
                Some(&page.url),
                format!("not scanned in full (what was seen until then is reported): {error}"),
            );
        }
        if let Some(location) = &page.left_to {
            note(
                Severity::Warning,
                Kind::LeftSite,
                &page.url,
                None,
                Some(&page.url),
                format!("left the site: it ends on {location}, which is not scanned"),
            );
            continue;
        }
        if let Some(status) = page.status.filter(|status| !(200..300).contains(status)) {
            note(
                Severity::Warning,
                Kind::BrokenLink,
                &page.url,
                None,
                Some(&page.url),
                format!("a link on the site leads here and it answered HTTP {status}"),
            );
        }
        let page_site = host_of(&page.url).map(|host| site(&host).to_string()).unwrap_or_default();
        let first = page.visits.iter().find(|visit| visit.pass == Pass::BeforeChoice);
        for visit in &page.visits {
            if visit.pass == Pass::BeforeChoice && !visit.banner {
                note(
                    Severity::Warning,
                    Kind::NoBanner,
                    "kakor",
                    None,
                    Some(&page.url),
                    "no kakor banner found, so Reject all and Accept all could not be tried".to_string(),
                );
            }
            let snapshot = visit.before_click.as_ref();
            let cookies_seen = mark_late(
                &visit.cookies,
                snapshot.map(|held| held.cookies.as_slice()),
                first.map(|first| first.cookies.as_slice()).unwrap_or_default(),
                same_cookie,
            );
            for (cookie, late) in cookies_seen {
                // Seen just before the click, and not in the pass before any
                // choice: set late, before any choice, not by the click.
                let (pass, when, without_consent) = match late {
                    true => (Pass::BeforeChoice, LATE, true),
                    false => (visit.pass, visit.pass.phrase(), visit.pass != Pass::AfterAccept),
                };
                let key = (cookie.name.clone(), cookie.domain.clone(), cookie.path.clone());
                let summary = cookies.entry(key).or_insert_with(|| CookieSummary {
                    name: cookie.name.clone(),
                    domain: cookie.domain.clone(),
                    path: cookie.path.clone(),
                    party: if site(&cookie.domain) == page_site { "first" } else { "third" },
                    lifetime_seconds: cookie.lifetime_seconds,
                    passes: Vec::new(),
                    pages: Vec::new(),
                    class: classify(&cookie.name, catalogue),
                });
                summary.lifetime_seconds = summary.lifetime_seconds.max(cookie.lifetime_seconds);
                add(&mut summary.passes, pass);
                add(&mut summary.pages, page.url.clone());
                if !without_consent {
                    continue;
                }
                let class = &summary.class;
                if class.is_leak() && late {
                    note(
                        Severity::Leak,
                        Kind::Late,
                        &cookie.name,
                        Some(pass),
                        Some(&page.url),
                        format!("{} cookie set {LATE}: {LATE_BLAME}", class.label()),
                    );
                } else if class.is_leak() {
                    note(
                        Severity::Leak,
                        Kind::CookieLeak,
                        &cookie.name,
                        Some(pass),
                        Some(&page.url),
                        format!("{} cookie set {when}", class.label()),
                    );
                } else if let Source::Framework { framework } = &class.source {
                    note(
                        Severity::Warning,
                        Kind::Review,
                        &cookie.name,
                        Some(pass),
                        Some(&page.url),
                        format!("{framework} session or CSRF cookie set {when}: likely necessary: declare it"),
                    );
                } else if class.category.is_none() {
                    note(Severity::Warning, Kind::Unclassified, &cookie.name, Some(pass), Some(&page.url),
                        format!("cookie set {when} that neither the catalogue nor the Open Cookie Database knows; check that it is strictly necessary"));
                } else if class.category.as_deref() != Some(NECESSARY) {
                    note(
                        Severity::Warning,
                        Kind::Review,
                        &cookie.name,
                        Some(pass),
                        Some(&page.url),
                        format!(
                            "{} cookie set {when}; the database's Functional may be strictly necessary: declare it",
                            class.label()
                        ),
                    );
                }
            }
            let without_consent = visit.pass != Pass::AfterAccept;
            let when = visit.pass.phrase();
            for url in &visit.requests {
                let Some(host) = host_of(url) else { continue };
                if site(&host) == page_site {
                    continue;
                }
                let summary = hosts.entry(host.clone()).or_insert_with(|| HostSummary {
                    host: host.clone(),
                    passes: Vec::new(),
                    pages: Vec::new(),
                    example: url.clone(),
                });
                add(&mut summary.passes, visit.pass);
                add(&mut summary.pages, page.url.clone());
                if without_consent {
                    note(
                        Severity::Leak,
                        Kind::RequestLeak,
                        &host,
                        Some(visit.pass),
                        Some(&page.url),
                        format!("request to third-party host {when} ({url})"),
                    );
                }
            }
            let storage_seen = [
                (
                    "local",
                    &visit.local_storage,
                    snapshot.map(|held| held.local_storage.as_slice()),
                    first.map(|first| first.local_storage.as_slice()),
                ),
                (
                    "session",
                    &visit.session_storage,
                    snapshot.map(|held| held.session_storage.as_slice()),
                    first.map(|first| first.session_storage.as_slice()),
                ),
            ];
            for (kind, keys, held, before_choice) in storage_seen {
                for (key, late) in mark_late(keys, held, before_choice.unwrap_or_default(), String::eq) {
                    let (pass, when, without_consent) = match late {
                        true => (Pass::BeforeChoice, LATE, true),
                        false => (visit.pass, visit.pass.phrase(), visit.pass != Pass::AfterAccept),
                    };
                    let summary = storage.entry((kind, key.clone())).or_insert_with(|| StorageSummary {
                        key: key.clone(),
                        storage: kind,
                        passes: Vec::new(),
                        pages: Vec::new(),
                        class: classify(key, catalogue),
                    });
                    add(&mut summary.passes, pass);
                    add(&mut summary.pages, page.url.clone());
                    if without_consent && summary.class.is_leak() {
                        let (kind_of_finding, message) = match late {
                            true => (
                                Kind::Late,
                                format!("{} {kind} storage key written {LATE}: {LATE_BLAME}", summary.class.label()),
                            ),
                            false => (
                                Kind::StorageLeak,
                                format!("{} {kind} storage key written {when}", summary.class.label()),
                            ),
                        };
                        note(Severity::Leak, kind_of_finding, key, Some(pass), Some(&page.url), message);
                    } else if without_consent && summary.class.category.is_none() {
                        note(Severity::Warning, Kind::Unclassified, key, Some(pass), Some(&page.url),
                            format!("{kind} storage key written {when} that neither the catalogue nor the Open Cookie Database knows; check that it is strictly necessary"));
                    }
                }
            }
        }
    }
    if let Some(catalogue) = catalogue {
        for cookie in cookies.values() {
            let Source::Catalogue { pattern, .. } = &cookie.class.source else {
                let message = match cookie.class.source {
                    // Necessary, so no consent is asked for it, but visitors
                    // are told of it like any other cookie.
                    Source::Kakor => {
                        "kakor's own cookie is not declared; declare it in a service under `necessary` so \
                                      the banner lists it (docs/catalogue.md)"
                            .to_string()
                    }
                    _ => format!("cookie not declared in the catalogue (looks like {})", cookie.class.label()),
                };
                note(
                    Severity::Warning,
                    Kind::Undeclared,
                    &cookie.name,
                    None,
                    cookie.pages.first().map(String::as_str),
                    message,
                );
                continue;
            };
            let declared = catalogue
                .services
                .iter()
                .flat_map(|service| &service.cookies)
                .find(|declared| &declared.name == pattern)
                .map(|declared| declared.duration);
            if let Some(declared) = declared {
                if is_longer(cookie.lifetime_seconds, declared) {
                    note(
                        Severity::Warning,
                        Kind::LongerThanDeclared,
                        &cookie.name,
                        None,
                        cookie.pages.first().map(String::as_str),
                        format!(
                            "lives {} but the catalogue says {}",
                            lifetime_text(cookie.lifetime_seconds),
                            declared.text()
                        ),
                    );
                }
            }
        }
        for service in &catalogue.services {
            for declared in &service.cookies {
                let seen: Vec<&CookieSummary> =
                    cookies.values().filter(|cookie| matches(&declared.name, &cookie.name)).collect();
                if seen.is_empty() {
                    note(
                        Severity::Warning,
                        Kind::NeverSeen,
                        &declared.name,
                        None,
                        None,
                        format!("declared in service `{}` but never seen on the pages scanned", service.id),
                    );
                }
                let stem = declared.name.strip_suffix('*').unwrap_or(&declared.name);
                if let Some(entry) = ocd::lookup(stem) {
                    if !ocd::agrees(&service.category, entry.category) {
                        let page = seen.first().and_then(|cookie| cookie.pages.first()).map(String::as_str);
                        note(
                            Severity::Warning,
                            Kind::Contradiction,
                            &declared.name,
                            None,
                            page,
                            format!(
                                "the catalogue files it under `{}`, the Open Cookie Database under {} ({})",
                                service.category, entry.category, entry.platform
                            ),
                        );
                    }
                }
            }
        }
    }
    let mut findings: Vec<Finding> = findings.into_values().collect();
    findings.sort_by_key(|finding| (finding.severity, finding.kind, finding.pass));
    Summary {
        cookies: cookies.into_values().collect(),
        third_parties: hosts.into_values().collect(),
        storage: storage.into_values().collect(),
        findings,
    }
}

fn seconds(duration: Duration) -> Option<f64> {
    match duration {
        Duration::Session => None,
        Duration::Span(count, unit) => Some(
            count as f64
                * match unit {
                    Unit::Minutes => 60.0,
                    Unit::Hours => 3600.0,
                    Unit::Days => 86_400.0,
                    Unit::Months => 30.44 * 86_400.0,
                    Unit::Years => 365.25 * 86_400.0,
                },
        ),
    }
}

/// Longer than declared, beyond a day or 2 % (whichever is more) for the
/// rounding of "2 years" and of the moment the cookie was read.
fn is_longer(seen: Option<u64>, declared: Duration) -> bool {
    match (seen, seconds(declared)) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(seen), Some(declared)) => seen as f64 > declared + (declared * 0.02).max(86_400.0),
    }
}

/// `session`, or the lifetime in the largest whole unit that fits.
pub fn lifetime_text(seconds: Option<u64>) -> String {
    let Some(seconds) = seconds else { return "session".to_string() };
    let days = seconds as f64 / 86_400.0;
    if days >= 730.0 {
        return format!("{:.1} years", days / 365.25);
    }
    let (count, unit) = if days >= 1.0 {
        (days.round(), "day")
    } else if seconds >= 3600 {
        ((seconds as f64 / 3600.0).round(), "hour")
    } else {
        ((seconds as f64 / 60.0).ceil().max(1.0), "minute")
    };
    if count == 1.0 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_without_a_suffix_list() {
        assert_eq!(site("cdn.tracker.kakor.test"), "kakor.test");
        assert_eq!(site(".kakor.test"), "kakor.test");
        assert_eq!(site("127.0.0.1"), "127.0.0.1");
        assert_eq!(site("localhost"), "localhost");
    }

    #[test]
    fn classification_prefers_the_catalogue() {
        assert_eq!(classify("_ga", None).category.as_deref(), Some("statistics"));
        assert_eq!(classify("kakor", None).source, Source::Kakor);
        assert_eq!(classify("no-such-cookie-anywhere", None).source, Source::Unknown);
        assert!(classify("_ga_XYZ", None).is_leak());
        assert!(!classify("PHPSESSID", None).is_leak(), "a framework's session is left to the owner");
        assert!(!classify("__cf_bm", None).is_leak(), "Functional is left to the owner");
    }

    /// A visit of `url` in `pass` that loaded (200) and saw nothing.
    fn visit(pass: Pass, url: &str) -> Visit {
        Visit {
            pass,
            banner: false,
            cookies: Vec::new(),
            local_storage: Vec::new(),
            session_storage: Vec::new(),
            requests: Vec::new(),
            location: Some(url.to_string()),
            status: Some(200),
            dialogs: Vec::new(),
            incomplete: None,
            before_click: None,
            links: Vec::new(),
        }
    }

    /// The page of that one visit.
    fn page(visit: Visit) -> PageScan {
        let url = visit.location.clone().unwrap_or_default();
        PageScan { url, visits: vec![visit], error: None, status: Some(200), left_to: None }
    }

    #[test]
    fn unknown_storage_keys_before_a_choice_are_named() {
        let visit = Visit { local_storage: vec!["cart-v2".to_string()], ..visit(Pass::BeforeChoice, "http://a.test/") };
        let summary = summarise(&[page(visit)], None);
        let finding = summary.findings.iter().find(|finding| finding.subject == "cart-v2").expect("a finding");
        assert_eq!((finding.severity, finding.kind), (Severity::Warning, Kind::Unclassified));
        assert!(finding.message.starts_with("local storage key written before any choice"), "{}", finding.message);
    }

    #[test]
    fn what_was_there_before_the_click_but_not_before_any_choice_is_late() {
        let visit = |pass, before_click| Visit { banner: true, before_click, ..visit(pass, "http://a.test/") };
        let fbp = super::super::browser::SeenCookie {
            name: "_fbp".to_string(),
            domain: "a.test".to_string(),
            path: "/".to_string(),
            lifetime_seconds: Some(86_400),
            secure: false,
            http_only: false,
        };
        // The click removed both again: they are still the page's leaks.
        let held = super::super::browser::Snapshot {
            cookies: vec![fbp],
            local_storage: vec!["_hjid".to_string()],
            session_storage: Vec::new(),
        };
        let page = PageScan {
            visits: vec![visit(Pass::BeforeChoice, None), visit(Pass::AfterReject, Some(held))],
            ..page(visit(Pass::BeforeChoice, None))
        };
        let summary = summarise(&[page], None);
        let kinds: Vec<(Kind, &str, Option<Pass>)> =
            summary.findings.iter().map(|f| (f.kind, f.subject.as_str(), f.pass)).collect();
        assert_eq!(
            kinds,
            [(Kind::Late, "_fbp", Some(Pass::BeforeChoice)), (Kind::Late, "_hjid", Some(Pass::BeforeChoice))]
        );
        assert!(summary.findings.iter().all(|f| f.severity == Severity::Leak));
        assert_eq!(summary.storage[0].passes, [Pass::BeforeChoice]);
    }

    #[test]
    fn framework_sessions_are_likely_necessary() {
        for name in ["sessionid", "_session_id", "csrftoken", "laravel_session", "connect.sid", "JSESSIONID"] {
            let class = classify(name, None);
            assert!(matches!(class.source, Source::Framework { .. }), "{name}: {class:?}");
            assert_eq!(class.category.as_deref(), Some(NECESSARY), "{name}");
        }
        assert_eq!(framework(".AspNetCore.Antiforgery.abc"), Some("ASP.NET Core"));
        assert_eq!(framework("sessionid2"), None);
    }

    #[test]
    fn kakors_own_undeclared_cookie_says_how_to_declare_it() {
        let text = include_str!("../../../kakor-core/src/fixture.toml");
        let renderer = annotate_snippets::Renderer::plain();
        let catalogue = kakor_core::source::read("fixture.toml", text, &renderer).unwrap();
        let cookie = |name: &str| super::super::browser::SeenCookie {
            name: name.to_string(),
            domain: "acme.example".to_string(),
            path: "/".to_string(),
            lifetime_seconds: Some(86_400),
            secure: true,
            http_only: false,
        };
        let visit = Visit {
            banner: true,
            cookies: vec![cookie("kakor"), cookie("PHPSESSID")],
            ..visit(Pass::AfterReject, "https://acme.example/")
        };
        let summary = summarise(&[page(visit)], Some(&catalogue));
        let undeclared = |name: &str| {
            let found = summary.findings.iter().find(|f| f.kind == Kind::Undeclared && f.subject == name);
            found.map(|f| f.message.clone()).unwrap_or_default()
        };
        assert!(undeclared("kakor").starts_with("kakor's own cookie is not declared; declare it in a service under"));
        assert!(undeclared("PHPSESSID").starts_with("cookie not declared in the catalogue"));
    }

    #[test]
    fn lifetimes_compare_with_a_margin() {
        let two_years = Duration::Span(2, Unit::Years);
        assert!(!is_longer(Some(730 * 86_400), two_years));
        assert!(is_longer(Some(800 * 86_400), two_years));
        assert!(is_longer(Some(60), Duration::Session));
        assert!(!is_longer(None, Duration::Span(1, Unit::Days)));
        assert_eq!(lifetime_text(Some(63_072_000)), "2.0 years");
        assert_eq!(lifetime_text(Some(400 * 86_400)), "400 days");
        assert_eq!(lifetime_text(Some(86_400 + 600)), "1 day");
        assert_eq!(lifetime_text(Some(3_600)), "1 hour");
        assert_eq!(lifetime_text(Some(1_800)), "30 minutes");
    }
}

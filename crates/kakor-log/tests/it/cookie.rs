//! The `kakor` cookie the receiver sets for a page on its own origin, so a
//! decision outlives WebKit's seven-day limit on script-written cookies.

use crate::common::{self, request, SITE};
use kakor_core::time::{iso8601, DAY_MS};
use kakor_core::{record, Consent, Method};
use kakor_log::store::now_ms;
use std::net::SocketAddr;

const ID: &str = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b";

/// A proof as the banner sends it, categories and services in catalogue
/// order (not sorted), and the consent it records, written out by hand.
fn proof(given: u64, expires: u64) -> (String, Consent) {
    let body = format!(
        concat!(
            r#"{{"id":"{ID}","timestamp":"{}","expires":"{}","revision":"81215475","method":"custom","language":"sv","#,
            r#""categories":{{"necessary":true,"statistics":true,"marketing":false,"preferences":true}},"#,
            r#""services":{{"kakor":true,"youtube":true,"ga4":false,"hubspot":true}},"#,
            r#""gpc":true,"page":"https://www.example.com/om","texts":"0a06e286"}}"#
        ),
        iso8601(given),
        iso8601(expires),
        ID = ID
    );
    let flags = |list: &[(&str, bool)]| list.iter().map(|(id, on)| (id.to_string(), *on)).collect();
    let consent = Consent {
        id: ID.to_string(),
        timestamp: given,
        expires,
        revision: "81215475".to_string(),
        method: Method::Custom,
        language: "sv".to_string(),
        categories: flags(&[("necessary", true), ("statistics", true), ("marketing", false), ("preferences", true)]),
        services: flags(&[("kakor", true), ("youtube", true), ("ga4", false), ("hubspot", true)]),
        gpc: true,
        // An older banner's proof names no source: the record is version 1.
        source: None,
    };
    (body, consent)
}

async fn post(addr: SocketAddr, origin: &str, fetch_site: Option<&str>, body: &str) -> common::Answer {
    let mut headers = vec![("content-type", "application/json"), ("origin", origin)];
    if let Some(site) = fetch_site {
        headers.push(("sec-fetch-site", site));
    }
    request(addr, "POST", "/consent/proofs", &headers, body).await
}

fn set_cookie(answer: &common::Answer) -> Option<&str> {
    answer.headers.get("set-cookie").map(|value| value.to_str().unwrap())
}

/// `kakor=VALUE; Path=/; SameSite=Lax; Max-Age=N[; …]` split into its value,
/// its Max-Age and the attributes after it.
fn parts(cookie: &str) -> (&str, u64, &str) {
    let rest = cookie.strip_prefix("kakor=").unwrap_or_else(|| panic!("not the kakor cookie: {cookie}"));
    let (value, rest) = rest.split_once("; Path=/; SameSite=Lax; Max-Age=").expect("the attributes");
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    (value, rest[..digits].parse().unwrap(), &rest[digits..])
}

#[tokio::test]
async fn a_same_origin_proof_sets_the_record_the_banner_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let running = common::receiver(&format!("sqlite://{}", dir.path().join("log.db").display())).await;
    let given = common::given();
    let (body, consent) = proof(given, given + 200 * DAY_MS);
    let before = now_ms() as u64;
    let stored = post(running.addr, SITE, Some("same-origin"), &body).await;
    let after = now_ms() as u64;
    assert_eq!(stored.status, 201, "{}", stored.body);
    let (value, max_age, rest) = parts(set_cookie(&stored).expect("a Set-Cookie"));
    assert_eq!(value, record::encode(&consent), "byte for byte the banner's record");
    assert!(value.contains(".necessary:statistics:preferences.kakor:youtube:hubspot."), "catalogue order: {value}");
    let expires = given + 200 * DAY_MS;
    assert!(((expires - after) / 1000..=(expires - before) / 1000).contains(&max_age), "{max_age}");
    assert_eq!(rest, "; Secure", "an https page: Secure, no HttpOnly, no Domain");

    let retry = post(running.addr, SITE, Some("same-origin"), &body).await;
    assert_eq!(retry.status, 200, "{}", retry.body);
    assert_eq!(parts(set_cookie(&retry).expect("a Set-Cookie on the retry")).0, record::encode(&consent));

    // A newer decision under the same id, then the older one retried late:
    // only the newer one sets the cookie.
    let (newer, changed) = proof(given + 1000, given + 1000 + 200 * DAY_MS);
    let newer = newer.replace(r#""ga4":false"#, r#""ga4":true"#);
    let changed = Consent { services: changed.services.iter().map(|(id, _)| (id.clone(), true)).collect(), ..changed };
    let answer = post(running.addr, SITE, Some("same-origin"), &newer).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(parts(set_cookie(&answer).expect("the newer decision's cookie")).0, record::encode(&changed));
    let late = post(running.addr, SITE, Some("same-origin"), &body).await;
    assert_eq!((late.status.as_u16(), set_cookie(&late)), (200, None), "an older decision retried late");

    // Another origin of the site (an allowed CORS caller) and a relay get none.
    for fetch_site in [Some("same-site"), Some("cross-site")] {
        let answer = post(running.addr, SITE, fetch_site, &body).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(set_cookie(&answer), None, "{fetch_site:?}");
    }
    let relay = request(running.addr, "POST", "/consent/proofs", &[("content-type", "application/json")], &body).await;
    assert_eq!((relay.status.as_u16(), set_cookie(&relay)), (200, None));
    // A browser without Sec-Fetch-Site: Origin against Host decides.
    assert_eq!(set_cookie(&post(running.addr, SITE, None, &body).await), None);
    running.stop().await.unwrap();

    let mut config = common::config(&format!("sqlite://{}", dir.path().join("log.db").display()));
    config.listen = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let host = format!("http://{}", config.listen);
    config.origins.push(host.clone());
    config.cookie_domain = Some(".example.com".to_string());
    let running = kakor_log::start(&config).await.unwrap();
    let plain = post(running.addr, &host, None, &newer).await;
    assert_eq!(plain.status, 200, "{}", plain.body);
    let (value, _, rest) = parts(set_cookie(&plain).expect("same host, no Sec-Fetch-Site"));
    assert_eq!(value, record::encode(&changed));
    assert_eq!(rest, "; Domain=.example.com", "http: not Secure; the configured domain");
    running.stop().await.unwrap();
}

#[tokio::test]
async fn an_expired_proof_sets_nothing_and_a_withdrawal_expires_the_cookie() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&format!("sqlite://{}", dir.path().join("log.db").display()));
    config.cookie_domain = Some("example.com".to_string());
    let running = kakor_log::start(&config).await.unwrap();
    let now = now_ms() as u64;
    let (old, _) = proof(now - 40 * DAY_MS, now - 10 * DAY_MS);
    let stored = post(running.addr, SITE, Some("same-origin"), &old).await;
    assert_eq!((stored.status.as_u16(), set_cookie(&stored)), (201, None), "{}", stored.body);

    let notice = format!(r#"{{"id":"{ID}","withdrawn":true,"timestamp":"{}"}}"#, iso8601(now));
    let withdrawn = post(running.addr, SITE, Some("same-origin"), &notice).await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
    assert_eq!(withdrawn.json()["withdrawn"], true);
    assert_eq!(set_cookie(&withdrawn), Some("kakor=; Path=/; SameSite=Lax; Max-Age=0; Secure; Domain=example.com"));
    assert_eq!(running.store.count().await.unwrap(), 1, "a withdrawal notice is not stored");
    let cross = post(running.addr, SITE, Some("cross-site"), &notice).await;
    assert_eq!((cross.status.as_u16(), set_cookie(&cross)), (200, None));

    let bad = format!(r#"{{"id":"{ID}","withdrawn":"yes","timestamp":"{}","page":"x"}}"#, iso8601(now));
    let refused = post(running.addr, SITE, Some("same-origin"), &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("$.page") && refused.body.contains("$.withdrawn"), "{}", refused.body);
    assert_eq!(set_cookie(&refused), None);
    running.stop().await.unwrap();
}

#[test]
fn a_cookie_domain_that_is_not_a_domain_stops_the_start() {
    let mut config = common::config("sqlite://unused.db");
    config.cookie_domain = Some("localhost".to_string());
    let error = config.check().unwrap_err().to_string();
    assert!(error.contains("`localhost`") && error.contains("site.cookie_domain"), "{error}");
}

#[tokio::test]
async fn a_proof_that_names_its_source_sets_a_version_2_record_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let running = common::receiver(&format!("sqlite://{}", dir.path().join("log.db").display())).await;
    let given = common::given();
    let (body, consent) = proof(given, given + 200 * DAY_MS);
    let texts = format!(r#""texts":"{}","source":"first-layer","version":"{}""#, "ab".repeat(32), kakor_core::VERSION);
    let body = body.replace(r#""texts":"0a06e286""#, &texts);
    let stored = post(running.addr, SITE, Some("same-origin"), &body).await;
    assert_eq!(stored.status, 201, "{}", stored.body);
    let (value, _, _) = parts(set_cookie(&stored).expect("a Set-Cookie"));
    let consent = Consent { source: Some(kakor_core::Source::FirstLayer), ..consent };
    assert_eq!(value, record::encode(&consent));
    assert!(value.starts_with("2.") && value.contains(".c.f.sv."), "{value}");
    assert_eq!(record::read(value, given, None).and_then(|c| c.source), Some(kakor_core::Source::FirstLayer));
    running.stop().await.unwrap();
}

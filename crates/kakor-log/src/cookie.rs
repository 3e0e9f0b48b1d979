//! The `kakor` cookie set by the server (docs/consent-log.md, "A choice that
//! survives Safari").
//!
//! WebKit deletes every cookie a site's script wrote after seven days of
//! browser use without a visit; a cookie the site's server set in a
//! `Set-Cookie` header stays. So when the proof endpoint is on the page's own
//! origin, the receiver answers each stored proof with the very record the
//! banner wrote, built with kakor-core from the proof's fields, and expires it
//! when the banner reports a withdrawal. A cross-origin request gets no
//! cookie: kakor sends those without credentials, so a browser would drop it.

use axum::http::{header, HeaderMap, HeaderValue};
use kakor_core::time::parse_iso8601;
use kakor_core::{record, Consent, Method, Source};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// Where the cookie goes, from the receiver's settings.
#[derive(Debug, Clone, Default)]
pub struct Jar {
    /// `--cookie-domain`: the catalogue's `site.cookie_domain`, when set.
    pub domain: Option<String>,
}

/// What a browser's request says about the page that sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The page is on https, so the cookie is `Secure` as the banner's is.
    pub https: bool,
}

/// The page, when the request came from a page on the receiver's own origin:
/// `Sec-Fetch-Site: same-origin` (every current browser, Safari since 16.4),
/// or, from a browser that does not send it, an `Origin` whose host is the
/// request's `Host`. The scheme comes from `Origin`, which the browser
/// writes, so no proxy header has to be trusted for `Secure`.
pub fn same_origin(headers: &HeaderMap) -> Option<Page> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    let (https, authority) = match origin.split_once("://")? {
        ("https", authority) => (true, authority),
        ("http", authority) => (false, authority),
        _ => return None,
    };
    let same = match headers.get("sec-fetch-site") {
        Some(site) => site.as_bytes() == b"same-origin",
        None => {
            headers.get(header::HOST).is_some_and(|host| host.as_bytes().eq_ignore_ascii_case(authority.as_bytes()))
        }
    };
    same.then_some(Page { https })
}

impl Jar {
    /// `Set-Cookie` for the proof in `body` (already validated): the record
    /// the banner stored, living until the proof's `expires` by the
    /// receiver's clock `now`. None once it has expired.
    pub fn consent(&self, body: &str, now: u64, page: Page) -> Option<HeaderValue> {
        let consent = consent(body)?;
        let seconds = consent.expires.checked_sub(now)? / 1000;
        if seconds == 0 {
            return None;
        }
        self.header(&record::encode(&consent), seconds, page)
    }

    /// `Set-Cookie` that expires the `kakor` cookie, after a withdrawal.
    pub fn expired(&self, page: Page) -> Option<HeaderValue> {
        self.header("", 0, page)
    }

    fn header(&self, value: &str, max_age: u64, page: Page) -> Option<HeaderValue> {
        let mut cookie = format!("kakor={value}; Path=/; SameSite=Lax; Max-Age={max_age}");
        if page.https {
            cookie.push_str("; Secure");
        }
        if let Some(domain) = &self.domain {
            cookie.push_str("; Domain=");
            cookie.push_str(domain);
        }
        HeaderValue::from_str(&cookie).ok()
    }
}

/// The consent a proof records, its categories and services in the order
/// the proof lists them: the banner writes both in catalogue order, which is
/// the order of the granted ids in the record.
pub fn consent(body: &str) -> Option<Consent> {
    let fields: Fields = serde_json::from_str(body).ok()?;
    Some(Consent {
        id: fields.id,
        timestamp: parse_iso8601(&fields.timestamp)?,
        expires: parse_iso8601(&fields.expires)?,
        revision: fields.revision,
        method: Method::parse(&fields.method)?,
        language: fields.language,
        categories: fields.categories.0,
        services: fields.services.0,
        gpc: fields.gpc,
        // A proof without one gives a version 1 record, as the banner wrote then.
        source: match fields.source {
            Some(name) => Some(Source::parse(&name)?),
            None => None,
        },
    })
}

/// The proof's fields the record holds; `page` and `texts` are not in it.
#[derive(Deserialize)]
struct Fields {
    id: String,
    timestamp: String,
    expires: String,
    revision: String,
    method: String,
    language: String,
    categories: Flags,
    services: Flags,
    gpc: bool,
    source: Option<String>,
}

/// An object of ids to booleans, kept in document order (`serde_json::Map`
/// sorts its keys).
struct Flags(Vec<(String, bool)>);

impl<'de> Deserialize<'de> for Flags {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Flags;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of ids to booleans")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Flags, A::Error> {
                let mut flags = Vec::new();
                while let Some(entry) = map.next_entry::<String, bool>()? {
                    flags.push(entry);
                }
                Ok(Flags(flags))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_a_page_on_the_same_origin_gets_the_cookie() {
        let from = |pairs: &[(&'static str, &'static str)]| same_origin(&headers(pairs));
        let site = ("origin", "https://www.example.com");
        assert_eq!(from(&[site, ("sec-fetch-site", "same-origin")]), Some(Page { https: true }));
        assert_eq!(from(&[site, ("sec-fetch-site", "same-site")]), None);
        assert_eq!(from(&[site, ("sec-fetch-site", "cross-site")]), None);
        assert_eq!(from(&[site, ("host", "www.example.com")]), Some(Page { https: true }));
        assert_eq!(
            from(&[("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")]),
            Some(Page { https: false })
        );
        assert_eq!(from(&[site, ("host", "127.0.0.1:8787")]), None);
        assert_eq!(from(&[("host", "www.example.com"), ("sec-fetch-site", "same-origin")]), None);
    }

    #[test]
    fn the_flags_keep_their_order() {
        let body = r#"{"id":"x","timestamp":"2026-01-01T00:00:00.000Z","expires":"2026-02-01T00:00:00.000Z",
            "revision":"ab","method":"custom","language":"sv","categories":{"necessary":true,"zeta":true,"alpha":false},
            "services":{"b":true,"a":true},"gpc":true,"page":"https://a.example/","texts":"00000000"}"#;
        let consent = consent(body).unwrap();
        assert_eq!(consent.categories, [("necessary".into(), true), ("zeta".into(), true), ("alpha".into(), false)]);
        assert_eq!(consent.services, [("b".into(), true), ("a".into(), true)]);
    }
}

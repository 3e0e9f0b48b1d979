//! Which cookies to delete when consent is withdrawn, and where they may be.
//!
//! A script may have set a cookie on the page's host or on any parent
//! domain, and on `/` or any prefix of the path; the browser only forgets it
//! when it is expired with the same domain and path. So the shell expires
//! every matching name under every combination these functions list.

use crate::catalogue::Catalogue;
use crate::consent::Consent;

/// Whether cookie `name` is what the catalogue's `pattern` declares: the exact
/// name, or any name starting with a pattern's stem before its final `*`.
pub fn matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => name.starts_with(stem),
        None => name == pattern,
    }
}

/// The `Domain` attributes a cookie of `host` may carry, `""` (host-only)
/// first: for `a.b.example.com` that is `""`, `a.b.example.com`,
/// `b.example.com`, `example.com`. A top-level domain is left out (browsers
/// refuse cookies there), and so is every parent of an IP address.
pub fn domains(host: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let is_ip = host.starts_with('[') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if is_ip || !host.contains('.') {
        return out;
    }
    let mut rest = host;
    while let Some((_, parent)) = rest.split_once('.') {
        out.push(rest.to_string());
        rest = parent;
    }
    out
}

/// Whether `domain` is a domain name a cookie can be set on: lowercase
/// labels of letters, digits and inner hyphens, two or more, a leading dot
/// allowed (browsers ignore it).
pub fn is_domain(domain: &str) -> bool {
    let name = domain.strip_prefix('.').unwrap_or(domain);
    let label = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    name.contains('.') && name.split('.').all(label)
}

/// Whether a cookie set on `domain` reaches `host`: `host` is that domain or
/// one of its subdomains.
pub fn covers(domain: &str, host: &str) -> bool {
    let name = domain.strip_prefix('.').unwrap_or(domain);
    host == name || host.strip_suffix(name).is_some_and(|sub| sub.ends_with('.'))
}

/// The `Path` attributes a cookie set on `path` may carry: `/` and every
/// prefix of it, with and without a trailing `/`.
pub fn paths(path: &str) -> Vec<String> {
    let mut out = vec![String::from("/")];
    let mut prefix = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        prefix.push('/');
        prefix.push_str(segment);
        out.push(prefix.clone());
        let mut slashed = prefix.clone();
        slashed.push('/');
        out.push(slashed);
    }
    out
}

/// The cookie patterns of every service granted in `before` and refused in
/// `after` (all non-necessary services when `after` is `None`: a withdrawal).
pub fn revoked<'a>(catalogue: &'a Catalogue, before: &Consent, after: Option<&Consent>) -> Vec<&'a str> {
    catalogue
        .services
        .iter()
        .filter(|service| before.allows(&service.id))
        .filter(|service| match after {
            Some(after) => !after.allows(&service.id),
            None => service.category != crate::catalogue::NECESSARY,
        })
        .flat_map(|service| service.cookies.iter().map(|cookie| cookie.name.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choice, Context};
    use crate::fixture;

    #[test]
    fn patterns() {
        assert!(matches("_ga", "_ga"));
        assert!(!matches("_ga", "_gat"));
        assert!(matches("_ga_*", "_ga_XYZ123"));
        assert!(matches("_ga_*", "_ga_"));
        assert!(!matches("_ga_*", "_ga"));
    }

    #[test]
    fn parent_domains() {
        assert_eq!(domains("a.b.example.com"), ["", "a.b.example.com", "b.example.com", "example.com"]);
        assert_eq!(domains("app.kakor.test"), ["", "app.kakor.test", "kakor.test"]);
        assert_eq!(domains("localhost"), [""]);
        assert_eq!(domains("127.0.0.1"), [""]);
        assert_eq!(domains("[::1]"), [""]);
    }

    #[test]
    fn cookie_domains() {
        for good in [".example.com", "example.com", ".kakor.test", "a-b.co.uk", ".xn--bcher-kva.de"] {
            assert!(is_domain(good), "{good}");
        }
        for bad in [
            "",
            ".",
            "localhost",
            ".com",
            "Example.com",
            "-a.com",
            "a-.com",
            "a..com",
            "a.com.",
            "*.a.com",
            "a.com:8080",
        ] {
            assert!(!is_domain(bad), "{bad}");
        }
        assert!(covers(".kakor.test", "app.kakor.test"));
        assert!(covers("kakor.test", "kakor.test"));
        assert!(covers(".kakor.test", "a.b.kakor.test"));
        assert!(!covers(".kakor.test", "notkakor.test"));
        assert!(!covers(".kakor.test", "kakor.test.evil.com"));
        assert!(!covers(".example.com", "app.kakor.test"));
    }

    #[test]
    fn path_prefixes() {
        assert_eq!(paths("/"), ["/"]);
        assert_eq!(paths(""), ["/"]);
        assert_eq!(paths("/shop/cart"), ["/", "/shop", "/shop/", "/shop/cart", "/shop/cart/"]);
        assert_eq!(paths("/docs/"), ["/", "/docs", "/docs/"]);
    }

    #[test]
    fn revoked_cookies_are_those_of_services_turned_off() {
        let c = fixture();
        let context = || Context {
            id: "3b241101-e2bb-4255-8caf-4136c566a962".into(),
            now: 0,
            language: "en",
            gpc: false,
            source: crate::consent::Source::Api,
        };
        let all = Consent::decide(&c, &Choice::AcceptAll, None, context());
        let only_statistics = Choice::Custom { categories: vec![("marketing".into(), false)], services: vec![] };
        let later = Consent::decide(&c, &only_statistics, Some(&all), context());
        assert!(revoked(&c, &all, Some(&later)).is_empty(), "hubspot and linkedin set no cookies in the fixture");
        let none = Consent::decide(&c, &Choice::RejectAll, Some(&all), context());
        assert_eq!(revoked(&c, &all, Some(&none)), ["_ga_*"]);
        assert_eq!(revoked(&c, &all, None), ["_ga_*"]);
        assert!(revoked(&c, &none, None).is_empty());
    }
}

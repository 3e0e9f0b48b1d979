//! Every rule a catalogue must meet, reported all at once with key paths.

use crate::catalogue::{Catalogue, Localized, NECESSARY};
use crate::diag::{index, join, Diagnostic};

/// Longest lifetime a decision may have: 13 months, as regulators accept.
pub const MAX_CONSENT_DAYS: u32 = 395;

/// Checks `catalogue` and returns every problem found, in document order.
pub fn validate(catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let site = &catalogue.site;
    non_empty(&mut out, "site.name", &site.name);
    http_url(&mut out, "site.policy_url", &site.policy_url);
    if site.languages.is_empty() {
        out.push(Diagnostic::new("site.languages", "expected at least one language, e.g. `[\"en\"]`"));
    }
    for (i, lang) in site.languages.iter().enumerate() {
        if !is_language_tag(lang) {
            out.push(Diagnostic::new(
                index("site.languages", i),
                ["`", lang, "` is not a language tag such as `en` or `nb`"].concat(),
            ));
        } else if let Some(message) = crate::texts::missing(catalogue, lang) {
            out.push(Diagnostic::new(index("site.languages", i), message));
        }
        if site.languages[..i].contains(lang) {
            out.push(Diagnostic::new(index("site.languages", i), ["`", lang, "` is listed twice"].concat()));
        }
    }
    for (path, days) in [("site.consent_days", Some(site.consent_days)), ("site.reject_days", site.reject_days)] {
        if let Some(days) = days.filter(|d| !(1..=MAX_CONSENT_DAYS).contains(d)) {
            let mut message = String::new();
            crate::time::push_uint(&mut message, days as u64);
            message.push_str(" is not a number of days from 1 to 395 (13 months)");
            out.push(Diagnostic::new(path, message));
        }
    }
    if let Some(version) = &site.purposes_version {
        non_empty(&mut out, "site.purposes_version", version);
    }
    if let Some(controller) = &site.controller {
        for (i, entry) in controller.all().enumerate() {
            let path = if i == 0 { "site.controller".into() } else { index("site.controller.joint", i - 1) };
            non_empty(&mut out, &join(&path, "name"), &entry.name);
            if let Some(registration) = &entry.registration {
                non_empty(&mut out, &join(&path, "registration"), registration);
            }
            non_empty(&mut out, &join(&path, "contact"), &entry.contact);
        }
    }
    if let Some(endpoint) = &site.endpoint {
        if !endpoint.starts_with('/') || endpoint.starts_with("//") {
            http_url(&mut out, "site.endpoint", endpoint);
        }
    }
    if let Some(domain) = &site.cookie_domain {
        if !crate::cookies::is_domain(domain) {
            out.push(Diagnostic::new(
                "site.cookie_domain",
                [
                    "`",
                    domain,
                    "` is not a domain such as `.example.com` (lowercase letters, digits, `-`, two labels or more)",
                ]
                .concat(),
            ));
        }
    }
    let languages = &site.languages;

    if catalogue.category(NECESSARY).is_none() {
        out.push(Diagnostic::new(
            "categories",
            "the `necessary` category is missing; every catalogue needs it for cookies that need no consent",
        ));
    }
    for (i, category) in catalogue.categories.iter().enumerate() {
        let path = index("categories", i);
        identifier(&mut out, &join(&path, "id"), &category.id);
        if catalogue.categories[..i].iter().any(|c| c.id == category.id) {
            duplicate(&mut out, &join(&path, "id"), &category.id);
        }
        texts(&mut out, &join(&path, "title"), &category.title, languages);
        texts(&mut out, &join(&path, "description"), &category.description, languages);
    }
    for (i, service) in catalogue.services.iter().enumerate() {
        let path = index("services", i);
        identifier(&mut out, &join(&path, "id"), &service.id);
        let taken =
            catalogue.services[..i].iter().any(|s| s.id == service.id) || catalogue.category(&service.id).is_some();
        if taken {
            duplicate(&mut out, &join(&path, "id"), &service.id);
        }
        non_empty(&mut out, &join(&path, "name"), &service.name);
        if catalogue.category(&service.category).is_none() {
            out.push(Diagnostic::new(
                join(&path, "category"),
                ["unknown category `", &service.category, "`; declare it under [[categories]]"].concat(),
            ));
        }
        non_empty(&mut out, &join(&path, "provider"), &service.provider);
        http_url(&mut out, &join(&path, "policy_url"), &service.policy_url);
        texts(&mut out, &join(&path, "data_location"), &service.data_location, languages);
        texts(&mut out, &join(&path, "safeguard"), &service.safeguard, languages);
        texts(&mut out, &join(&path, "description"), &service.description, languages);
        for (j, cookie) in service.cookies.iter().enumerate() {
            let cookie_path = index(&join(&path, "cookies"), j);
            if let Some(owner) = cookie_owner(catalogue, i, j) {
                out.push(Diagnostic::new(
                    join(&cookie_path, "name"),
                    [
                        "cookie `",
                        &cookie.name,
                        "` is already declared by service `",
                        owner,
                        "`; a cookie belongs to one service, so withdrawing consent knows whose it is",
                    ]
                    .concat(),
                ));
            }
            if !is_cookie_pattern(&cookie.name) {
                out.push(Diagnostic::new(
                    join(&cookie_path, "name"),
                    [
                        "`",
                        &cookie.name,
                        "` is not a cookie name; use its exact name, or a prefix ending in `*` such as `_ga_*`",
                    ]
                    .concat(),
                ));
            }
            texts(&mut out, &join(&cookie_path, "purpose"), &cookie.purpose, languages);
            if let Some(domain) = &cookie.domain {
                if !is_domain(domain) {
                    out.push(Diagnostic::new(
                        join(&cookie_path, "domain"),
                        ["`", domain, "` is not a domain such as `.linkedin.com`"].concat(),
                    ));
                }
            }
        }
    }
    if let Some(mode) = &catalogue.consent_mode {
        for (signal, category) in &mode.signals.0 {
            let path = join("consent_mode.signals", signal);
            if !crate::consent_mode::SIGNALS.contains(&signal.as_str()) {
                out.push(Diagnostic::new(
                    path,
                    [
                        "unknown signal `",
                        signal,
                        "`; expected one of `",
                        &crate::consent_mode::SIGNALS.join("`, `"),
                        "`",
                    ]
                    .concat(),
                ));
            } else if catalogue.category(category).is_none() {
                out.push(Diagnostic::new(path, ["unknown category `", category, "`"].concat()));
            }
        }
        for (i, region) in mode.regions.iter().enumerate() {
            let (country, sub) = region.split_once('-').unwrap_or((region, "A"));
            let ok = country.len() == 2
                && country.bytes().all(|b| b.is_ascii_uppercase())
                && (1..=3).contains(&sub.len())
                && sub.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if !ok {
                out.push(Diagnostic::new(
                    index("consent_mode.regions", i),
                    ["`", region, "` is not an ISO 3166 region such as `SE` or `US-CA`"].concat(),
                ));
            }
        }
    }
    // Only its form: that it is complete and current is checked natively,
    // where it is computed (`source`), and costs the banner nothing.
    for (lang, hash) in &catalogue.texts_sha256.0 {
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            out.push(Diagnostic::new(join("texts_sha256", lang), "expected a SHA-256 as 64 lowercase hex digits"));
        }
    }
    for (key, texts) in &catalogue.texts.0 {
        let path = join("texts", key);
        if !crate::texts::KEYS.contains(&key.as_str()) {
            out.push(Diagnostic::new(
                path,
                ["kakor has no word `", key, "`; the words are listed in docs/banner.md, \"Texts\""].concat(),
            ));
            continue;
        }
        for (lang, text) in &texts.0 {
            if !languages.contains(lang) {
                out.push(Diagnostic::new(
                    join(&path, lang),
                    ["`", lang, "` is not in site.languages; add it there or remove this text"].concat(),
                ));
            } else if text.trim().is_empty() {
                out.push(Diagnostic::new(join(&path, lang), "must not be empty"));
            }
        }
    }
    out
}

/// The service that declares cookie `j` of service `i` earlier in the
/// catalogue: the same name on the same domain (the site's own when none).
fn cookie_owner(catalogue: &Catalogue, i: usize, j: usize) -> Option<&str> {
    let cookie = &catalogue.services[i].cookies[j];
    let same = |other: &&crate::catalogue::Cookie| other.name == cookie.name && other.domain == cookie.domain;
    let earlier = catalogue.services[..i].iter().find(|service| service.cookies.iter().any(|c| same(&c)));
    let service = &catalogue.services[i];
    let own = service.cookies[..j].iter().any(|c| same(&c));
    earlier.or(own.then_some(service)).map(|service| service.id.as_str())
}

/// What is allowed but likely a mistake: no `site.endpoint`, so proofs stay
/// in each visitor's browser, where the owner cannot show them; a category
/// other than `necessary` that no service belongs to, whose switch then
/// decides only what the site gates on the category itself (`data-category`
/// without `data-service`), and under which the banner lists no cookies.
/// `kakor check` and build.rs show these; the banner does not.
pub fn warnings(catalogue: &Catalogue) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if catalogue.site.endpoint.is_none() {
        out.push(Diagnostic::new(
            "site",
            "site.endpoint is unset: proofs stay in the visitor's browser; an authority will ask you for them \
             (set site.endpoint to your consent log, e.g. kakor-log)",
        ));
    }
    for (i, category) in catalogue.categories.iter().enumerate() {
        if category.id != NECESSARY && !catalogue.services.iter().any(|s| s.category == category.id) {
            out.push(Diagnostic::new(
                join(&index("categories", i), "id"),
                [
                    "no service belongs to category `",
                    &category.id,
                    "`, so its switch controls only what the site gates with data-category=\"",
                    &category.id,
                    "\"; add a service with category = \"",
                    &category.id,
                    "\" or remove the category",
                ]
                .concat(),
            ));
        }
    }
    out
}

fn non_empty(out: &mut Vec<Diagnostic>, path: &str, text: &str) {
    if text.trim().is_empty() {
        out.push(Diagnostic::new(path, "must not be empty"));
    }
}

/// A text must be given, non-empty, in every declared language, and in no
/// other: a missing translation is an error rather than a silent fallback, so
/// a visitor never meets a banner half in another language.
fn texts(out: &mut Vec<Diagnostic>, path: &str, texts: &Localized, languages: &[String]) {
    // Without languages (itself an error) every text would be wrong twice over.
    if languages.is_empty() {
        return;
    }
    for lang in languages {
        match texts.get(lang) {
            Some(text) if !text.trim().is_empty() => {}
            Some(_) => out.push(Diagnostic::new(join(path, lang), "must not be empty")),
            None => out.push(Diagnostic::new(
                join(path, lang),
                ["missing the `", lang, "` text; every language in site.languages needs one"].concat(),
            )),
        }
    }
    for (lang, _) in &texts.0 {
        if !languages.contains(lang) {
            out.push(Diagnostic::new(
                join(path, lang),
                ["`", lang, "` is not in site.languages; add it there or remove this text"].concat(),
            ));
        }
    }
}

fn duplicate(out: &mut Vec<Diagnostic>, path: &str, id: &str) {
    out.push(Diagnostic::new(
        path,
        ["id `", id, "` is already used; category and service ids must be unique"].concat(),
    ));
}

/// Ids appear in the stored record, in `has()` and in markup: lowercase ASCII,
/// digits, `_` and `-`, starting with a letter or digit (the stored format relies
/// on ids never holding `.` or `:`).
fn identifier(out: &mut Vec<Diagnostic>, path: &str, id: &str) {
    if !is_identifier(id) {
        out.push(Diagnostic::new(
            path,
            ["`", id, "` is not a valid id; use lowercase letters, digits, `_` and `-`"].concat(),
        ));
    }
}

/// The id rule above, shared with [`crate::record::read`], which meets ids
/// without a catalogue to check them against; inlined, as it was before it
/// was shared.
#[inline(always)]
pub(crate) fn is_identifier(id: &str) -> bool {
    id.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Only absolute http(s) links: a `javascript:` or `data:` link in a banner is
/// an injection waiting to happen.
fn http_url(out: &mut Vec<Diagnostic>, path: &str, url: &str) {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !url.bytes().any(|b| b <= b' ' || b == b'"' || b == b'<' || b == b'>');
    if !ok {
        out.push(Diagnostic::new(
            path,
            ["`", url, "` is not an http(s) link; expected e.g. `https://example.com/privacy`"].concat(),
        ));
    }
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_domain(domain: &str) -> bool {
    let name = domain.strip_prefix('.').unwrap_or(domain);
    name.contains('.')
        && name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// A cookie name (RFC 6265 token characters), optionally ending in one `*`.
fn is_cookie_pattern(name: &str) -> bool {
    let stem = name.strip_suffix('*').unwrap_or(name);
    !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}*".contains(&b))
}

#[cfg(test)]
mod tests;

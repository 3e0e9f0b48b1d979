//! `--draft FILE`: a `categories.toml` for the cookies the scan found, grouped
//! into services (by the Open Cookie Database's platform) and categories, for
//! the owner to review and complete. It is written as text, with comments
//! that say what to check; `kakor check` accepts it as it is.

use super::findings::{CookieSummary, Source};
use super::{ocd, Scan};
use kakor_core::catalogue::NECESSARY;
use kakor_core::Catalogue;
use std::collections::BTreeMap;
use std::fmt::Write;

struct DraftService {
    id: String,
    name: String,
    category: String,
    provider: String,
    policy_url: Option<String>,
    note: &'static str,
    cookies: Vec<DraftCookie>,
}

struct DraftCookie {
    name: String,
    purpose: String,
    duration: String,
    party: &'static str,
    domain: Option<String>,
}

/// The cookies no one knows go under marketing: a draft that fails closed
/// keeps them off until the owner has said what they are.
const UNKNOWN_CATEGORY: &str = "marketing";

/// The draft for `scan`; a cookie that `catalogue` declares keeps its
/// service's name, provider and policy from there.
pub fn write(scan: &Scan, catalogue: Option<&Catalogue>) -> String {
    let start = url::Url::parse(&scan.start).expect("the start URL was parsed before");
    let host = start.host_str().unwrap_or("example.com").to_string();
    let origin = start.origin().ascii_serialization();
    let mut services: BTreeMap<String, DraftService> = BTreeMap::new();
    for cookie in &scan.summary.cookies {
        let (key, service) = service_for(cookie, catalogue);
        let service = services.entry(key).or_insert(service);
        let (name, purpose) = match &cookie.class.source {
            Source::Database { name, prefix: true, platform, .. } => {
                (format!("{name}*"), format!("Set by {platform}; describe what it is for."))
            }
            Source::Database { platform, .. } => {
                (cookie.name.clone(), format!("Set by {platform}; describe what it is for."))
            }
            Source::Kakor => (cookie.name.clone(), "Stores your cookie choice, so we ask only once.".to_string()),
            Source::Framework { framework } => (
                cookie.name.clone(),
                format!("{framework}'s default session or CSRF cookie; check that it is strictly necessary."),
            ),
            Source::Catalogue { pattern, .. } => (pattern.clone(), "As declared in the catalogue.".to_string()),
            Source::Unknown => {
                (cookie.name.clone(), "Unknown to the Open Cookie Database: describe what it is for.".to_string())
            }
        };
        if !is_cookie_name(&name) || service.cookies.iter().any(|seen| seen.name == name) {
            continue;
        }
        let domain = (cookie.party == "third")
            .then(|| format!(".{}", cookie.domain.trim_start_matches('.')))
            .filter(|domain| domain.len() > 1 && domain[1..].contains('.'));
        service.cookies.push(DraftCookie {
            name,
            purpose,
            duration: duration(cookie.lifetime_seconds),
            party: cookie.party,
            domain,
        });
    }

    let mut out = String::new();
    let pages = scan.pages.iter().filter(|page| page.error.is_none() && page.left_to.is_none()).count();
    writeln!(out, "# Drafted by `kakor scan {}` from {pages} page(s).", scan.start).unwrap();
    out.push_str(
        "# Review every line before you use it: the categories come from the Open Cookie\n\
         # Database (Analytics → statistics, Marketing → marketing, Functional → preferences,\n\
         # Security → necessary), cookies it does not know are put under marketing so that\n\
         # they stay off until you say what they are, and the durations are what the\n\
         # browser held during the scan. Then run `kakor check` on it.\n\n",
    );
    writeln!(out, "[site]\nname = {}", quote(&host)).unwrap();
    writeln!(
        out,
        "# Replace with your privacy policy's address.\npolicy_url = {}",
        quote(&format!("{origin}/privacy"))
    )
    .unwrap();
    out.push_str("languages = [\"en\"]\nconsent_days = 365\n");
    for (id, title, description) in [
        (NECESSARY, "Strictly necessary", "Needed for the site to work and to remember your cookie choice. Always on."),
        ("preferences", "Preferences", "Remember settings such as your language and region."),
        ("statistics", "Statistics", "Count visits and see how the site is used, so we can improve it."),
        ("marketing", "Marketing", "Follow up on visits and measure campaigns with our marketing partners."),
    ] {
        writeln!(
            out,
            "\n[[categories]]\nid = {}\ntitle = {{ en = {} }}\ndescription = {{ en = {} }}",
            quote(id),
            quote(title),
            quote(description)
        )
        .unwrap();
    }
    // One platform with cookies in two categories becomes two services.
    let ids: Vec<String> = services.values().map(|service| service.id.clone()).collect();
    for service in services.values_mut() {
        if ids.iter().filter(|id| **id == service.id).count() > 1 {
            service.id = format!("{}-{}", service.id, service.category);
        }
    }
    let mut ordered: Vec<&DraftService> = services.values().collect();
    let rank =
        |category: &str| ["necessary", "preferences", "statistics", "marketing"].iter().position(|c| *c == category);
    ordered.sort_by_key(|service| (rank(&service.category), service.id.clone()));
    for service in ordered {
        writeln!(out, "\n# {}", service.note).unwrap();
        writeln!(
            out,
            "[[services]]\nid = {}\nname = {}\ncategory = {}\nprovider = {}",
            quote(&service.id),
            quote(&service.name),
            quote(&service.category),
            quote(&service.provider)
        )
        .unwrap();
        let policy = service.policy_url.clone().unwrap_or_else(|| format!("{origin}/privacy"));
        writeln!(out, "policy_url = {}", quote(&policy)).unwrap();
        out.push_str("data_location = { en = \"To be filled in\" }\nsafeguard = { en = \"To be filled in\" }\n");
        writeln!(out, "description = {{ en = {} }}", quote(&format!("What {} does on this site.", service.name)))
            .unwrap();
        for cookie in &service.cookies {
            writeln!(
                out,
                "\n[[services.cookies]]\nname = {}\npurpose = {{ en = {} }}\nduration = {}\nparty = {}",
                quote(&cookie.name),
                quote(&cookie.purpose),
                quote(&cookie.duration),
                quote(cookie.party)
            )
            .unwrap();
            if let Some(domain) = &cookie.domain {
                writeln!(out, "domain = {}", quote(domain)).unwrap();
            }
        }
    }
    out
}

/// The service a cookie is drafted into, keyed so that one platform's cookies
/// of different categories land in different services.
fn service_for(cookie: &CookieSummary, catalogue: Option<&Catalogue>) -> (String, DraftService) {
    let category = cookie.class.category.clone().unwrap_or_else(|| UNKNOWN_CATEGORY.to_string());
    let (id, name, provider, policy_url, note) = match &cookie.class.source {
        Source::Kakor => (
            "kakor".to_string(),
            "Cookie consent".to_string(),
            "This site".to_string(),
            None,
            "kakor's own cookie: it keeps the visitor's choice.",
        ),
        Source::Catalogue { service: id, .. } => {
            let declared = catalogue.and_then(|catalogue| catalogue.services.iter().find(|service| &service.id == id));
            (
                id.clone(),
                declared.map_or_else(|| id.clone(), |service| service.name.clone()),
                declared.map_or_else(|| "This site".to_string(), |service| service.provider.clone()),
                declared.map(|service| service.policy_url.clone()),
                "Already in your catalogue: copy the details from there.",
            )
        }
        Source::Framework { framework } => (
            slug(framework),
            framework.clone(),
            "This site".to_string(),
            None,
            "A web framework's session or CSRF cookie by its default name: keep it here if the site needs it to work.",
        ),
        Source::Database { platform, .. } => {
            let entry = ocd::lookup(&cookie.name);
            let provider = entry.map(|e| e.controller).filter(|c| !c.is_empty()).unwrap_or(platform).to_string();
            let policy = entry
                .map(|e| e.privacy_url)
                .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
                .map(str::to_string);
            (
                slug(platform),
                platform.clone(),
                provider,
                policy,
                "From the Open Cookie Database: check the category and fill in where the data goes.",
            )
        }
        Source::Unknown => (
            "unknown".to_string(),
            "Unknown cookies".to_string(),
            "To be filled in".to_string(),
            None,
            "Not in the Open Cookie Database: say who sets these, and move them to the right category.",
        ),
    };
    let key = format!("{id}\t{category}");
    (key, DraftService { id, name, category, provider, policy_url, note, cookies: Vec::new() })
}

/// A catalogue duration no shorter than the lifetime seen, in the smallest
/// unit that reads well: a 30-minute cookie is `30 minutes`, not `1 day`.
fn duration(lifetime_seconds: Option<u64>) -> String {
    let Some(seconds) = lifetime_seconds else { return "session".to_string() };
    let (count, unit) = if seconds < 3_600 {
        (seconds.div_ceil(60).max(1), "minute")
    } else if seconds < 86_400 {
        (seconds.div_ceil(3_600), "hour")
    } else {
        (seconds.div_ceil(86_400), "day")
    };
    if count == 1 {
        format!("1 {unit}")
    } else {
        format!("{count} {unit}s")
    }
}

/// What the catalogue accepts as a cookie name (RFC 6265 token characters,
/// a final `*` for a prefix); a cookie with any other name is left out.
fn is_cookie_name(name: &str) -> bool {
    let stem = name.strip_suffix('*').unwrap_or(name);
    !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}*".contains(&b))
}

/// A catalogue id: lowercase letters, digits and `-`.
fn slug(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').chars().take(48).collect::<String>();
    if id.is_empty() {
        "service".to_string()
    } else {
        id
    }
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => write!(out, "\\u{:04X}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_strings() {
        assert_eq!(slug("Google Analytics"), "google-analytics");
        assert_eq!(slug("  ?? "), "service");
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
    }

    #[test]
    fn durations_in_the_unit_that_fits() {
        assert_eq!(duration(Some(1_800)), "30 minutes");
        assert_eq!(duration(Some(59)), "1 minute");
        assert_eq!(duration(Some(7_200)), "2 hours");
        assert_eq!(duration(Some(86_400)), "1 day");
        assert_eq!(duration(Some(400 * 86_400)), "400 days");
        assert_eq!(duration(None), "session");
        for text in ["30 minutes", "1 minute", "2 hours", "1 day", "400 days"] {
            assert!(kakor_core::catalogue::Duration::parse(text).is_some(), "{text}");
        }
    }
}

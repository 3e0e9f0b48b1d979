//! Consent decisions: what a choice grants, and what a stored decision allows.

use crate::catalogue::{Catalogue, NECESSARY};
use crate::time::{iso8601, DAY_MS};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// The category that Global Privacy Control keeps off (docs/contract.md, "Signals").
pub const MARKETING: &str = crate::catalogue::MARKETING_CATEGORY;

/// How the visitor chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    AcceptAll,
    RejectAll,
    Custom,
}

impl Method {
    /// The public spelling: `accept-all`, `reject-all`, `custom`.
    pub fn name(self) -> &'static str {
        match self {
            Method::AcceptAll => "accept-all",
            Method::RejectAll => "reject-all",
            Method::Custom => "custom",
        }
    }

    /// The method a public spelling names, as a receiver reads it back.
    pub fn parse(name: &str) -> Option<Method> {
        [Method::AcceptAll, Method::RejectAll, Method::Custom].into_iter().find(|m| m.name() == name)
    }
}

/// Where a decision came from (GDPR Art. 7(1): the controller must be able
/// to show the visitor consented, and a site script calling
/// `kakor.acceptAll()` is not a visitor's click).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A button of the first layer.
    FirstLayer,
    /// The preferences layer (its Accept all, Reject all or Save).
    Preferences,
    /// A gated iframe's placeholder, allowing its one service.
    Placeholder,
    /// The page's script, through `window.kakor`.
    Api,
    /// A decision made in another tab of the site, which this tab follows.
    /// Not a new decision: no proof and no record ever names it, only what
    /// the shell reports to the page.
    OtherTab,
}

impl Source {
    /// The public spelling: `first-layer`, `preferences`, `placeholder`,
    /// `api`, `other-tab`.
    pub fn name(self) -> &'static str {
        match self {
            Source::FirstLayer => "first-layer",
            Source::Preferences => "preferences",
            Source::Placeholder => "placeholder",
            Source::Api => "api",
            Source::OtherTab => "other-tab",
        }
    }

    /// The source a public spelling names, as a receiver reads it back.
    pub fn parse(name: &str) -> Option<Source> {
        [Source::FirstLayer, Source::Preferences, Source::Placeholder, Source::Api, Source::OtherTab]
            .into_iter()
            .find(|s| s.name() == name)
    }

    /// Its one letter in the stored record.
    pub(crate) fn letter(self) -> char {
        match self {
            Source::FirstLayer => 'f',
            Source::Preferences => 'p',
            Source::Placeholder => 'h',
            Source::Api => 'a',
            Source::OtherTab => 'o',
        }
    }

    pub(crate) fn from_letter(letter: &str) -> Option<Source> {
        Some(match letter {
            "f" => Source::FirstLayer,
            "p" => Source::Preferences,
            "h" => Source::Placeholder,
            "a" => Source::Api,
            "o" => Source::OtherTab,
            _ => return None,
        })
    }
}

/// What the visitor asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    AcceptAll,
    RejectAll,
    /// Categories named are set; others keep `current` (off without consent).
    /// Services named are set; others follow their category.
    Custom {
        categories: Vec<(String, bool)>,
        services: Vec<(String, bool)>,
    },
    /// One service allowed on its own (a gated iframe's placeholder); every
    /// other category and service stays as it is.
    Allow(String),
}

/// What the shell knows at the moment of a decision, passed in so the core
/// reads no clock and draws no randomness.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The browser's consent id: kept from an earlier decision, else new.
    pub id: String,
    /// Milliseconds since the Unix epoch.
    pub now: u64,
    pub language: &'a str,
    /// `navigator.globalPrivacyControl` was true.
    pub gpc: bool,
    /// Which control (or script) made the decision.
    pub source: Source,
}

/// A decision as the JS API gives it (docs/contract.md, "The JavaScript API"), with every category and service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: String,
    /// Milliseconds since the Unix epoch.
    pub timestamp: u64,
    pub expires: u64,
    pub revision: String,
    pub method: Method,
    pub language: String,
    /// Every category of the catalogue, in catalogue order.
    pub categories: Vec<(String, bool)>,
    /// Every service of the catalogue, in catalogue order.
    pub services: Vec<(String, bool)>,
    pub gpc: bool,
    /// Where the decision came from; `None` for one stored by a kakor that
    /// did not record it (a version 1 record).
    pub source: Option<Source>,
}

impl Consent {
    /// Records `choice` as a new decision against `catalogue`.
    pub fn decide(catalogue: &Catalogue, choice: &Choice, current: Option<&Consent>, context: Context<'_>) -> Consent {
        let keep = |id: &str| current.and_then(|c| lookup(&c.categories, id)).unwrap_or(false);
        let (method, base): (Method, &dyn Fn(&str) -> bool) = match choice {
            // GPC: accept all grants everything but marketing.
            Choice::AcceptAll => (Method::AcceptAll, &|id| !(context.gpc && id == MARKETING)),
            Choice::RejectAll => (Method::RejectAll, &|_| false),
            Choice::Custom { categories, .. } => {
                (Method::Custom, &move |id| lookup(categories, id).unwrap_or_else(|| keep(id)))
            }
            Choice::Allow(_) => (Method::Custom, &keep),
        };
        let categories: Vec<(String, bool)> =
            catalogue.categories.iter().map(|c| (c.id.clone(), c.id == NECESSARY || base(&c.id))).collect();
        let services: Vec<(String, bool)> = catalogue
            .services
            .iter()
            .map(|s| {
                let named = match choice {
                    Choice::Custom { services, .. } => lookup(services, &s.id),
                    Choice::Allow(allowed) if *allowed == s.id => Some(true),
                    Choice::Allow(_) => current.and_then(|c| lookup(&c.services, &s.id)),
                    _ => None,
                };
                let granted = named.unwrap_or_else(|| lookup(&categories, &s.category).unwrap_or(false));
                (s.id.clone(), granted)
            })
            .collect();
        // A refusal grants nothing beyond `necessary`, and may hold for
        // another time than a consent (`site.reject_days`).
        let necessary = |id: &str| catalogue.service(id).is_some_and(|s| s.category == NECESSARY);
        let refused = categories.iter().all(|(id, on)| !on || id == NECESSARY)
            && services.iter().all(|(id, on)| !on || necessary(id));
        let site = &catalogue.site;
        let days = if refused { site.reject_days.unwrap_or(site.consent_days) } else { site.consent_days };
        Consent {
            id: context.id,
            timestamp: context.now,
            expires: context.now + days as u64 * DAY_MS,
            revision: catalogue.revision(),
            method,
            language: context.language.to_string(),
            categories,
            services,
            gpc: context.gpc,
            source: Some(context.source),
        }
    }

    /// `kakor.has(name)`: a granted category or service.
    pub fn allows(&self, name: &str) -> bool {
        name == NECESSARY || lookup(&self.categories, name).or_else(|| lookup(&self.services, name)) == Some(true)
    }

    /// Whether a gated element may run (docs/contract.md, "Gating markup"): one that names a service
    /// follows it; `!ID` is a fallback that runs once category ID is refused.
    pub fn unlocks(&self, category: &str, service: Option<&str>) -> bool {
        if let Some(service) = service {
            return lookup(&self.services, service) == Some(true);
        }
        match category.strip_prefix('!') {
            Some(refused) => lookup(&self.categories, refused) == Some(false),
            None => self.allows(category),
        }
    }
}

fn lookup(entries: &[(String, bool)], id: &str) -> Option<bool> {
    entries.iter().find(|(key, _)| key == id).map(|&(_, value)| value)
}

/// The JS API's `Consent` object: times as ISO strings, maps as objects.
/// Written as a map, not a struct: serde-wasm-bindgen caches struct field
/// names in a hash map, which cost the wasm 1,373 B brotli (measured).
impl Serialize for Consent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(9))?;
        self.serialize_fields(&mut out)?;
        out.end()
    }
}

impl Consent {
    /// The `Consent` fields (nine, and `source` when known), shared with [`crate::proof::Proof`].
    pub(crate) fn serialize_fields<S: SerializeMap>(&self, out: &mut S) -> Result<(), S::Error> {
        struct Flags<'a>(&'a [(String, bool)]);
        impl Serialize for Flags<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (id, on) in self.0 {
                    map.serialize_entry(id, on)?;
                }
                map.end()
            }
        }
        out.serialize_entry("id", &self.id)?;
        out.serialize_entry("timestamp", &iso8601(self.timestamp))?;
        out.serialize_entry("expires", &iso8601(self.expires))?;
        out.serialize_entry("revision", &self.revision)?;
        out.serialize_entry("method", self.method.name())?;
        out.serialize_entry("language", &self.language)?;
        out.serialize_entry("categories", &Flags(&self.categories))?;
        out.serialize_entry("services", &Flags(&self.services))?;
        out.serialize_entry("gpc", &self.gpc)?;
        // Absent when unknown, so a version 1 record reads as it always did.
        match self.source {
            Some(source) => out.serialize_entry("source", source.name()),
            None => Ok(()),
        }
    }
}

/// A random UUID v4 from 16 random bytes (`crypto.getRandomValues`; not
/// `randomUUID`, which plain-http pages lack).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(crate::hash::hex_digit(b >> 4));
        out.push(crate::hash::hex_digit(b & 0xf));
    }
    out
}

/// Whether `text` is a UUID v4 in the lowercase form [`uuid_v4`] writes.
pub fn is_uuid_v4(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            14 => b == b'4',
            19 => matches!(b, b'8' | b'9' | b'a' | b'b'),
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

#[cfg(test)]
mod tests;

//! The catalogue: what a site owner declares in `categories.toml` (or JSON).
//!
//! The same types are read from TOML by build.rs and the CLI (serde) and from a
//! JS object by the web shell, then checked by [`crate::validate`]. The serde
//! shape here *is* the public schema: renaming a field is a breaking change.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// A whole catalogue: the site, its categories and its services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub site: Site,
    pub categories: Vec<Category>,
    #[serde(default)]
    pub services: Vec<Service>,
    /// The site owner's own wording of kakor's words, by word then language:
    /// `[texts] accept_all = { sv = "Acceptera alla" }` (keys: `texts::KEYS`).
    #[serde(default, skip_serializing_if = "Table::is_empty")]
    pub texts: Table<Localized>,
    /// Google Consent Mode v2, on when present (docs/contract.md, "Signals").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_mode: Option<crate::consent_mode::ConsentMode>,
    /// The SHA-256 of each language's texts bundle ([`crate::texts::bundle`]),
    /// 64 hex digits by language: what a proof names as `texts`. Computed
    /// natively (build.rs, `kakor json`), never written by hand; `kakor
    /// check` recomputes it. Not part of the bundle it hashes.
    #[serde(default, skip_serializing_if = "Table::is_empty")]
    pub texts_sha256: Table<String>,
}

/// The site and how consent is asked on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub name: String,
    /// The site's privacy policy, linked from the banner.
    pub policy_url: String,
    /// Languages the banner is offered in; the first is the fallback.
    pub languages: Vec<String>,
    /// How long a decision holds, 1 to 395 days (13 months).
    #[serde(default = "default_consent_days")]
    pub consent_days: u32,
    /// How long a refusal (nothing granted beyond `necessary`) holds before
    /// kakor asks again, 1 to 395 days; `consent_days` when unset. CNIL's
    /// guidelines keep a refusal for about six months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject_days: Option<u32>,
    /// Any text the owner changes when what consent is asked for changes (a
    /// new purpose, a new recipient, a longer retention): it is part of the
    /// revision, so every visitor is asked again. Wording fixes leave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purposes_version: Option<String>,
    /// Who asks for consent: the data controller (GDPR Art. 4(7)), named in
    /// the first layer and the cookie declaration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<Controller>,
    /// Where proofs are POSTed (docs/contract.md, "Proof endpoint"): an http(s) URL or a path on this site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The domain the `kakor` cookie is set on (`.example.com`), so that one
    /// decision holds on every subdomain; the current host alone when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie_domain: Option<String>,
    /// Whether a small control to reopen the banner stays after a choice; off
    /// only when the site links to `kakor.showPreferences()` itself.
    #[serde(default = "yes")]
    pub reopen: bool,
    /// Whether to reload the page when consent is withdrawn from scripts that
    /// already ran, so no revoked code keeps running.
    #[serde(default = "yes")]
    pub reload: bool,
    /// Where the first layer sits.
    #[serde(default)]
    pub position: Position,
    /// Light or dark colours, or the visitor's system setting.
    #[serde(default)]
    pub theme: Theme,
}

/// The data controller: a legal person or body, not a brand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Controller {
    /// The legal name, as registered: `Infobric AB`.
    pub name: String,
    /// The registration number (organisation number, company number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    /// A postal address or an e-mail address where visitors reach it.
    pub contact: String,
    /// Joint controllers (GDPR Art. 26), each named the same way; only the
    /// controller has them (the reader refuses `joint` inside one). One
    /// type for both: a second one cost the wasm about 100 B.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joint: Vec<Controller>,
}

impl Controller {
    /// The controller and its joint controllers, in that order.
    pub fn all(&self) -> impl Iterator<Item = &Controller> {
        core::iter::once(self).chain(&self.joint)
    }

    /// The controllers as the first layer names them: `Infobric AB
    /// (556581-4180)`, joint controllers after it, `, `-separated.
    pub fn names(&self) -> String {
        let mut out = String::new();
        for controller in self.all() {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(&controller.name);
            if let Some(registration) = &controller.registration {
                out.push_str(" (");
                out.push_str(registration);
                out.push(')');
            }
        }
        out
    }
}

/// Where the first layer sits. None of them covers the page but `modal`,
/// which a site chooses knowingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// Across the bottom of the window.
    #[default]
    Bar,
    /// A box in the bottom corner.
    Box,
    /// Centred, over a dimmed page.
    Modal,
}

impl Position {
    pub fn parse(text: &str) -> Option<Position> {
        match text {
            "bar" => Some(Position::Bar),
            "box" => Some(Position::Box),
            "modal" => Some(Position::Modal),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Position::Bar => "bar",
            Position::Box => "box",
            Position::Modal => "modal",
        }
    }
}

/// The banner's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(text: &str) -> Option<Theme> {
        match text {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

fn default_consent_days() -> u32 {
    365
}

fn yes() -> bool {
    true
}

/// The id every catalogue must have; its cookies need no consent.
pub const NECESSARY: &str = "necessary";
/// The usual ids that carry meaning (GPC, Consent Mode; docs/contract.md, "Signals").
pub const STATISTICS_CATEGORY: &str = "statistics";
pub const MARKETING_CATEGORY: &str = "marketing";
pub const PREFERENCES_CATEGORY: &str = "preferences";

/// A purpose visitors can allow or refuse as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: Localized,
    pub description: Localized,
}

/// A third party or a feature that sets cookies, inside one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub category: String,
    pub provider: String,
    pub policy_url: String,
    /// Where its data goes, e.g. `USA`, in each language.
    pub data_location: Localized,
    /// On what legal safeguard, e.g. `EU–US Data Privacy Framework`.
    pub safeguard: Localized,
    pub description: Localized,
    #[serde(default)]
    pub cookies: Vec<Cookie>,
}

/// One cookie, or a family of them when `name` ends in `*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cookie {
    pub name: String,
    pub purpose: Localized,
    pub duration: Duration,
    pub party: Party,
    /// The domain it is set on, when not the site's own, e.g. `.linkedin.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// Whose cookie it is, seen from the visitor's address bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    First,
    Third,
}

impl Party {
    pub fn parse(text: &str) -> Option<Party> {
        match text {
            "first" => Some(Party::First),
            "third" => Some(Party::Third),
            _ => None,
        }
    }
}

/// How long a cookie lives: `session`, or a count of a unit (`13 months`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    Session,
    Span(u32, Unit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Months,
    Years,
}

impl Duration {
    /// Reads `session`, `1 day`, `30 minutes`, `13 months`, `2 years`.
    pub fn parse(text: &str) -> Option<Duration> {
        if text == "session" {
            return Some(Duration::Session);
        }
        let (count, unit) = text.split_once(' ')?;
        let count = crate::time::parse_uint(count)?;
        if count == 0 || count > 10_000 {
            return None;
        }
        let unit = match unit.strip_suffix('s').unwrap_or(unit) {
            "minute" => Unit::Minutes,
            "hour" => Unit::Hours,
            "day" => Unit::Days,
            "month" => Unit::Months,
            "year" => Unit::Years,
            _ => return None,
        };
        Some(Duration::Span(count as u32, unit))
    }

    /// The canonical text form, which [`Duration::parse`] reads back.
    pub fn text(&self) -> String {
        let (count, unit) = match *self {
            Duration::Session => return String::from("session"),
            Duration::Span(count, unit) => (count, unit),
        };
        let mut out = String::new();
        crate::time::push_uint(&mut out, count as u64);
        out.push(' ');
        out.push_str(match unit {
            Unit::Minutes => "minute",
            Unit::Hours => "hour",
            Unit::Days => "day",
            Unit::Months => "month",
            Unit::Years => "year",
        });
        if count != 1 {
            out.push('s');
        }
        out
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(deserializer)?;
        Duration::parse(&text)
            .ok_or_else(|| de::Error::custom("expected `session` or a count and a unit, e.g. `13 months`"))
    }
}

/// A table of keys to values, in the order written: `{ en = "…", sv = "…" }`.
///
/// A short vector rather than a map: a handful of entries, and a `BTreeMap`
/// costs the wasm about 2.5 KB of code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<V>(pub Vec<(String, V)>);

/// A text in several languages.
pub type Localized = Table<String>;

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table(Vec::new())
    }
}

impl<V> Table<V> {
    pub fn entry(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, value)| value)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Localized {
    /// The text in `lang`, if given.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.entry(lang).map(String::as_str)
    }

    /// The text in `lang`, else in `fallback`, else the first one, else "".
    pub fn pick(&self, lang: &str, fallback: &str) -> &str {
        self.get(lang)
            .or_else(|| self.get(fallback))
            .or_else(|| self.0.first().map(|(_, text)| text.as_str()))
            .unwrap_or("")
    }
}

impl<V: Serialize> Serialize for Table<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Table<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Table<V>, D::Error> {
        struct Entries<V>(core::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = Table<V>;
            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("a table, e.g. `{ en = \"…\", sv = \"…\" }`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Table<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = access.next_entry::<String, V>()? {
                    entries.push(entry);
                }
                Ok(Table(entries))
            }
        }
        deserializer.deserialize_map(Entries(core::marker::PhantomData))
    }
}

impl Catalogue {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The language the banner is written in when nothing else fits.
    pub fn default_language(&self) -> &str {
        self.site.languages.first().map(String::as_str).unwrap_or("en")
    }

    /// The hash of what consent depends on (docs/contract.md, "The catalogue"): the category ids and each
    /// service with its category, in sorted order, the `purposes_version`
    /// and the controllers' names and registration numbers. Texts, names and cookies are
    /// left out, so editing them does not ask returning visitors again.
    pub fn revision(&self) -> String {
        let mut lines: Vec<String> = self
            .categories
            .iter()
            .map(|c| {
                let mut line = String::from("c:");
                line.push_str(&c.id);
                line
            })
            .chain(self.services.iter().map(|s| {
                let mut line = String::from("s:");
                line.push_str(&s.id);
                line.push('=');
                line.push_str(&s.category);
                line
            }))
            .collect();
        // Absent, it adds nothing: revisions from before it existed hold.
        if let Some(version) = &self.site.purposes_version {
            lines.push(["p:", version].concat());
        }
        // Who asks is part of what was agreed to: another controller (or
        // joint controller) asks again. Its contact may change freely.
        if let Some(controller) = &self.site.controller {
            lines.push(["k:", &controller.names()].concat());
        }
        lines.sort_unstable();
        crate::hash::hex32(crate::hash::fnv1a(lines.join("\n").as_bytes()))
    }
}

#[cfg(test)]
mod tests;

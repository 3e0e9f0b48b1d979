//! Reads a catalogue (or `kakor.set()`'s argument) from a parsed JSON-like
//! value, collecting every shape problem (a wrong type, a misspelt field, a
//! bad duration or `party`) with its key path instead of stopping at the
//! first, then adds the rules of [`crate::validate`], so one run names them all.
//!
//! One reader for every source: the browser's `JsValue` (the web shell),
//! serde_json's `Value` and TOML's parsed document (`source`, for build.rs and
//! `kakor check`) each implement [`Node`], so all three report the same
//! problems in the same words. Hand-written rather than serde: serde stops at
//! the first error, and serde-wasm-bindgen costs the wasm about 11.7 KB brotli.

use crate::catalogue::{
    Catalogue, Category, Controller, Cookie, Duration, Localized, Party, Position, Service, Site, Table, Theme,
};
use crate::consent::Choice;
use crate::consent_mode::ConsentMode;
use crate::diag::{index, join, Diagnostic};

/// A parsed value: a string, a boolean, a number, a list or an object.
pub trait Node: Sized {
    fn text(&self) -> Option<String>;
    fn flag(&self) -> Option<bool>;
    fn number(&self) -> Option<f64>;
    fn items(&self) -> Option<Vec<Self>>;
    /// An object's fields in the order the source gives them.
    fn entries(&self) -> Option<Vec<(String, Self)>>;
}

type Read<T> = Result<T, Vec<Diagnostic>>;

/// How the message for a field that should not be there begins; `source`
/// shows such a problem at the key rather than its value.
pub const UNKNOWN_FIELD: &str = "unknown field `";

/// Reads and validates a catalogue: every problem, shape and rule, or none.
pub fn catalogue<N: Node>(value: N) -> Read<Catalogue> {
    catalogue_with(value, |_| {})
}

/// As [`catalogue`], with `extend` adding to the catalogue between reading
/// and the rules: `source` merges included word lists there, so the rules
/// (every word of a language kakor does not ship) see them.
pub fn catalogue_with<N: Node>(value: N, extend: impl FnOnce(&mut Catalogue)) -> Read<Catalogue> {
    let mut r = Reader(Vec::new());
    let mut catalogue = r.catalogue(value);
    extend(&mut catalogue);
    let shape = r.0;
    let mut found = crate::validate(&catalogue);
    // A rule broken only because a value could not be read (and stands in
    // at its default) would say the same thing twice.
    found.retain(|rule| !shape.iter().any(|problem| within(&problem.path, &rule.path)));
    if shape.is_empty() && found.is_empty() {
        return Ok(catalogue);
    }
    let mut all = shape;
    all.append(&mut found);
    Err(all)
}

/// A word list a catalogue includes (`languages/fr.toml`): a `[texts]`
/// table and nothing else, its words among kakor's (the rest of the rules
/// apply once they are merged into the catalogue's `[texts]`). The
/// words that could be read come with the problems, so a typo in one word
/// is not also reported as every word of the list missing.
pub fn word_list<N: Node>(value: N) -> (Table<Localized>, Vec<Diagnostic>) {
    let mut r = Reader(Vec::new());
    let mut root = r.object(Slot::root(value), &["texts"]);
    let texts = root.get("texts");
    if texts.value.is_none() {
        r.missing(&texts, "a [texts] table");
    }
    let texts = r.texts(texts);
    for problem in r.0.iter_mut().filter(|problem| problem.message.starts_with(UNKNOWN_FIELD)) {
        problem.message.push_str(": an included file holds words only");
    }
    let mut words = Vec::with_capacity(texts.0.len());
    for (key, texts) in texts.0 {
        let path = join("texts", &key);
        if !crate::texts::KEYS.contains(&key.as_str()) {
            r.0.push(Diagnostic::new(
                path,
                ["kakor has no word `", &key, "`; the words are listed in docs/banner.md, \"Texts\""].concat(),
            ));
            continue;
        }
        words.push((key, texts));
    }
    (Table(words), r.0)
}

/// The argument of `kakor.set({categories?, services?})`: maps of id → bool.
pub fn choice<N: Node>(value: N) -> Read<Choice> {
    let mut r = Reader(Vec::new());
    let mut root = r.object(Slot::root(value), &["categories", "services"]);
    let categories = r.flags(root.get("categories"));
    let services = r.flags(root.get("services"));
    if r.0.is_empty() {
        Ok(Choice::Custom { categories, services })
    } else {
        Err(r.0)
    }
}

/// Whether `path` is `parent` or lies under it.
fn within(parent: &str, path: &str) -> bool {
    parent.is_empty() || path.strip_prefix(parent).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// A value where one is expected, and whether its absence is worth a
/// problem: not when its parent was no object (already reported).
struct Slot<N> {
    value: Option<N>,
    path: String,
    report: bool,
}

impl<N> Slot<N> {
    fn root(value: N) -> Slot<N> {
        Slot { value: Some(value), path: String::new(), report: true }
    }
}

/// An object's fields, taken out one by one.
struct Fields<N> {
    entries: Vec<(String, N)>,
    path: String,
    ok: bool,
}

impl<N> Fields<N> {
    fn get(&mut self, key: &str) -> Slot<N> {
        let at = self.entries.iter().position(|(k, _)| k == key);
        Slot { value: at.map(|i| self.entries.swap_remove(i).1), path: join(&self.path, key), report: self.ok }
    }
}

/// The problems found so far.
struct Reader(Vec<Diagnostic>);

impl Reader {
    fn catalogue<N: Node>(&mut self, value: N) -> Catalogue {
        let mut root = self
            .object(Slot::root(value), &["site", "categories", "services", "texts", "consent_mode", "texts_sha256"]);
        let mut site = self.object(
            root.get("site"),
            &[
                "name",
                "policy_url",
                "languages",
                "consent_days",
                "reject_days",
                "purposes_version",
                "controller",
                "endpoint",
                "cookie_domain",
                "reopen",
                "reload",
                "position",
                "theme",
            ],
        );
        Catalogue {
            site: Site {
                name: self.text(site.get("name")),
                policy_url: self.text(site.get("policy_url")),
                languages: self.languages(site.get("languages")),
                consent_days: self.days(site.get("consent_days")),
                reject_days: self.optional_days(site.get("reject_days")),
                purposes_version: self.optional_text(site.get("purposes_version")),
                controller: self.controller(site.get("controller")),
                endpoint: self.optional_text(site.get("endpoint")),
                cookie_domain: self.optional_text(site.get("cookie_domain")),
                reopen: self.flag(site.get("reopen"), true),
                reload: self.flag(site.get("reload"), true),
                position: self.keyword(site.get("position"), Position::parse, "`bar`, `box` or `modal`"),
                theme: self.keyword(site.get("theme"), Theme::parse, "`auto`, `light` or `dark`"),
            },
            categories: self.list(root.get("categories"), true, Reader::category),
            services: self.list(root.get("services"), false, Reader::service),
            texts: self.texts(root.get("texts")),
            consent_mode: self.consent_mode(root.get("consent_mode")),
            texts_sha256: self.texts_sha256(root.get("texts_sha256")),
        }
    }

    /// `{ name, registration?, contact, joint? = [{ name, registration?, contact }] }`.
    fn controller<N: Node>(&mut self, slot: Slot<N>) -> Option<Controller> {
        slot.value.as_ref()?;
        Some(self.entity(slot, true))
    }

    /// A controller, or (`top` false) a joint one, which has no `joint`.
    fn entity<N: Node>(&mut self, slot: Slot<N>, top: bool) -> Controller {
        const FIELDS: [&str; 4] = ["name", "registration", "contact", "joint"];
        let mut entry = self.object(slot, &FIELDS[..if top { 4 } else { 3 }]);
        Controller {
            name: self.text(entry.get("name")),
            registration: self.optional_text(entry.get("registration")),
            contact: self.text(entry.get("contact")),
            joint: if top { self.list(entry.get("joint"), false, |r, slot| r.entity(slot, false)) } else { Vec::new() },
        }
    }

    /// `{ "en": "<64 hex digits>" }`, absent when not computed.
    fn texts_sha256<N: Node>(&mut self, slot: Slot<N>) -> Table<String> {
        if slot.value.is_none() {
            return Table::default();
        }
        self.localized(slot)
    }

    fn category<N: Node>(&mut self, slot: Slot<N>) -> Category {
        let mut entry = self.object(slot, &["id", "title", "description"]);
        Category {
            id: self.text(entry.get("id")),
            title: self.localized(entry.get("title")),
            description: self.localized(entry.get("description")),
        }
    }

    fn service<N: Node>(&mut self, slot: Slot<N>) -> Service {
        const FIELDS: &[&str] = &[
            "id",
            "name",
            "category",
            "provider",
            "policy_url",
            "data_location",
            "safeguard",
            "description",
            "cookies",
        ];
        let mut entry = self.object(slot, FIELDS);
        Service {
            id: self.text(entry.get("id")),
            name: self.text(entry.get("name")),
            category: self.text(entry.get("category")),
            provider: self.text(entry.get("provider")),
            policy_url: self.text(entry.get("policy_url")),
            data_location: self.localized(entry.get("data_location")),
            safeguard: self.localized(entry.get("safeguard")),
            description: self.localized(entry.get("description")),
            cookies: self.list(entry.get("cookies"), false, Reader::cookie),
        }
    }

    fn cookie<N: Node>(&mut self, slot: Slot<N>) -> Cookie {
        let mut entry = self.object(slot, &["name", "purpose", "duration", "party", "domain"]);
        let name = self.text(entry.get("name"));
        let purpose = self.localized(entry.get("purpose"));
        let duration = entry.get("duration");
        let duration = self.parsed(duration, Duration::parse, "`session` or a count and a unit, e.g. `13 months`");
        let party = entry.get("party");
        Cookie {
            name,
            purpose,
            duration: duration.unwrap_or(Duration::Session),
            party: self.parsed(party, Party::parse, "`first` or `third`").unwrap_or(Party::First),
            domain: self.optional_text(entry.get("domain")),
        }
    }

    /// `{ "regions": […], "url_passthrough": false, "signals": { signal: category } }`.
    fn consent_mode<N: Node>(&mut self, slot: Slot<N>) -> Option<ConsentMode> {
        slot.value.as_ref()?;
        let mut mode = self.object(slot, &["regions", "url_passthrough", "signals"]);
        let regions = mode.get("regions");
        let regions = if regions.value.is_some() { self.languages(regions) } else { Vec::new() };
        let url_passthrough = self.flag(mode.get("url_passthrough"), false);
        let signals = mode.get("signals");
        let signals = if signals.value.is_some() { self.localized(signals) } else { Table::default() };
        Some(ConsentMode { regions, url_passthrough, signals })
    }

    /// `{ "accept_all": { "sv": "…" } }`: which words exist is for `validate`.
    fn texts<N: Node>(&mut self, slot: Slot<N>) -> Table<Localized> {
        if slot.value.is_none() {
            return Table::default();
        }
        let words = self.object(slot, &[]);
        let mut out = Vec::with_capacity(words.entries.len());
        for (key, value) in words.entries {
            let path = join(&words.path, &key);
            out.push((key, self.localized(Slot { value: Some(value), path, report: true })));
        }
        Table(out)
    }

    /// `{ "en": "…", "sv": "…" }`; an entry that is no string is reported
    /// and left out.
    fn localized<N: Node>(&mut self, slot: Slot<N>) -> Localized {
        let texts = self.object(slot, &[]);
        let mut out = Vec::with_capacity(texts.entries.len());
        for (lang, value) in texts.entries {
            match value.text() {
                Some(text) => out.push((lang, text)),
                None => self.expected(&join(&texts.path, &lang), "a string"),
            }
        }
        Table(out)
    }

    /// A list of strings; an item that is no string is reported and left out.
    fn languages<N: Node>(&mut self, slot: Slot<N>) -> Vec<String> {
        let items = self.list(slot, true, |r, item| {
            let text = item.value.as_ref().and_then(Node::text);
            if text.is_none() {
                r.expected(&item.path, "a string");
            }
            text
        });
        items.into_iter().flatten().collect()
    }

    fn flags<N: Node>(&mut self, slot: Slot<N>) -> Vec<(String, bool)> {
        if slot.value.is_none() {
            return Vec::new();
        }
        let table = self.object(slot, &[]);
        let mut out = Vec::with_capacity(table.entries.len());
        for (id, value) in table.entries {
            match value.flag() {
                Some(flag) => out.push((id, flag)),
                None => self.expected(&join(&table.path, &id), "`true` or `false`"),
            }
        }
        out
    }

    /// The value as an object whose keys are all in `allowed` (an empty
    /// `allowed` takes any key), so a misspelt field is an error, not ignored.
    fn object<N: Node>(&mut self, slot: Slot<N>, allowed: &[&str]) -> Fields<N> {
        let entries = match &slot.value {
            Some(value) => value.entries(),
            None => {
                self.missing(&slot, "an object");
                None
            }
        };
        if entries.is_none() && slot.value.is_some() {
            self.expected(&slot.path, "an object");
        }
        let ok = entries.is_some();
        let entries = entries.unwrap_or_default();
        if !allowed.is_empty() {
            for (key, _) in &entries {
                if !allowed.contains(&key.as_str()) {
                    self.0.push(Diagnostic::new(
                        join(&slot.path, key),
                        [UNKNOWN_FIELD, key, "`; expected one of `", &allowed.join("`, `"), "`"].concat(),
                    ));
                }
            }
        }
        Fields { entries, path: slot.path, ok }
    }

    /// A list, each item read by `item`; a missing optional list is empty.
    fn list<N: Node, T>(&mut self, slot: Slot<N>, required: bool, item: fn(&mut Reader, Slot<N>) -> T) -> Vec<T> {
        let Some(value) = &slot.value else {
            if required {
                self.missing(&slot, "a list");
            }
            return Vec::new();
        };
        let Some(values) = value.items() else {
            self.expected(&slot.path, "a list");
            return Vec::new();
        };
        // A plain loop: `iter().map().collect()` cost the wasm about 410 B of
        // code for each kind of list when measured.
        let mut items = Vec::with_capacity(values.len());
        for (i, value) in values.into_iter().enumerate() {
            items.push(item(self, Slot { value: Some(value), path: index(&slot.path, i), report: true }));
        }
        items
    }

    fn text<N: Node>(&mut self, slot: Slot<N>) -> String {
        match &slot.value {
            None => self.missing(&slot, "a string"),
            Some(value) => match value.text() {
                Some(text) => return text,
                None => self.expected(&slot.path, "a string"),
            },
        }
        String::new()
    }

    fn optional_text<N: Node>(&mut self, slot: Slot<N>) -> Option<String> {
        slot.value.as_ref()?;
        Some(self.text(slot))
    }

    /// A string `parse` reads; `None` (reported) when absent or unreadable.
    fn parsed<N: Node, T>(&mut self, slot: Slot<N>, parse: fn(&str) -> Option<T>, allowed: &str) -> Option<T> {
        let text = match &slot.value {
            None => {
                self.missing(&slot, "a string");
                return None;
            }
            Some(value) => value.text(),
        };
        let value = text.as_deref().and_then(parse);
        if value.is_none() {
            self.expected(&slot.path, if text.is_some() { allowed } else { "a string" });
        }
        value
    }

    /// An optional keyword field, its default when absent or unreadable.
    fn keyword<N: Node, T: Default>(&mut self, slot: Slot<N>, parse: fn(&str) -> Option<T>, allowed: &str) -> T {
        if slot.value.is_none() {
            return T::default();
        }
        self.parsed(slot, parse, allowed).unwrap_or_default()
    }

    fn flag<N: Node>(&mut self, slot: Slot<N>, default: bool) -> bool {
        let Some(value) = &slot.value else { return default };
        value.flag().unwrap_or_else(|| {
            self.expected(&slot.path, "`true` or `false`");
            default
        })
    }

    /// `site.consent_days`: a whole number; its range is for `validate`.
    fn days<N: Node>(&mut self, slot: Slot<N>) -> u32 {
        let Some(value) = &slot.value else { return 365 };
        match value.number().filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 1e6) {
            Some(days) => days as u32,
            None => {
                self.expected(&slot.path, "a whole number of days");
                365
            }
        }
    }

    fn optional_days<N: Node>(&mut self, slot: Slot<N>) -> Option<u32> {
        slot.value.as_ref()?;
        Some(self.days(slot))
    }

    fn missing<N>(&mut self, slot: &Slot<N>, what: &str) {
        if slot.report {
            self.0.push(Diagnostic::new(slot.path.as_str(), ["missing; expected ", what].concat()));
        }
    }

    fn expected(&mut self, path: &str, what: &str) {
        self.0.push(Diagnostic::new(path, ["expected ", what].concat()));
    }
}

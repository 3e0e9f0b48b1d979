//! The banner's own words, per language, and which language it speaks.
//!
//! Site-specific texts (category titles, service descriptions) come from the
//! catalogue; these are the words kakor itself says. Each language is one
//! array indexed by [`Word`], so a lookup is an index and every language has
//! every word (the compiler checks the length). A site owner can override any
//! word per language in the catalogue's `[texts]` table, and can make the
//! banner speak a language kakor does not ship by giving every word in it
//! there (the word lists in `languages/` do that for several languages).

mod bundle;
#[cfg(feature = "da")]
mod da;
#[cfg(feature = "de")]
mod de;
mod en;
#[cfg(feature = "fi")]
mod fi;
#[cfg(feature = "nb")]
mod nb;
#[cfg(feature = "sv")]
mod sv;

pub use bundle::{bundle, FORMAT as BUNDLE_FORMAT};

use crate::catalogue::{Catalogue, Duration, Unit};

/// Every word kakor says, in the order of the language arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Title,
    Intro,
    PolicyLink,
    AcceptAll,
    RejectAll,
    Preferences,
    PreferencesTitle,
    PreferencesIntro,
    Save,
    Close,
    AlwaysOn,
    Services,
    Provider,
    DataLocation,
    Safeguard,
    ServicePolicy,
    Cookie,
    Purpose,
    Duration,
    Party,
    FirstParty,
    ThirdParty,
    Session,
    Reopen,
    Saved,
    GpcNote,
    ConsentId,
    Given,
    ValidUntil,
    Download,
    Blocked,
    Allow,
    Minute,
    Minutes,
    Hour,
    Hours,
    Day,
    Days,
    Month,
    Months,
    Year,
    Years,
    Controller,
    OwnStorage,
}

/// Every word, in order.
pub(crate) const ALL: [Word; WORDS] = [
    Word::Title,
    Word::Intro,
    Word::PolicyLink,
    Word::AcceptAll,
    Word::RejectAll,
    Word::Preferences,
    Word::PreferencesTitle,
    Word::PreferencesIntro,
    Word::Save,
    Word::Close,
    Word::AlwaysOn,
    Word::Services,
    Word::Provider,
    Word::DataLocation,
    Word::Safeguard,
    Word::ServicePolicy,
    Word::Cookie,
    Word::Purpose,
    Word::Duration,
    Word::Party,
    Word::FirstParty,
    Word::ThirdParty,
    Word::Session,
    Word::Reopen,
    Word::Saved,
    Word::GpcNote,
    Word::ConsentId,
    Word::Given,
    Word::ValidUntil,
    Word::Download,
    Word::Blocked,
    Word::Allow,
    Word::Minute,
    Word::Minutes,
    Word::Hour,
    Word::Hours,
    Word::Day,
    Word::Days,
    Word::Month,
    Word::Months,
    Word::Year,
    Word::Years,
    Word::Controller,
    Word::OwnStorage,
];

/// How many words there are.
pub const WORDS: usize = Word::OwnStorage as usize + 1;

/// The names of the words in the catalogue's `[texts]` table, by [`Word`].
pub const KEYS: [&str; WORDS] = [
    "title",
    "intro",
    "policy_link",
    "accept_all",
    "reject_all",
    "preferences",
    "preferences_title",
    "preferences_intro",
    "save",
    "close",
    "always_on",
    "services",
    "provider",
    "data_location",
    "safeguard",
    "service_policy",
    "cookie",
    "purpose",
    "duration",
    "party",
    "first_party",
    "third_party",
    "session",
    "reopen",
    "saved",
    "gpc_note",
    "consent_id",
    "given",
    "valid_until",
    "download",
    "blocked",
    "allow",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "month",
    "months",
    "year",
    "years",
    "controller",
    "own_storage",
];

/// The languages kakor speaks: English, and those its features include.
pub const LANGUAGES: &[&str] = &[
    "en",
    #[cfg(feature = "sv")]
    "sv",
    #[cfg(feature = "nb")]
    "nb",
    #[cfg(feature = "da")]
    "da",
    #[cfg(feature = "fi")]
    "fi",
    #[cfg(feature = "de")]
    "de",
];

/// kakor's own words in `lang`, one of [`LANGUAGES`]; English otherwise
/// (validation lets a catalogue speak another language only when its
/// `[texts]` gives every word in it, see [`missing`], so these are not shown).
pub fn builtin(lang: &str) -> &'static [&'static str; WORDS] {
    match lang {
        #[cfg(feature = "sv")]
        "sv" => &sv::SV,
        #[cfg(feature = "nb")]
        "nb" => &nb::NB,
        #[cfg(feature = "da")]
        "da" => &da::DA,
        #[cfg(feature = "fi")]
        "fi" => &fi::FI,
        #[cfg(feature = "de")]
        "de" => &de::DE,
        _ => &en::EN,
    }
}

/// How [`missing`]'s message begins.
pub const MISSING: &str = "kakor has no words of its own in `";

/// What is missing for the banner to speak `lang`: nothing for a language
/// this build ships; else every word the catalogue's `[texts]` does not give
/// in `lang`, all in one message, each with its English text as a hint, so
/// an owner writing a language kakor does not ship sees the whole list at
/// once. `None` when nothing is missing.
pub fn missing(catalogue: &Catalogue, lang: &str) -> Option<String> {
    if LANGUAGES.contains(&lang) {
        return None;
    }
    let given = |key: &str| catalogue.texts.entry(key).is_some_and(|texts| texts.get(lang).is_some());
    let mut list = String::new();
    let mut count = 0;
    for (i, key) in KEYS.iter().enumerate() {
        if !given(key) {
            count += 1;
            list.push_str("\n  ");
            list.push_str(key);
            list.push_str(": \"");
            list.push_str(en::EN[i]);
            list.push('"');
        }
    }
    if count == 0 {
        return None;
    }
    let mut message = String::from(MISSING);
    message.push_str(lang);
    message.push_str("` (this build has `");
    message.push_str(&LANGUAGES.join("`, `"));
    message.push_str("`), so [texts] must give every word in it, or include a word list such as languages/");
    message.push_str(lang);
    message.push_str(".toml; ");
    crate::time::push_uint(&mut message, count as u64);
    message.push_str(" missing (English as a hint):");
    message.push_str(&list);
    Some(message)
}

/// The words of one banner: kakor's own in `lang`, with the site owner's
/// overrides from the catalogue's `[texts]` table.
pub struct Words<'a> {
    lang: &'a str,
    builtin: &'static [&'static str; WORDS],
    catalogue: &'a Catalogue,
}

impl<'a> Words<'a> {
    pub fn new(catalogue: &'a Catalogue, lang: &'a str) -> Words<'a> {
        Words { lang, builtin: builtin(lang), catalogue }
    }

    pub fn language(&self) -> &'a str {
        self.lang
    }

    pub fn catalogue(&self) -> &'a Catalogue {
        self.catalogue
    }

    /// The word, as the site owner overrode it or as kakor says it.
    pub fn get(&self, word: Word) -> &'a str {
        let key = KEYS[word as usize];
        self.catalogue
            .texts
            .0
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, texts)| texts.get(self.lang))
            .unwrap_or(self.builtin[word as usize])
    }

    /// The word with `{site}` replaced by the site's name.
    pub fn about_site(&self, word: Word) -> String {
        fill(self.get(word), &[("site", &self.catalogue.site.name)])
    }

    /// The first layer's text. It names the purposes asked for (the titles
    /// of every category but necessary, as the EDPB's cookie banner
    /// taskforce expects on the first layer) and the control under which
    /// consent is withdrawn; an owner's intro may also name `{controller}`
    /// (the controllers' legal names, else the site's name).
    pub fn intro(&self) -> String {
        let catalogue = self.catalogue;
        // A loop, not `Vec::join`: less code in the wasm.
        let mut purposes = String::new();
        for category in catalogue.categories.iter().filter(|category| category.id != crate::catalogue::NECESSARY) {
            if !purposes.is_empty() {
                purposes.push_str(", ");
            }
            purposes.push_str(category.title.pick(self.lang, catalogue.default_language()));
        }
        fill(
            self.get(Word::Intro),
            &[
                ("site", &catalogue.site.name),
                ("purposes", &purposes),
                ("settings", self.get(Word::Reopen)),
                ("controller", &self.controller_names()),
            ],
        )
    }

    /// The first layer's line naming the data controller and any joint
    /// controllers (`Data controller: Infobric AB (556581-4180).`), when the
    /// catalogue names one (`site.controller`).
    pub fn controller(&self) -> Option<String> {
        self.catalogue.site.controller.as_ref()?;
        Some(fill(self.get(Word::Controller), &[("controller", &self.controller_names())]))
    }

    fn controller_names(&self) -> String {
        self.catalogue.site.controller.as_ref().map_or_else(|| self.catalogue.site.name.clone(), |c| c.names())
    }

    /// A cookie's lifetime in words: `13 months`, `13 månader`.
    pub fn duration(&self, duration: Duration) -> String {
        let (count, unit) = match duration {
            Duration::Session => return self.get(Word::Session).to_string(),
            Duration::Span(count, unit) => (count, unit),
        };
        let (one, many) = match unit {
            Unit::Minutes => (Word::Minute, Word::Minutes),
            Unit::Hours => (Word::Hour, Word::Hours),
            Unit::Days => (Word::Day, Word::Days),
            Unit::Months => (Word::Month, Word::Months),
            Unit::Years => (Word::Year, Word::Years),
        };
        let mut number = String::new();
        crate::time::push_uint(&mut number, count as u64);
        fill(self.get(if count == 1 { one } else { many }), &[("n", &number)])
    }
}

/// `template` with each `{name}` of `values` put in; other braces stay.
/// Scans for `{` instead of calling `str::replace`, whose substring search
/// cost the download 511 B brotli (measured). One pass, so a value that
/// itself holds a placeholder (a site named `{n}`) is left as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let found = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(key, _)| *key == name).map(|(_, value)| (close, *value))
        });
        match found {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first of `wanted` (in this order: the tag's `data-lang`,
/// `<html lang>`, `navigator.languages`) that the catalogue offers, matched
/// on the primary subtag (`sv-SE` → `sv`); else the catalogue's first language.
pub fn choose_language<'a>(catalogue: &'a Catalogue, wanted: &[String]) -> &'a str {
    wanted
        .iter()
        .find_map(|tag| {
            let primary = tag.split('-').next().unwrap_or("");
            catalogue
                .site
                .languages
                .iter()
                .find(|offered| offered.eq_ignore_ascii_case(tag) || offered.eq_ignore_ascii_case(primary))
        })
        .map(String::as_str)
        .unwrap_or_else(|| catalogue.default_language())
}

#[cfg(test)]
mod tests;

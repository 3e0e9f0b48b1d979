//! The cookie declaration for a privacy policy page, from the catalogue the
//! banner uses, so the two never drift apart: `kakor declaration` prints it,
//! and the banner fills a page's `<div data-kakor-declaration>` with the
//! same markup ([`html`]).
//!
//! [`build`] resolves every text of one language into a [`Declaration`]; the
//! renderers only lay it out and escape it. No `format!` here: this is
//! carried in the visitor's download.

pub mod html;
mod terms;

use crate::catalogue::{Catalogue, Duration, Party, Service, Unit, NECESSARY};
use crate::own::{self, Kind, Lifetime, Own, Purpose, COOKIE};
use crate::texts::{fill, Word, Words};
pub use terms::{terms, Terms};

/// A declaration with every text in one language, ready to lay out.
#[derive(Debug)]
pub struct Declaration {
    pub lang: String,
    pub title: String,
    /// Paragraphs: cookies and storage, the categories, lifetimes and parties.
    pub intro: Vec<String>,
    pub labels: Labels,
    pub categories: Vec<Section>,
}

/// The headings of a service's facts and of the cookie table's columns.
#[derive(Debug)]
pub struct Labels {
    pub provider: String,
    pub data_location: String,
    pub safeguard: String,
    pub cookie: String,
    pub purpose: String,
    pub duration: String,
    pub party: String,
    pub kind: String,
}

/// One category and its services, in catalogue order.
#[derive(Debug)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub description: String,
    pub services: Vec<Entry>,
}

/// One service: its facts and the cookies it sets.
#[derive(Debug)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub description: String,
    pub provider: String,
    pub data_location: String,
    pub safeguard: String,
    pub policy_url: String,
    pub policy_label: String,
    /// The cookie table's caption.
    pub caption: String,
    /// Said instead of the table when `rows` is empty.
    pub no_cookies: String,
    pub rows: Vec<Row>,
}

impl Entry {
    /// The service's facts under their labels, in the order both formats
    /// list them.
    pub fn facts<'a>(&'a self, labels: &'a Labels) -> [(&'a str, &'a str); 3] {
        [
            (&labels.provider, &self.provider),
            (&labels.data_location, &self.data_location),
            (&labels.safeguard, &self.safeguard),
        ]
    }
}

/// One cookie or local-storage key.
#[derive(Debug)]
pub struct Row {
    pub name: String,
    pub purpose: String,
    pub duration: String,
    /// This site or a third party, with the domain when one is declared.
    pub party: String,
    /// Session cookie, persistent cookie or local storage.
    pub kind: String,
}

/// The declaration of `catalogue` (already validated) in `lang`, one of its
/// languages. Check [`own_outside_necessary`] first: kakor's own names
/// declared outside necessary would be listed twice, and contradict.
pub fn build(catalogue: &Catalogue, lang: &str) -> Declaration {
    Writer { catalogue, lang, words: Words::new(catalogue, lang), terms: terms(lang) }.declaration()
}

/// The first of kakor's own names declared outside the necessary category,
/// as (service index, cookie index, name).
pub fn own_outside_necessary(catalogue: &Catalogue) -> Option<(usize, usize, &str)> {
    catalogue.services.iter().enumerate().filter(|(_, service)| service.category != NECESSARY).find_map(
        |(i, service)| {
            let (j, cookie) = service.cookies.iter().enumerate().find(|(_, c)| own::is_own(&c.name))?;
            Some((i, j, cookie.name.as_str()))
        },
    )
}

struct Writer<'a> {
    catalogue: &'a Catalogue,
    lang: &'a str,
    words: Words<'a>,
    terms: &'static Terms,
}

impl Writer<'_> {
    fn declaration(&self) -> Declaration {
        let words = &self.words;
        let site = self.site();
        // A loop, not `Vec::join`: less code in the wasm.
        let mut categories = String::new();
        for category in &self.catalogue.categories {
            if !categories.is_empty() {
                categories.push_str(", ");
            }
            categories.push_str(self.pick(&category.title));
        }
        let mut intro = Vec::new();
        intro.extend(self.controllers());
        intro.extend([
            fill(self.terms.cookies_intro, &[("site", site)]),
            fill(self.terms.categories_intro, &[("categories", &categories), ("settings", words.get(Word::Reopen))]),
            self.terms.lifetimes_intro.to_string(),
        ]);
        let labels = Labels {
            provider: words.get(Word::Provider).to_string(),
            data_location: words.get(Word::DataLocation).to_string(),
            safeguard: words.get(Word::Safeguard).to_string(),
            cookie: words.get(Word::Cookie).to_string(),
            purpose: words.get(Word::Purpose).to_string(),
            duration: words.get(Word::Duration).to_string(),
            party: words.get(Word::Party).to_string(),
            kind: self.terms.kind.to_string(),
        };
        let categories = self
            .catalogue
            .categories
            .iter()
            .map(|category| Section {
                id: category.id.clone(),
                title: self.pick(&category.title).to_string(),
                description: self.pick(&category.description).to_string(),
                services: self.services(&category.id),
            })
            .collect();
        Declaration { lang: self.lang.to_string(), title: self.terms.title.to_string(), intro, labels, categories }
    }

    /// The category's services in catalogue order. kakor's own rows join the
    /// necessary service that declares the `kakor` cookie (or another of
    /// kakor's names); without one, kakor is listed as a service of its own,
    /// first.
    fn services(&self, category: &str) -> Vec<Entry> {
        let services = self.catalogue.services.iter().filter(|s| s.category == category);
        let mut entries: Vec<Entry> = services.clone().map(|service| self.service(service)).collect();
        if category != NECESSARY {
            return entries;
        }
        let declared = |name: &str| services.clone().any(|s| s.cookies.iter().any(|c| c.name == name));
        let missing = self.own_rows().into_iter().filter(|(name, _)| !declared(name)).map(|(_, row)| row);
        let host = services.clone().position(|s| s.cookies.iter().any(|c| own::is_own(&c.name)));
        match host {
            Some(index) => entries[index].rows.extend(missing),
            None => {
                let mut kakor = self.kakor_entry();
                kakor.rows.extend(missing);
                entries.insert(0, kakor);
            }
        }
        entries
    }

    fn service(&self, service: &Service) -> Entry {
        let rows = service
            .cookies
            .iter()
            .map(|cookie| {
                let purpose = self.pick(&cookie.purpose).to_string();
                if let Some((_, mut own)) = self.own_rows().into_iter().find(|(name, _)| *name == cookie.name) {
                    // The owner's purpose, kakor's real lifetime.
                    own.purpose = purpose;
                    return own;
                }
                let word = if cookie.party == Party::First { Word::FirstParty } else { Word::ThirdParty };
                let party = match &cookie.domain {
                    None => self.words.get(word).to_string(),
                    Some(domain) => [self.words.get(word), " (", domain, ")"].concat(),
                };
                Row {
                    name: cookie.name.clone(),
                    purpose,
                    duration: self.words.duration(cookie.duration),
                    party,
                    kind: self.kind(cookie.duration).to_string(),
                }
            })
            .collect();
        Entry {
            id: service.id.clone(),
            name: service.name.clone(),
            description: self.pick(&service.description).to_string(),
            provider: service.provider.clone(),
            data_location: self.pick(&service.data_location).to_string(),
            safeguard: self.pick(&service.safeguard).to_string(),
            policy_url: service.policy_url.clone(),
            policy_label: self.policy_label(service),
            caption: fill(self.terms.caption, &[("name", &service.name)]),
            no_cookies: fill(self.terms.no_cookies, &[("name", &service.name)]),
            rows,
        }
    }

    /// kakor itself, for a catalogue that does not describe it.
    fn kakor_entry(&self) -> Entry {
        let site = self.site();
        let location = match self.catalogue.site.endpoint {
            Some(_) => fill(self.terms.kakor_location_endpoint, &[("site", site)]),
            None => self.terms.kakor_location.to_string(),
        };
        Entry {
            id: COOKIE.to_string(),
            name: COOKIE.to_string(),
            description: fill(self.terms.kakor_description, &[("site", site)]),
            provider: site.to_string(),
            data_location: location,
            safeguard: self.terms.kakor_safeguard.to_string(),
            policy_url: self.catalogue.site.policy_url.clone(),
            policy_label: self.words.get(Word::PolicyLink).to_string(),
            caption: fill(self.terms.caption, &[("name", COOKIE)]),
            no_cookies: String::new(),
            rows: Vec::new(),
        }
    }

    /// kakor's cookie and storage keys with their real lifetimes
    /// ([`own::storage`]): the cookie lives as long as the decision; the
    /// proof history and the outbox stay until deleted; the decision key is
    /// removed as soon as it is written.
    fn own_rows(&self) -> Vec<(&'static str, Row)> {
        let terms = self.terms;
        let days = |n| self.words.duration(Duration::Span(n, Unit::Days));
        own::storage(self.catalogue)
            .into_iter()
            .map(|Own { name, kind, purpose, lifetime }| {
                let purpose = match purpose {
                    Purpose::Decision => terms.kakor_cookie_purpose.to_string(),
                    Purpose::History => terms.proofs_purpose.to_string(),
                    Purpose::Outbox => fill(terms.outbox_purpose, &[("site", self.site())]),
                    Purpose::Announce => terms.decision_purpose.to_string(),
                };
                let duration = match lifetime {
                    Lifetime::Decision { consent, refusal } if consent == refusal => days(consent),
                    Lifetime::Decision { consent, refusal } => fill(
                        terms.refusal_duration,
                        &[
                            ("consent", &days(consent)),
                            ("refusal", &days(refusal)),
                            ("reject", self.words.get(Word::RejectAll)),
                        ],
                    ),
                    Lifetime::UntilDeleted => terms.until_deleted.to_string(),
                    Lifetime::RemovedAtOnce => terms.removed_at_once.to_string(),
                };
                let kind = match kind {
                    Kind::Cookie => terms.persistent_cookie,
                    Kind::LocalStorage => terms.local_storage,
                };
                let party = self.words.get(Word::FirstParty).to_string();
                (name, Row { name: name.to_string(), purpose, duration, party, kind: kind.to_string() })
            })
            .collect()
    }

    /// The controller and any joint controllers, each with its registration
    /// number and contact, on the line the banner uses to name them.
    fn controllers(&self) -> Option<String> {
        let controller = self.catalogue.site.controller.as_ref()?;
        let mut all = String::new();
        for one in controller.all() {
            if !all.is_empty() {
                all.push_str("; ");
            }
            all.push_str(&one.name);
            all.push_str(" (");
            if let Some(registration) = &one.registration {
                all.push_str(registration);
                all.push_str(", ");
            }
            all.push_str(&one.contact);
            all.push(')');
        }
        Some(fill(self.words.get(Word::Controller), &[("controller", &all)]))
    }

    /// "Privacy policy of X", or just "Privacy policy" when the service
    /// links to the site's own, which X did not write.
    fn policy_label(&self, service: &Service) -> String {
        if service.policy_url == self.catalogue.site.policy_url {
            return self.words.get(Word::PolicyLink).to_string();
        }
        fill(self.words.get(Word::ServicePolicy), &[("name", &service.name)])
    }

    fn kind(&self, duration: Duration) -> &'static str {
        match duration {
            Duration::Session => self.terms.session_cookie,
            Duration::Span(..) => self.terms.persistent_cookie,
        }
    }

    fn site(&self) -> &str {
        &self.catalogue.site.name
    }

    fn pick<'t>(&self, text: &'t crate::Localized) -> &'t str {
        text.pick(self.lang, self.catalogue.default_language())
    }
}

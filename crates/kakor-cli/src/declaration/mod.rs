//! `kakor declaration`: the cookie declaration for a privacy policy page,
//! from the catalogue the banner uses, so the two never drift apart.
//!
//! [`build`] resolves every text of one language into a [`Declaration`]; the
//! renderers ([`html`], [`markdown`]) only lay it out and escape it, each
//! with its one escaping function.

pub mod html;
pub mod markdown;
mod terms;

use kakor_core::catalogue::{Catalogue, Duration, Party, Service, Unit, NECESSARY};
use kakor_core::own::{self, Kind, Lifetime, Own, Purpose, COOKIE};
use kakor_core::texts::{fill, Word, Words};
use terms::{terms, Terms};

/// The two forms a declaration is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Html,
    Markdown,
}

/// Why a declaration cannot be written for a valid catalogue.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the catalogue is not written in `{wanted}`; --lang takes one of its languages: {offered}")]
    Language { wanted: String, offered: String },
    #[error(
        "{path}: `{name}` is kakor's own and strictly necessary; declare it under a service of the `necessary` category, or leave it out and the declaration lists it"
    )]
    OwnOutsideNecessary { path: String, name: String },
}

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

/// The declaration of `catalogue` (already validated) in `lang`.
pub fn build(catalogue: &Catalogue, lang: &str) -> Result<Declaration, Error> {
    let languages = &catalogue.site.languages;
    if !languages.iter().any(|l| l == lang) {
        return Err(Error::Language { wanted: lang.to_string(), offered: languages.join(", ") });
    }
    own_only_under_necessary(catalogue)?;
    let writer = Writer { catalogue, lang, words: Words::new(catalogue, lang), terms: terms(lang) };
    Ok(writer.declaration())
}

/// Builds and renders in one step, what the command does.
pub fn render(catalogue: &Catalogue, lang: &str, format: Format) -> Result<String, Error> {
    let declaration = build(catalogue, lang)?;
    Ok(match format {
        Format::Html => html::render(&declaration),
        Format::Markdown => markdown::render(&declaration),
    })
}

/// kakor's own names are listed under necessary, with their real lifetimes;
/// declared in another category they would be listed twice and contradict.
fn own_only_under_necessary(catalogue: &Catalogue) -> Result<(), Error> {
    for (i, service) in catalogue.services.iter().enumerate() {
        if service.category == NECESSARY {
            continue;
        }
        if let Some((j, cookie)) = service.cookies.iter().enumerate().find(|(_, c)| own::is_own(&c.name)) {
            return Err(Error::OwnOutsideNecessary {
                path: format!("services[{i}].cookies[{j}].name"),
                name: cookie.name.clone(),
            });
        }
    }
    Ok(())
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
        let categories: Vec<&str> = self.catalogue.categories.iter().map(|c| self.pick(&c.title)).collect();
        let mut intro = vec![
            fill(self.terms.cookies_intro, &[("site", site)]),
            fill(
                self.terms.categories_intro,
                &[("categories", &categories.join(", ")), ("settings", words.get(Word::Reopen))],
            ),
            self.terms.lifetimes_intro.to_string(),
        ];
        if let Some(controller) = self.controllers() {
            intro.insert(0, controller);
        }
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
                let party = match (cookie.party, &cookie.domain) {
                    (Party::First, None) => self.words.get(Word::FirstParty).to_string(),
                    (Party::Third, None) => self.words.get(Word::ThirdParty).to_string(),
                    (party, Some(domain)) => {
                        let word = if party == Party::First { Word::FirstParty } else { Word::ThirdParty };
                        format!("{} ({domain})", self.words.get(word))
                    }
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
                    Lifetime::Decision { consent, refusal } => {
                        let days = |n| self.words.duration(Duration::Span(n, Unit::Days));
                        match consent == refusal {
                            true => days(consent),
                            false => fill(
                                terms.refusal_duration,
                                &[
                                    ("consent", &days(consent)),
                                    ("refusal", &days(refusal)),
                                    ("reject", self.words.get(Word::RejectAll)),
                                ],
                            ),
                        }
                    }
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
    /// number and contact, on the banner's line that names them.
    fn controllers(&self) -> Option<String> {
        let controller = self.catalogue.site.controller.as_ref()?;
        let describe = |name: &str, registration: &Option<String>, contact: &str| match registration {
            Some(registration) => format!("{name} ({registration}, {contact})"),
            None => format!("{name} ({contact})"),
        };
        let mut all = vec![describe(&controller.name, &controller.registration, &controller.contact)];
        all.extend(controller.joint.iter().map(|j| describe(&j.name, &j.registration, &j.contact)));
        Some(fill(self.words.get(Word::Controller), &[("controller", &all.join("; "))]))
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

    fn pick<'t>(&self, text: &'t kakor_core::Localized) -> &'t str {
        text.pick(self.lang, self.catalogue.default_language())
    }
}

#[cfg(test)]
mod tests;

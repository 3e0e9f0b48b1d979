//! What kakor itself stores in the visitor's browser, all of it strictly
//! necessary: the `kakor` cookie and its local-storage keys, each with its
//! real lifetime. The cookie declaration lists them under necessary, and so
//! may the preferences layer, from this one list.

use crate::catalogue::Catalogue;

/// The cookie that holds the current decision (`crate::record`).
pub const COOKIE: &str = crate::record::COOKIE;
/// The proof history, the latest [`HISTORY_LENGTH`] proofs.
pub const PROOFS: &str = "kakor.proofs";
/// Proofs not yet delivered to the endpoint.
pub const OUTBOX: &str = "kakor.outbox";
/// The other tabs' news of a decision: set and removed at once.
pub const DECISION: &str = "kakor.decision";
/// How many proofs the history keeps, newest last.
pub const HISTORY_LENGTH: u32 = 50;

/// Where a name is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cookie,
    LocalStorage,
}

/// What a name is for; the words for it are the caller's (the declaration's
/// terms, natively), so the banner carries none it does not show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Remembers the visitor's choice, so they are asked only once.
    Decision,
    /// Keeps the latest choices, for the visitor to download as proof.
    History,
    /// Holds proofs until the endpoint has them.
    Outbox,
    /// Tells the site's other open tabs of a new choice.
    Announce,
}

/// How long a name stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// As long as the decision holds: `consent` days, or `refusal` days when
    /// nothing beyond necessary was granted (`site.reject_days`).
    Decision { consent: u32, refusal: u32 },
    /// Until the visitor deletes it (local storage does not expire).
    UntilDeleted,
    /// Removed as soon as it is written.
    RemovedAtOnce,
}

/// One name kakor stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Own {
    pub name: &'static str,
    pub kind: Kind,
    pub purpose: Purpose,
    pub lifetime: Lifetime,
}

/// Every name kakor stores on a site with `catalogue`, in the order it
/// writes them: the outbox only when proofs go to an endpoint.
pub fn storage(catalogue: &Catalogue) -> Vec<Own> {
    let site = &catalogue.site;
    let decision =
        Lifetime::Decision { consent: site.consent_days, refusal: site.reject_days.unwrap_or(site.consent_days) };
    let mut out = vec![
        Own { name: COOKIE, kind: Kind::Cookie, purpose: Purpose::Decision, lifetime: decision },
        Own { name: PROOFS, kind: Kind::LocalStorage, purpose: Purpose::History, lifetime: Lifetime::UntilDeleted },
    ];
    if site.endpoint.is_some() {
        out.push(Own {
            name: OUTBOX,
            kind: Kind::LocalStorage,
            purpose: Purpose::Outbox,
            lifetime: Lifetime::UntilDeleted,
        });
    }
    out.push(Own {
        name: DECISION,
        kind: Kind::LocalStorage,
        purpose: Purpose::Announce,
        lifetime: Lifetime::RemovedAtOnce,
    });
    out
}

/// Whether `name` is one kakor stores (on any site).
pub fn is_own(name: &str) -> bool {
    [COOKIE, PROOFS, OUTBOX, DECISION].contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_cookie_and_the_keys_with_their_lifetimes() {
        let mut catalogue = crate::fixture();
        catalogue.site.endpoint = None;
        catalogue.site.consent_days = 365;
        catalogue.site.reject_days = Some(180);
        let names: Vec<&str> = storage(&catalogue).iter().map(|own| own.name).collect();
        assert_eq!(names, ["kakor", "kakor.proofs", "kakor.decision"]);
        assert_eq!(storage(&catalogue)[0].lifetime, Lifetime::Decision { consent: 365, refusal: 180 });
        assert_eq!(storage(&catalogue)[0].kind, Kind::Cookie);
        catalogue.site.endpoint = Some("/consent/proofs".into());
        catalogue.site.reject_days = None;
        let all = storage(&catalogue);
        assert_eq!(
            all.iter().map(|own| own.name).collect::<Vec<_>>(),
            ["kakor", "kakor.proofs", "kakor.outbox", "kakor.decision"]
        );
        assert_eq!(all[0].lifetime, Lifetime::Decision { consent: 365, refusal: 365 });
        assert!(all.iter().all(|own| is_own(own.name)));
        assert!(!is_own("kakor.other"));
    }
}

//! The parts of the banner's steps that need no browser: what a tab does
//! about a decision another tab stored, and when a change of consent must
//! reload the page. The shell (`src/app.rs`) asks these and acts on the answer.

use crate::Consent;

/// The gated scripts that ran in this page view, by the category and
/// service that unlocked each. A script that ran keeps running: consent taken
/// back from it can only be honoured by a reload.
#[derive(Debug, Default)]
pub struct Ran(Vec<(String, Option<String>)>);

impl Ran {
    pub fn push(&mut self, category: String, service: Option<String>) {
        self.0.push((category, service));
    }

    /// Whether a script that ran is one `next` no longer unlocks; with `None`
    /// (consent withdrawn), whether any ran at all.
    pub fn beyond(&self, next: Option<&Consent>) -> bool {
        self.0.iter().any(|(category, service)| !next.is_some_and(|c| c.unlocks(category, service.as_deref())))
    }
}

/// What a tab does when another tab of the site stored a decision.
#[derive(Debug, PartialEq, Eq)]
pub enum Follow {
    /// It is the decision this tab holds already.
    Nothing,
    /// Take it over: store nothing, gate by it, show or hide the banner.
    Take,
    /// Reload: it withdraws consent from a script that ran here.
    Reload,
}

/// `stored` is the other tab's decision (`None`: it withdrew); `reload` is
/// the catalogue's `site.reload`.
pub fn follow(current: Option<&Consent>, stored: Option<&Consent>, reload: bool, ran: &Ran) -> Follow {
    if stored == current {
        Follow::Nothing
    } else if reloads(reload, ran, stored) {
        Follow::Reload
    } else {
        Follow::Take
    }
}

/// Whether moving to `next` (`None`: withdrawn) reloads the page.
pub fn reloads(reload: bool, ran: &Ran, next: Option<&Consent>) -> bool {
    reload && ran.beyond(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fixture, Choice, Context, Source};

    fn decide(choice: Choice) -> Consent {
        let context =
            Context { id: "id".into(), now: 1_700_000_000_000, language: "en", gpc: false, source: Source::Api };
        Consent::decide(&fixture(), &choice, None, context)
    }

    fn ran(scripts: &[(&str, Option<&str>)]) -> Ran {
        let mut ran = Ran::default();
        for (category, service) in scripts {
            ran.push(category.to_string(), service.map(String::from));
        }
        ran
    }

    #[test]
    fn the_same_decision_from_another_tab_changes_nothing() {
        let all = decide(Choice::AcceptAll);
        assert_eq!(follow(Some(&all), Some(&all.clone()), true, &ran(&[("statistics", None)])), Follow::Nothing);
        assert_eq!(follow(None, None, true, &Ran::default()), Follow::Nothing);
    }

    #[test]
    fn another_tab_withdrawing_from_a_script_that_ran_reloads_when_the_site_asks_for_it() {
        let all = decide(Choice::AcceptAll);
        let statistics = ran(&[("statistics", None)]);
        assert_eq!(follow(Some(&all), None, true, &statistics), Follow::Reload);
        assert_eq!(follow(Some(&all), None, false, &statistics), Follow::Take);
        let rejected = decide(Choice::RejectAll);
        assert_eq!(follow(Some(&all), Some(&rejected), true, &statistics), Follow::Reload);
    }

    #[test]
    fn widening_consent_never_reloads() {
        let all = decide(Choice::AcceptAll);
        let rejected = decide(Choice::RejectAll);
        assert_eq!(follow(Some(&rejected), Some(&all), true, &ran(&[("necessary", None)])), Follow::Take);
        assert!(!reloads(true, &Ran::default(), None));
    }

    #[test]
    fn a_fallback_script_that_ran_on_refusal_reloads_once_its_category_is_allowed() {
        let all = decide(Choice::AcceptAll);
        assert!(reloads(true, &ran(&[("!statistics", None)]), Some(&all)));
    }
}

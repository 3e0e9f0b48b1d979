//! Google Consent Mode v2 (docs/contract.md, "Signals"): which signal follows which category.

use crate::catalogue::{Table, MARKETING_CATEGORY, PREFERENCES_CATEGORY, STATISTICS_CATEGORY};
use crate::consent::Consent;
use serde::{Deserialize, Serialize};

/// The catalogue's `[consent_mode]` table; its presence turns Consent Mode on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentMode {
    /// ISO 3166 regions the default applies to (`["SE", "NO"]`); all if empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Pass ad click information through URLs while ad cookies are denied.
    #[serde(default)]
    pub url_passthrough: bool,
    /// Which category each signal follows, where it differs from the usual.
    #[serde(default, skip_serializing_if = "Table::is_empty")]
    pub signals: Table<String>,
}

/// The signals a category can grant; `security_storage` is always granted.
pub const SIGNALS: [&str; 6] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
];

impl ConsentMode {
    /// The category `signal` follows: the catalogue's choice, else the usual
    /// one (statistics → analytics; marketing → ads; preferences → the rest).
    pub fn category<'a>(&'a self, signal: &str) -> &'a str {
        self.signals.entry(signal).map(String::as_str).unwrap_or(match signal {
            "analytics_storage" => STATISTICS_CATEGORY,
            "functionality_storage" | "personalization_storage" => PREFERENCES_CATEGORY,
            _ => MARKETING_CATEGORY,
        })
    }

    /// Each signal and whether `consent` grants it (none without one), for
    /// `consent update`.
    pub fn update(&self, consent: Option<&Consent>) -> Vec<(&'static str, bool)> {
        SIGNALS.iter().map(|signal| (*signal, consent.is_some_and(|c| c.allows(self.category(signal))))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choice, Context};
    use crate::fixture;

    fn consent(choice: Choice) -> Consent {
        let context =
            Context { id: String::new(), now: 0, language: "en", gpc: false, source: crate::consent::Source::Api };
        Consent::decide(&fixture(), &choice, None, context)
    }

    #[test]
    fn the_usual_mapping() {
        let mode = ConsentMode::default();
        let statistics = consent(Choice::Custom { categories: vec![("statistics".into(), true)], services: vec![] });
        assert_eq!(
            mode.update(Some(&statistics)),
            [
                ("ad_storage", false),
                ("ad_user_data", false),
                ("ad_personalization", false),
                ("analytics_storage", true),
                ("functionality_storage", false),
                ("personalization_storage", false),
            ]
        );
        assert!(mode.update(Some(&consent(Choice::AcceptAll))).iter().take(4).all(|(_, on)| *on));
        assert!(mode.update(None).iter().all(|(_, on)| !on));
    }

    #[test]
    fn a_catalogue_can_map_a_signal_elsewhere() {
        let mode = ConsentMode {
            signals: Table(vec![("ad_personalization".into(), "statistics".into())]),
            ..ConsentMode::default()
        };
        let statistics = consent(Choice::Custom { categories: vec![("statistics".into(), true)], services: vec![] });
        let granted: Vec<&str> =
            mode.update(Some(&statistics)).into_iter().filter(|(_, on)| *on).map(|(s, _)| s).collect();
        assert_eq!(granted, ["ad_personalization", "analytics_storage"]);
    }
}

//! The banner's own words, and which language it speaks.
//!
//! Site-specific texts (category titles, service descriptions) come from the
//! catalogue; these are the words kakor itself says.

use crate::catalogue::Catalogue;

/// The strings of the first layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    pub title: &'static str,
    /// Follows the site name: "<site> …".
    pub intro: &'static str,
    pub policy: &'static str,
    pub accept_all: &'static str,
    pub reject_all: &'static str,
}

/// English, the only language shipped so far.
pub const EN: Texts = Texts {
    title: "Cookies and your privacy",
    intro: " uses cookies that the site needs to work. With your consent it also uses cookies for preferences, statistics and marketing. Nothing optional is set until you choose, and you can change your mind at any time.",
    policy: "Privacy policy",
    accept_all: "Accept all",
    reject_all: "Reject all",
};

/// The first of `wanted` (in the order SPEC §1 gives: the tag's `data-lang`,
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
mod tests {
    use super::*;
    use crate::fixture;

    fn choose(wanted: &[&str]) -> String {
        let wanted: Vec<String> = wanted.iter().map(|s| s.to_string()).collect();
        choose_language(&fixture(), &wanted).to_string()
    }

    #[test]
    fn first_offered_language_wins() {
        assert_eq!(choose(&["sv"]), "sv");
        assert_eq!(choose(&["de", "sv-SE", "en"]), "sv");
        assert_eq!(choose(&["EN-gb"]), "en");
        assert_eq!(choose(&["fi", "de"]), "en");
        assert_eq!(choose(&[]), "en");
    }
}

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

/// The languages kakor speaks, in the order README lists them.
pub const LANGUAGES: &[&str] = &["en", "sv", "nb"];

const EN: Texts = Texts {
    title: "Cookies and your privacy",
    intro: " uses cookies that the site needs to work. If you consent, optional cookies are used as well. No optional cookie is set until you have chosen, and you can change your mind at any time.",
    policy: "Privacy policy",
    accept_all: "Accept all",
    reject_all: "Reject all",
};

const SV: Texts = Texts {
    title: "Cookies och din integritet",
    intro: " använder cookies som behövs för att webbplatsen ska fungera. Om du samtycker används även valfria cookies. Inga valfria cookies sätts innan du har gjort ditt val, och du kan ändra dig när som helst.",
    policy: "Integritetspolicy",
    accept_all: "Godkänn alla",
    reject_all: "Avvisa alla",
};

const NB: Texts = Texts {
    title: "Informasjonskapsler og personvern",
    intro: " bruker informasjonskapsler som trengs for at nettstedet skal fungere. Hvis du samtykker, brukes også valgfrie informasjonskapsler. Ingen valgfrie informasjonskapsler settes før du har valgt, og du kan ombestemme deg når som helst.",
    policy: "Personvernerklæring",
    accept_all: "Godta alle",
    reject_all: "Avvis alle",
};

/// kakor's words in `lang`, one of [`LANGUAGES`]; English otherwise
/// (validation keeps catalogues to the languages kakor speaks).
pub fn texts(lang: &str) -> &'static Texts {
    match lang {
        "sv" => &SV,
        "nb" => &NB,
        _ => &EN,
    }
}

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

    #[test]
    fn every_language_has_its_own_words() {
        let all: Vec<&Texts> = LANGUAGES.iter().map(|lang| texts(lang)).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.title, b.title);
                assert_ne!(a.accept_all, b.accept_all);
            }
        }
        assert_eq!(texts("sv").accept_all, "Godkänn alla");
        assert_eq!(texts("nb").reject_all, "Avvis alle");
    }
}

use super::*;
use crate::fixture;

/// Applies `edit` to the fixture and returns the rendered problems.
fn check(edit: impl FnOnce(&mut Catalogue)) -> Vec<String> {
    let mut catalogue = fixture();
    edit(&mut catalogue);
    validate(&catalogue).iter().map(Diagnostic::render).collect()
}

#[test]
fn fixture_is_valid() {
    assert_eq!(check(|_| {}), Vec::<String>::new());
}

#[test]
fn missing_necessary() {
    let found = check(|c| {
        c.categories.remove(0);
    });
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("categories: the `necessary` category is missing"), "{found:?}");
}

#[test]
fn unknown_category() {
    assert_eq!(
        check(|c| c.services[1].category = "ads".into()),
        ["services[1].category: unknown category `ads`; declare it under [[categories]]"]
    );
}

#[test]
fn duplicate_ids_across_categories_and_services() {
    let found = check(|c| {
        c.services[2].id = "hubspot".into();
        c.services[0].id = "marketing".into();
        let copy = c.categories[1].clone();
        c.categories.push(copy);
    });
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("categories[3].id: id `statistics` is already used"));
    assert!(found[1].starts_with("services[0].id: id `marketing` is already used"));
    assert!(found[2].starts_with("services[2].id: id `hubspot` is already used"));
}

#[test]
fn ids_that_would_break_the_record() {
    let found = check(|c| {
        c.services[0].id = "ga.4".into();
        c.services[1].id = "hub:spot".into();
        c.services[2].id = "".into();
    });
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().all(|f| f.contains("is not a valid id")));
}

#[test]
fn links_must_be_http() {
    let found = check(|c| {
        c.site.policy_url = "javascript:alert(1)".into();
        c.services[0].policy_url = "data:text/html,hi".into();
        c.services[1].policy_url = "https://".into();
        c.services[2].policy_url = "http://ok.example/\"onmouseover".into();
    });
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found[0].starts_with("site.policy_url: `javascript:alert(1)` is not an http(s) link"));
}

#[test]
fn consent_days_range() {
    assert!(check(|c| c.site.consent_days = 1).is_empty());
    assert!(check(|c| c.site.consent_days = 395).is_empty());
    for days in [0, 396, 10_000] {
        assert_eq!(
            check(|c| c.site.consent_days = days),
            [format!("site.consent_days: {days} is not a number of days from 1 to 395 (13 months)")]
        );
    }
}

#[test]
fn cookie_domain_shape() {
    assert!(check(|c| c.site.cookie_domain = Some(".example.com".into())).is_empty());
    assert_eq!(
        check(|c| c.site.cookie_domain = Some("localhost".into())),
        ["site.cookie_domain: `localhost` is not a domain such as `.example.com` (lowercase letters, digits, `-`, two labels or more)"]
    );
}

#[test]
fn cookie_patterns() {
    let names = |name: &str| check(|c| c.services[0].cookies[0].name = name.into());
    for good in ["_ga", "_ga_*", "__Host-x", "li_gc", "AnalyticsSyncHistory"] {
        assert!(names(good).is_empty(), "{good}");
    }
    for bad in ["", "*", "a*b", "_ga**", "a b", "a;b", "a=b"] {
        let found = names(bad);
        assert_eq!(found.len(), 1, "{bad}");
        assert!(found[0].starts_with("services[0].cookies[0].name: "), "{found:?}");
    }
}

#[test]
fn empty_names_and_languages() {
    let found = check(|c| {
        c.site.name = " ".into();
        c.services[0].name = String::new();
        c.services[1].provider = String::new();
    });
    assert_eq!(
        found,
        [
            "site.name: must not be empty",
            "services[0].name: must not be empty",
            "services[1].provider: must not be empty",
        ]
    );
}

#[test]
fn language_tags() {
    let found = check(|c| c.site.languages = vec!["en".into(), "svenska".into()]);
    assert_eq!(found[0], "site.languages[1]: `svenska` is not a language tag such as `en` or `nb`");
    let found = check(|c| c.site.languages.push("fr".into()));
    assert!(
        found[0].starts_with("site.languages[2]: kakor has no words of its own in `fr` (this build has `en`, `sv`"),
        "{found:?}"
    );
    let found = check(|c| c.site.languages.push("en".into()));
    assert_eq!(found[0], "site.languages[2]: `en` is listed twice");
    let found = check(|c| c.site.languages.clear());
    assert!(found[0].starts_with("site.languages: expected at least one language"), "{found:?}");
}

#[test]
fn texts_in_every_declared_language_and_no_other() {
    let found = check(|c| {
        c.categories[1].title.0.retain(|(lang, _)| lang != "sv");
        c.services[0].cookies[0].purpose.0[0].1 = " ".into();
        c.services[1].description.0.push(("de".into(), "Marketing-Automatisierung.".into()));
    });
    assert_eq!(
        found,
        [
            "categories[1].title.sv: missing the `sv` text; every language in site.languages needs one",
            "services[0].cookies[0].purpose.en: must not be empty",
            "services[1].description.de: `de` is not in site.languages; add it there or remove this text",
        ]
    );
}

#[test]
fn endpoint_and_cookie_domain() {
    assert!(check(|c| c.site.endpoint = Some("/consent".into())).is_empty());
    assert!(check(|c| c.site.endpoint = Some("https://log.acme.example/proofs".into())).is_empty());
    assert!(check(|c| c.services[0].cookies[0].domain = Some(".google.com".into())).is_empty());
    let found = check(|c| {
        c.site.endpoint = Some("//evil.example/x".into());
        c.services[0].cookies[0].domain = Some("google".into());
    });
    assert_eq!(
        found,
        [
            "site.endpoint: `//evil.example/x` is not an http(s) link; expected e.g. `https://example.com/privacy`",
            "services[0].cookies[0].domain: `google` is not a domain such as `.linkedin.com`",
        ]
    );
    assert_eq!(check(|c| c.site.endpoint = Some("javascript:alert(1)".into())).len(), 1);
}

#[test]
fn text_overrides_name_known_words_in_declared_languages() {
    use crate::catalogue::Table;
    let found = check(|c| {
        c.texts = Table(vec![
            ("accept_all".into(), Table(vec![("sv".into(), "Acceptera alla".into())])),
            ("acept_all".into(), Table(vec![("sv".into(), "x".into())])),
            ("reject_all".into(), Table(vec![("de".into(), "Alle ablehnen".into()), ("en".into(), "".into())])),
        ]);
    });
    assert_eq!(
        found,
        [
            "texts.acept_all: kakor has no word `acept_all`; the words are listed in docs/banner.md, \"Texts\"",
            "texts.reject_all.de: `de` is not in site.languages; add it there or remove this text",
            "texts.reject_all.en: must not be empty",
        ]
    );
}

#[test]
fn position_and_theme_are_read_from_toml() {
    let text = include_str!("../fixture.toml")
        .replace("consent_days = 180", "consent_days = 180\nposition = \"box\"\ntheme = \"dark\"");
    let catalogue: Catalogue = toml::from_str(&text).unwrap();
    assert_eq!(catalogue.site.position, crate::Position::Box);
    assert_eq!(catalogue.site.theme, crate::Theme::Dark);
    let bad = text.replace("\"box\"", "\"popup\"");
    let error = toml::from_str::<Catalogue>(&bad).unwrap_err();
    assert!(error.message().contains("unknown variant `popup`"), "{}", error.message());
}

#[test]
fn consent_mode_signals_and_regions() {
    use crate::catalogue::Table;
    use crate::consent_mode::ConsentMode;
    assert!(check(|c| c.consent_mode = Some(ConsentMode::default())).is_empty());
    let found = check(|c| {
        c.consent_mode = Some(ConsentMode {
            regions: vec!["SE".into(), "US-CA".into(), "sweden".into()],
            url_passthrough: true,
            signals: Table(vec![("ad_storage".into(), "ads".into()), ("ad_storag".into(), "marketing".into())]),
        })
    });
    assert_eq!(
        found,
        [
            "consent_mode.signals.ad_storage: unknown category `ads`",
            "consent_mode.signals.ad_storag: unknown signal `ad_storag`; expected one of `ad_storage`, `ad_user_data`, `ad_personalization`, `analytics_storage`, `functionality_storage`, `personalization_storage`",
            "consent_mode.regions[2]: `sweden` is not an ISO 3166 region such as `SE` or `US-CA`",
        ]
    );
}

#[test]
fn a_cookie_declared_twice_is_refused() {
    let found = check(|c| {
        let copy = c.services[0].cookies[0].clone();
        c.services[2].cookies.push(copy);
    });
    assert_eq!(
        found,
        ["services[2].cookies[0].name: cookie `_ga_*` is already declared by service `ga4`; a cookie belongs to one \
          service, so withdrawing consent knows whose it is"]
    );
    // Twice in one service too; the same name on another domain is another cookie.
    let found = check(|c| {
        let copy = c.services[0].cookies[0].clone();
        c.services[0].cookies.push(copy.clone());
        c.services[2].cookies.push(crate::Cookie { domain: Some(".linkedin.com".into()), ..copy });
    });
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("services[0].cookies[1].name: cookie `_ga_*` is already declared by service `ga4`"));
}

#[test]
fn a_category_without_services_is_a_warning_unless_necessary() {
    let mut catalogue = fixture();
    catalogue.site.endpoint = Some("/consent/proofs".into());
    assert!(warnings(&catalogue).is_empty());
    catalogue.services.retain(|s| s.category != "marketing");
    let found: Vec<String> = warnings(&catalogue).iter().map(Diagnostic::render).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("categories[2].id: no service belongs to category `marketing`"), "{found:?}");
    assert!(validate(&catalogue).is_empty(), "a warning, not an error");
}

/// A language kakor does not ship needs every word in `[texts]`: one error
/// at the language lists every word still missing, with its English text.
#[test]
fn a_language_kakor_does_not_ship_needs_every_word_listed_at_once() {
    use crate::catalogue::Table;
    use crate::texts::{builtin, Word, KEYS};
    let speak_french = |c: &mut Catalogue, left_out: &[Word]| {
        c.site.languages.push("fr".into());
        for category in &mut c.categories {
            category.title.0.push(("fr".into(), "Catégorie".into()));
            category.description.0.push(("fr".into(), "Description.".into()));
        }
        for service in &mut c.services {
            for text in [&mut service.data_location, &mut service.safeguard, &mut service.description] {
                text.0.push(("fr".into(), "Texte".into()));
            }
            for cookie in &mut service.cookies {
                cookie.purpose.0.push(("fr".into(), "Finalité".into()));
            }
        }
        let given = KEYS.iter().enumerate().filter(|(i, _)| !left_out.iter().any(|w| *w as usize == *i));
        c.texts.0 = given.map(|(_, key)| (key.to_string(), Table(vec![("fr".into(), "mot".into())]))).collect();
    };
    assert!(check(|c| speak_french(c, &[])).is_empty(), "every word given: valid");

    let found = check(|c| speak_french(c, &[Word::AcceptAll, Word::Intro, Word::Years]));
    assert_eq!(found.len(), 1, "one error for every missing word: {found:?}");
    let lines: Vec<&str> = found[0].lines().collect();
    assert!(lines[0].starts_with("site.languages[2]: kakor has no words of its own in `fr`"), "{lines:?}");
    assert!(lines[0].ends_with("3 missing (English as a hint):"), "{lines:?}");
    let en = builtin("en");
    let hint = |word: Word| format!("  {}: \"{}\"", KEYS[word as usize], en[word as usize]);
    assert_eq!(lines[1..], [hint(Word::Intro), hint(Word::AcceptAll), hint(Word::Years)]);
    assert!(lines[2].contains("\"Accept all\""), "{lines:?}");
}

#[test]
fn no_endpoint_is_a_warning_that_proofs_stay_in_the_browser() {
    let mut catalogue = fixture();
    catalogue.site.endpoint = None;
    let found: Vec<String> = warnings(&catalogue).iter().map(Diagnostic::render).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("site: site.endpoint is unset: proofs stay in the visitor's browser"), "{found:?}");
    assert!(validate(&catalogue).is_empty(), "a warning, not an error");
    catalogue.site.endpoint = Some("https://log.example.com/consent/proofs".into());
    assert!(warnings(&catalogue).is_empty());
}

#[test]
fn a_controller_needs_a_name_and_a_contact_and_so_does_each_joint_one() {
    let mut catalogue = fixture();
    catalogue.site.controller = Some(crate::catalogue::Controller {
        name: " ".into(),
        registration: Some("".into()),
        contact: "".into(),
        joint: vec![crate::catalogue::Controller {
            name: "".into(),
            registration: None,
            contact: "x".into(),
            joint: Vec::new(),
        }],
    });
    let found: Vec<String> = validate(&catalogue).iter().map(Diagnostic::render).collect();
    assert_eq!(
        found,
        [
            "site.controller.name: must not be empty",
            "site.controller.registration: must not be empty",
            "site.controller.contact: must not be empty",
            "site.controller.joint[0].name: must not be empty",
        ]
    );
}

#[test]
fn texts_hashes_are_64_lowercase_hex_digits() {
    let mut catalogue = fixture();
    catalogue.texts_sha256 =
        crate::catalogue::Table(vec![("en".into(), "A".repeat(64)), ("sv".into(), "0".repeat(64))]);
    let found: Vec<String> = validate(&catalogue).iter().map(Diagnostic::render).collect();
    assert_eq!(found, ["texts_sha256.en: expected a SHA-256 as 64 lowercase hex digits"]);
}

use super::*;
use crate::catalogue::Table;
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
fn every_language_has_its_own_words_and_keeps_the_placeholders() {
    let en = builtin("en");
    for lang in &LANGUAGES[1..] {
        let words = builtin(lang);
        assert!(!std::ptr::eq(words, en), "{lang} falls back to English");
        for (i, (word, english)) in words.iter().zip(en.iter()).enumerate() {
            assert!(!word.trim().is_empty(), "{lang} {}", KEYS[i]);
            for placeholder in
                ["{site}", "{count}", "{name}", "{n}", "{cookies}", "{purposes}", "{settings}", "{controller}"]
            {
                assert_eq!(
                    word.matches(placeholder).count(),
                    english.matches(placeholder).count(),
                    "{lang} `{}` and English differ in {placeholder}",
                    KEYS[i]
                );
            }
        }
        for key in ["title", "accept_all", "reject_all", "preferences", "save"] {
            let i = KEYS.iter().position(|k| *k == key).unwrap();
            assert_ne!(words[i], en[i], "{lang} `{key}` is still English");
        }
    }
}

#[test]
fn all_lists_every_word_in_order() {
    for (i, word) in ALL.iter().enumerate() {
        assert_eq!(*word as usize, i);
    }
}

#[test]
fn keys_name_every_word() {
    assert_eq!(KEYS[Word::Title as usize], "title");
    assert_eq!(KEYS[Word::GpcNote as usize], "gpc_note");
    assert_eq!(KEYS[Word::Years as usize], "years");
    let mut sorted = KEYS.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), WORDS);
}

#[test]
fn durations_in_words() {
    let catalogue = fixture();
    let en = Words::new(&catalogue, "en");
    let sv = Words::new(&catalogue, "sv");
    let parse = |text| Duration::parse(text).unwrap();
    assert_eq!(en.duration(parse("13 months")), "13 months");
    assert_eq!(en.duration(parse("1 year")), "1 year");
    assert_eq!(en.duration(parse("session")), "Until the browser closes");
    assert_eq!(sv.duration(parse("13 months")), "13 månader");
    assert_eq!(sv.duration(parse("1 day")), "1 dag");
    let fi_catalogue = fixture();
    let fi = Words::new(&fi_catalogue, "fi");
    assert_eq!(fi.duration(parse("2 years")), "2 vuotta");
    assert_eq!(fi.duration(parse("1 year")), "1 vuosi");
}

#[test]
fn the_site_owner_overrides_a_word_in_one_language() {
    let mut catalogue = fixture();
    catalogue.texts = Table(vec![("accept_all".into(), Table(vec![("sv".into(), "Acceptera alla".into())]))]);
    assert_eq!(Words::new(&catalogue, "sv").get(Word::AcceptAll), "Acceptera alla");
    assert_eq!(Words::new(&catalogue, "en").get(Word::AcceptAll), "Accept all");
    assert_eq!(Words::new(&catalogue, "en").intro().split(" uses").next(), Some("Acme"));
}

#[test]
fn fill_puts_in_each_named_value_once() {
    assert_eq!(
        fill("{name} would store: {cookies}.", &[("name", "HubSpot"), ("cookies", "__hstc")]),
        "HubSpot would store: __hstc."
    );
    assert_eq!(fill("{n} days, {n} left", &[("n", "3")]), "3 days, 3 left");
    // A value holding a placeholder is not filled again; unknown or
    // unclosed braces stay as written.
    assert_eq!(fill("{site} {n}", &[("site", "{n}"), ("n", "2")]), "{n} 2");
    assert_eq!(fill("{other} and {", &[("n", "2")]), "{other} and {");
    assert_eq!(fill("", &[]), "");
}

#[test]
fn the_first_layer_names_the_purposes_asked_for_in_every_language() {
    let mut catalogue = fixture();
    catalogue.site.languages = LANGUAGES.iter().map(|lang| lang.to_string()).collect();
    for category in &mut catalogue.categories {
        let title = category.title.pick("en", "en").to_string();
        category.title = Table(LANGUAGES.iter().map(|lang| (lang.to_string(), [&title, " ", lang].concat())).collect());
    }
    for lang in LANGUAGES {
        let words = Words::new(&catalogue, lang);
        let intro = words.intro();
        let purposes = [["Statistics ", lang].concat(), ["Marketing ", lang].concat()].join(", ");
        assert!(intro.contains(&purposes), "{lang}: {intro}");
        assert!(!intro.contains("Necessary"), "{lang} names the necessary category as a purpose: {intro}");
        assert!(intro.contains(words.get(Word::Reopen)), "{lang} does not say where to withdraw: {intro}");
        assert!(intro.starts_with("Acme"), "{lang}: {intro}");
        assert!(!intro.contains('{'), "{lang} leaves a placeholder: {intro}");
    }
}

#[test]
fn the_preferences_button_is_not_named_like_a_category() {
    let expected = [
        ("en", "Customise"),
        ("sv", "Anpassa"),
        ("nb", "Tilpass"),
        ("da", "Tilpas"),
        ("fi", "Muokkaa"),
        ("de", "Anpassen"),
    ];
    for (lang, word) in expected.iter().filter(|(lang, _)| LANGUAGES.contains(lang)) {
        assert_eq!(builtin(lang)[Word::Preferences as usize], *word, "{lang}");
    }
}

#[test]
fn the_controller_line_names_every_controller_in_each_language() {
    let mut catalogue = fixture();
    assert_eq!(Words::new(&catalogue, "en").controller(), None, "no line without a controller");
    catalogue.site.controller = Some(crate::catalogue::Controller {
        name: "Acme AB".into(),
        registration: Some("556000-0000".into()),
        contact: "privacy@acme.example".into(),
        joint: vec![crate::catalogue::Controller {
            name: "Partner Oy".into(),
            registration: None,
            contact: "Helsinki".into(),
            joint: Vec::new(),
        }],
    });
    assert_eq!(
        Words::new(&catalogue, "en").controller().unwrap(),
        "Data controller: Acme AB (556000-0000), Partner Oy."
    );
    assert_eq!(
        Words::new(&catalogue, "sv").controller().unwrap(),
        "Personuppgiftsansvarig: Acme AB (556000-0000), Partner Oy."
    );
    for lang in LANGUAGES {
        assert!(builtin(lang)[Word::Controller as usize].contains("{controller}"), "{lang}");
    }
    // An owner's intro may name it inline; without a controller it is the site.
    catalogue.texts.0.push(("intro".into(), Table(vec![("en".into(), "{controller} asks.".into())])));
    assert_eq!(Words::new(&catalogue, "en").intro(), "Acme AB (556000-0000), Partner Oy asks.");
    catalogue.site.controller = None;
    assert_eq!(Words::new(&catalogue, "en").intro(), "Acme asks.");
}

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
            for placeholder in ["{site}", "{count}", "{name}", "{n}", "{cookies}"] {
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
    assert_eq!(Words::new(&catalogue, "en").about_site(Word::Intro).split(" uses").next(), Some("Acme"));
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

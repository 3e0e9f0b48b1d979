//! `site.include` over files held in memory, and every word list shipped in
//! `languages/` read the way an owner's catalogue reads it.

use super::super::{check_with, Checked};
use crate::texts::{builtin, Word, Words, ALL, KEYS};
use annotate_snippets::Renderer;
use std::path::{Path, PathBuf};

/// The test fixture speaking `lang` as well, every catalogue text given in
/// it, with `include` as its `site.include`.
fn catalogue(lang: &str, include: &str) -> String {
    let mut out = String::new();
    for line in include_str!("../../fixture.toml").lines() {
        if line.starts_with("languages = ") {
            out.push_str(&format!("languages = [\"en\", \"sv\", \"{lang}\"]\ninclude = {include}\n"));
            continue;
        }
        // Every `{ en = "…", sv = "…" }` gains the language.
        match line.strip_suffix(" }").filter(|l| l.contains(" sv = \"")) {
            Some(head) => out.push_str(&format!("{head}, {lang} = \"{lang} text\" }}\n")),
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

/// A word list giving every word in `lang` but those in `left_out`.
fn words(lang: &str, left_out: &[Word]) -> String {
    let mut out = String::from("# a word list\n[texts]\n");
    for (i, key) in KEYS.iter().enumerate() {
        if !left_out.iter().any(|word| *word as usize == i) {
            out.push_str(&format!("{key} = {{ {lang} = \"{lang}: {}\" }}\n", builtin("en")[i]));
        }
    }
    out
}

/// Checks `site/site.toml` with these files beside it.
fn check(text: &str, files: &[(&str, String)]) -> Checked {
    let mut read = Vec::new();
    let checked = check_with("site/site.toml", text, &Renderer::plain(), &mut |path: &Path| {
        read.push(path.to_path_buf());
        let found = files.iter().find(|(name, _)| Path::new("site").join(name) == path);
        found.map(|(_, text)| text.clone()).ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    assert!(read.iter().all(|path| path.starts_with("site")), "paths are from the catalogue's directory: {read:?}");
    checked
}

fn places(rendered: &str) -> Vec<&str> {
    rendered.lines().filter_map(|line| line.trim().strip_prefix("--> ")).collect()
}

#[test]
fn an_included_word_list_makes_a_language_kakor_does_not_ship_complete() {
    let text = catalogue("xx", "[\"languages/xx.toml\"]");
    let checked = check(&text, &[("languages/xx.toml", words("xx", &[]))]);
    let catalogue = checked.catalogue.unwrap_or_else(|| panic!("{}", checked.problems.rendered));
    let words = Words::new(&catalogue, "xx");
    assert_eq!(words.get(Word::AcceptAll), "xx: Accept all");
    assert_eq!(words.get(Word::Years), "xx: {n} years");
    // What `kakor json` writes: the words are in, the include is not.
    let json = serde_json::to_string(&catalogue).unwrap();
    assert!(json.contains("\"accept_all\":{\"xx\":\"xx: Accept all\"}"), "{json}");
    assert!(!json.contains("include"), "{json}");
}

#[test]
fn the_catalogue_s_own_words_come_first() {
    let text = catalogue("xx", "[\"languages/xx.toml\"]") + "\n[texts]\naccept_all = { xx = \"Mine\" }\n";
    let checked = check(&text, &[("languages/xx.toml", words("xx", &[]))]);
    let catalogue = checked.catalogue.unwrap_or_else(|| panic!("{}", checked.problems.rendered));
    assert_eq!(Words::new(&catalogue, "xx").get(Word::AcceptAll), "Mine");
    assert_eq!(catalogue.texts.entry("accept_all").unwrap().0.len(), 1);
}

#[test]
fn missing_words_fail_with_one_error_listing_them_all_at_the_language() {
    let text = catalogue("xx", "[\"languages/xx.toml\"]");
    let list = words("xx", &[Word::RejectAll, Word::GpcNote, Word::Month]);
    let checked = check(&text, &[("languages/xx.toml", list)]);
    assert!(checked.catalogue.is_none());
    let problems = &checked.problems;
    let rendered = &problems.rendered;
    assert_eq!(problems.count, 1, "{rendered}");
    assert!(rendered.contains("error: kakor has no words of its own in `xx`"), "{rendered}");
    assert!(rendered.contains("3 missing (English as a hint):"), "{rendered}");
    for hint in [
        "reject_all: \"Reject all\"",
        "gpc_note: \"Your browser asks sites not to share your data",
        "month: \"{n} month\"",
    ] {
        assert!(rendered.contains(hint), "{hint} in {rendered}");
    }
    // At the language in site.languages, on line 4 of the catalogue.
    assert_eq!(places(rendered), ["site/site.toml:4:26"], "{rendered}");
}

#[test]
fn an_included_file_gives_words_only_and_its_problems_are_shown_in_it() {
    let text = catalogue("xx", "[\"languages/xx.toml\"]");
    let list = words("xx", &[Word::Save]).replace("# a word list\n", "[site]\nname = \"Other\"\n\n")
        + "titel = { xx = \"Typo\" }\nsave = { xx = \" \" }\n";
    let checked = check(&text, &[("languages/xx.toml", list)]);
    let rendered = &checked.problems.rendered;
    assert!(checked.catalogue.is_none(), "{rendered}");
    for expected in [
        "error: unknown field `site`; expected one of `texts`: an included file holds words only",
        "--> site/languages/xx.toml:1:2",
        "error: kakor has no word `titel`",
        "error: must not be empty",
    ] {
        assert!(rendered.contains(expected), "{expected} in {rendered}");
    }
    assert!(places(rendered).iter().all(|at| at.starts_with("site/languages/xx.toml:")), "{rendered}");
    assert_eq!(checked.problems.count, 3, "{rendered}");
}

#[test]
fn a_syntax_error_in_an_included_file_is_shown_at_its_line_and_column() {
    let text = catalogue("xx", "[\"languages/xx.toml\"]");
    let list = words("xx", &[]) + "save = { xx = \"unclosed }\n";
    let last = format!("site/languages/xx.toml:{}:", list.lines().count());
    let checked = check(&text, &[("languages/xx.toml", list)]);
    let rendered = &checked.problems.rendered;
    assert!(checked.catalogue.is_none(), "{rendered}");
    assert!(places(rendered).iter().any(|at| at.starts_with(&last)), "{rendered}");
}

#[test]
fn include_problems_are_shown_at_the_include() {
    let include = "[\"languages/xx.toml\", \"languages/none.toml\", 3, \"languages/xx.toml\", \"fr.toml\"]";
    let text = catalogue("xx", include);
    let checked = check(&text, &[("languages/xx.toml", words("xx", &[])), ("fr.toml", words("fr", &[]))]);
    let rendered = &checked.problems.rendered;
    for expected in [
        "error: cannot read `site/languages/none.toml`",
        "error: expected a path, e.g. `\"languages/fr.toml\"`",
        "error: `languages/xx.toml` is included twice",
        "error: `site/fr.toml` gives words in `fr`, which site.languages does not list",
    ] {
        assert!(rendered.contains(expected), "{expected} in {rendered}");
    }
    let at = places(rendered);
    assert_eq!(at.len(), 4, "{rendered}");
    assert!(at.iter().all(|at| at.starts_with("site/site.toml:5:")), "{rendered}");
    let checked = check(&catalogue("xx", "\"languages/xx.toml\""), &[]);
    assert!(
        checked.problems.rendered.contains("error: expected a list of word lists"),
        "{}",
        checked.problems.rendered
    );
}

#[test]
fn two_lists_giving_one_word_is_a_problem_in_the_second() {
    let text = catalogue("xx", "[\"a.toml\", \"b.toml\"]");
    let again = "[texts]\nsave = { xx = \"Again\" }\n".to_string();
    let checked = check(&text, &[("a.toml", words("xx", &[])), ("b.toml", again)]);
    let rendered = &checked.problems.rendered;
    assert!(rendered.contains("error: `save` in `xx` is already given by `site/a.toml`"), "{rendered}");
    assert_eq!(places(rendered), ["site/b.toml:2:15"], "{rendered}");
}

/// Every list in `languages/`: read as an owner's catalogue includes it, it
/// gives every word, in its language only, with the very placeholders of
/// the English.
#[test]
fn every_shipped_word_list_is_complete_and_keeps_the_placeholders() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../languages"));
    let mut langs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    langs.sort();
    for lang in ["es", "et", "fr", "is", "it", "lt", "lv", "nl", "pl", "pt"] {
        assert!(langs.iter().any(|l| l == lang), "languages/{lang}.toml is missing: {langs:?}");
    }
    let placeholders = |text: &str| {
        let mut found: Vec<String> =
            text.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(name, _)| name.into()).collect();
        found.sort();
        found
    };
    let en = builtin("en");
    for lang in &langs {
        let file = dir.join(format!("{lang}.toml"));
        let text = catalogue(lang, &format!("[\"{}\"]", file.display()));
        let checked = check_with("site.toml", &text, &Renderer::plain(), &mut |path| std::fs::read_to_string(path));
        let catalogue = checked.catalogue.unwrap_or_else(|| panic!("{lang}: {}", checked.problems.rendered));
        let words = Words::new(&catalogue, lang);
        for (i, key) in KEYS.iter().enumerate() {
            assert_eq!(catalogue.texts.entry(key).map(|texts| texts.0.len()), Some(1), "{lang}: {key}");
            let text = words.get(ALL[i]);
            assert_eq!(placeholders(text), placeholders(en[i]), "{lang}: {key} = {text:?}");
        }
        // The words a visitor meets first are not left in English.
        for word in [Word::Title, Word::Intro, Word::AcceptAll, Word::RejectAll, Word::Preferences, Word::Save] {
            assert_ne!(words.get(word), en[word as usize], "{lang}: {word:?}");
        }
    }
}

/// The runtime form carries the words, not the include: a JSON catalogue
/// naming files is refused, as the banner refuses it.
#[test]
fn a_json_catalogue_cannot_include() {
    let text = catalogue("xx", "[\"languages/xx.toml\"]");
    let checked = check(&text, &[("languages/xx.toml", words("xx", &[]))]);
    let mut value = serde_json::to_value(checked.catalogue.unwrap()).unwrap();
    value["site"]["include"] = serde_json::json!(["languages/xx.toml"]);
    let problems = super::super::read_json("site.json", &value.to_string(), &Renderer::plain()).unwrap_err();
    assert!(problems.rendered.contains("error: unknown field `include`"), "{}", problems.rendered);
    assert!(problems.rendered.contains("at `site.include`"), "{}", problems.rendered);
}

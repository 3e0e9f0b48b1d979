//! A catalogue in a language kakor does not ship, its words from a word list
//! in `languages/` it includes: `kakor check` and `kakor json` read the
//! include; a list missing words fails with them all, in one error.

use super::{kakor, root, text};

const FRENCH: &str = "tests/fixtures/catalogues/french.toml";

#[test]
fn a_french_catalogue_including_languages_fr_is_valid_and_its_json_carries_the_words() {
    let out = kakor(&["check", FRENCH]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("french.toml: ok (2 categories, 1 services, 2 cookies"),
        "{}",
        text(&out.stdout)
    );

    // The JSON the browser tests load is what `kakor json` makes of it today.
    let out = kakor(&["json", FRENCH]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json = text(&out.stdout);
    let committed = std::fs::read_to_string(root().join("tests/fixtures/catalogues/french.json")).unwrap();
    assert_eq!(json, committed, "run `kakor json {FRENCH} --output tests/fixtures/catalogues/french.json`");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["texts"]["accept_all"]["fr"], "Tout accepter");
    assert_eq!(value["texts"]["reject_all"]["fr"], "Tout refuser");
    assert_eq!(value["texts"].as_object().unwrap().len(), kakor_core::texts::WORDS);
    assert!(value["site"].get("include").is_none(), "the runtime JSON has the words, not the include");
    let out = kakor(&["check", "tests/fixtures/catalogues/french.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_word_list_missing_words_fails_with_every_one_of_them_in_one_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("languages")).unwrap();
    let list = std::fs::read_to_string(root().join("languages/fr.toml")).unwrap();
    let short: String = list
        .lines()
        .filter(|l| !l.starts_with("reject_all =") && !l.starts_with("years ="))
        .map(|l| l.to_owned() + "\n")
        .collect();
    std::fs::write(dir.path().join("languages/fr.toml"), short).unwrap();
    let site = std::fs::read_to_string(root().join(FRENCH)).unwrap().replace("../../../languages/", "languages/");
    let file = dir.path().join("site.toml");
    std::fs::write(&file, site).unwrap();

    let out = kakor(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    for expected in [
        "error: kakor has no words of its own in `fr`",
        "2 missing (English as a hint):",
        "reject_all: \"Reject all\"",
        "years: \"{n} years\"",
        &format!("--> {}:9:14", file.display()),
        "site.toml: 1 problem(s)",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let json = kakor(&["json", file.to_str().unwrap()]);
    assert_eq!(json.status.code(), Some(1));
    assert!(json.stdout.is_empty());
}

#[test]
fn an_included_file_with_anything_but_words_is_refused_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let list = std::fs::read_to_string(root().join("languages/fr.toml")).unwrap();
    std::fs::write(dir.path().join("fr.toml"), list + "\n[consent_mode]\nregions = [\"FR\"]\n").unwrap();
    let site = std::fs::read_to_string(root().join(FRENCH)).unwrap().replace("../../../languages/", "");
    let file = dir.path().join("site.toml");
    std::fs::write(&file, site).unwrap();
    let out = kakor(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let included = dir.path().join("fr.toml");
    assert!(
        err.contains("error: unknown field `consent_mode`; expected one of `texts`: an included file holds words only"),
        "{err}"
    );
    // The table appended after the list's last line.
    let line =
        std::fs::read_to_string(&included).unwrap().lines().position(|l| l == "[consent_mode]").map_or(0, |i| i + 1);
    assert!(err.contains(&format!("--> {}:{line}:2", included.display())), "{err}");
}

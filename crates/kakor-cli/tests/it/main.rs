//! The real `kakor` binary over catalogue files: the built-in catalogue, the
//! example sites' JSON, broken fixtures, and a cross-check of every declared
//! cookie against the Open Cookie Database.

mod build_script;
mod cookie_database;
mod declaration;
mod languages;
mod scan;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn kakor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kakor")).args(args).current_dir(root()).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every catalogue a site owner can see in this repository.
pub fn catalogues() -> Vec<PathBuf> {
    let mut found = vec![root().join("categories.toml")];
    for entry in std::fs::read_dir(root().join("www/examples")).unwrap() {
        let file = entry.unwrap().path().join("catalogue.json");
        if file.exists() {
            found.push(file);
        }
    }
    found.sort();
    found
}

#[test]
fn builtin_and_example_catalogues_are_valid() {
    let files = catalogues();
    assert!(files.len() >= 5, "expected the built-in catalogue and four examples: {files:?}");
    for file in files {
        let out = kakor(&["check", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}: {}", file.display(), text(&out.stderr));
        assert!(text(&out.stdout).contains(": ok ("), "{}", text(&out.stdout));
    }
}

#[test]
fn check_reports_every_problem_with_its_place() {
    let out = kakor(&["check", "tests/fixtures/catalogues/broken.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for expected in [
        "error: `javascript:alert(1)` is not an http(s) link",
        "--> tests/fixtures/catalogues/broken.toml:4:14",
        "error: 400 is not a number of days from 1 to 395 (13 months)",
        "--> tests/fixtures/catalogues/broken.toml:6:16",
        "error: the `necessary` category is missing",
        "error: unknown category `analytics`; declare it under [[categories]]",
        "--> tests/fixtures/catalogues/broken.toml:16:12",
        "error: missing the `sv` text; every language in site.languages needs one",
        "error: `_ga*x` is not a cookie name",
        "--> tests/fixtures/catalogues/broken.toml:24:8",
        "error: id `ga4` is already used",
        "--> tests/fixtures/catalogues/broken.toml:30:6",
        "broken.toml: 7 problem(s)",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn check_reports_nine_mistakes_of_every_kind_in_one_run_in_place_order() {
    let file = "tests/fixtures/catalogues/nine.toml";
    let out = kakor(&["check", file]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let places: Vec<&str> = err.lines().filter_map(|line| line.trim().strip_prefix("--> ")).collect();
    let lines = [6, 7, 15, 17, 22, 32, 33, 36, 40];
    assert_eq!(places.len(), 9, "{err}");
    for (place, line) in places.iter().zip(lines) {
        assert!(place.starts_with(&format!("{file}:{line}:")), "{place} is not on line {line}:\n{err}");
    }
    assert!(err.contains("nine.toml: 9 problem(s)"), "{err}");
}

#[test]
fn check_warns_of_a_category_without_services() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.toml");
    let fixture = std::fs::read_to_string(root().join("crates/kakor-core/src/fixture.toml")).unwrap();
    let fixture = with_endpoint(&fixture);
    std::fs::write(&file, fixture.replace("category = \"statistics\"", "category = \"marketing\"")).unwrap();
    let out = kakor(&["check", file.to_str().unwrap()]);
    assert!(out.status.success(), "a warning is no error: {}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("warning: no service belongs to category `statistics`"), "{err}");
    assert!(err.contains("site.toml: 1 warning(s)"), "{err}");
}

/// The catalogue with proofs sent to a consent log.
fn with_endpoint(toml: &str) -> String {
    toml.replacen("[site]\n", "[site]\nendpoint = \"https://log.example.com/consent/proofs\"\n", 1)
}

#[test]
fn check_warns_when_proofs_stay_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.toml");
    let fixture = std::fs::read_to_string(root().join("crates/kakor-core/src/fixture.toml")).unwrap();
    std::fs::write(&file, &fixture).unwrap();
    let out = kakor(&["check", file.to_str().unwrap()]);
    assert!(out.status.success(), "a warning is no error: {}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "warning: site.endpoint is unset: proofs stay in the visitor's browser; an authority will ask you for them"
        ),
        "{err}"
    );
    assert!(err.contains("site.toml:1:1"), "{err}");
    assert!(err.contains("site.toml: 1 warning(s)"), "{err}");
    std::fs::write(&file, with_endpoint(&fixture)).unwrap();
    let out = kakor(&["check", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "no warning once proofs go to a consent log");
}

#[test]
fn check_catches_misspelt_fields() {
    let out = kakor(&["check", "tests/fixtures/catalogues/typo.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("unknown field `consent_dayz`"), "{err}");
    assert!(err.contains("--> tests/fixtures/catalogues/typo.toml:5:1"), "{err}");
}

#[test]
fn json_output_is_a_valid_runtime_catalogue() {
    let dir = std::env::temp_dir().join(format!("kakor-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("catalogue.json");
    let out = kakor(&["json", "categories.toml", "--output", json.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let check = kakor(&["check", json.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let toml_check = kakor(&["check", "categories.toml"]);
    let revision = |out: &Output| text(&out.stdout).rsplit("revision ").next().unwrap().to_string();
    assert_eq!(revision(&check), revision(&toml_check), "TOML and JSON give one revision");

    // Standard output gives the same JSON.
    let printed = kakor(&["json", "categories.toml"]);
    assert_eq!(text(&printed.stdout), std::fs::read_to_string(&json).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_refuses_an_invalid_catalogue() {
    let out = kakor(&["json", "tests/fixtures/catalogues/broken.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_and_io_errors_exit_2() {
    let out = kakor(&["check", "no/such/file.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error: reading no/such/file.toml"), "{}", text(&out.stderr));
    assert_eq!(kakor(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(kakor(&["check"]).status.code(), Some(2));
}

#[test]
fn json_carries_each_languages_texts_hash_and_texts_prints_the_bundle_it_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("catalogue.json");
    let file = "www/examples/fintech/catalogue.json";
    let out = kakor(&["json", file, "--output", json.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let catalogue: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    for lang in ["en", "sv"] {
        let bundle = kakor(&["texts", file, "--lang", lang]);
        assert!(bundle.status.success(), "{}", text(&bundle.stderr));
        let body: serde_json::Value = serde_json::from_slice(&bundle.stdout).expect("a bundle is JSON");
        assert_eq!(body["language"], lang);
        assert!(!bundle.stdout.ends_with(b"\n"), "the bundle's bytes alone, as hashed");
        let hash = kakor(&["texts", file, "--lang", lang, "--sha256"]);
        let hash = text(&hash.stdout).trim().to_string();
        assert_eq!(catalogue["texts_sha256"][lang], hash.as_str(), "{lang}");
        assert_eq!(hash, sha256_hex(&bundle.stdout), "{lang}: the SHA-256 of the bytes printed");
    }
    // The JSON with its hashes is itself a valid catalogue.
    let check = kakor(&["check", json.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn check_refuses_texts_hashes_the_texts_no_longer_match() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("catalogue.json");
    let out = kakor(&["json", "www/examples/fintech/catalogue.json", "--output", json.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let edited =
        std::fs::read_to_string(&json).unwrap().replacen("Northvale Payments AB", "Northvale Betalningar AB", 1);
    std::fs::write(&json, edited).unwrap();
    let out = kakor(&["check", json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("does not match the catalogue's texts"), "{err}");
    assert!(err.contains("at `texts_sha256.en`") && err.contains("at `texts_sha256.sv`"), "{err}");
    // The fix the message names works: `kakor json` writes the hashes anew.
    let out = kakor(&["json", json.to_str().unwrap(), "--output", json.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let check = kakor(&["check", json.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn texts_refuses_a_language_the_catalogue_lacks() {
    let out = kakor(&["texts", "categories.toml", "--lang", "de"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not written in `de`"), "{}", text(&out.stderr));
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

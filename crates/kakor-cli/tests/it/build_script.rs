//! build.rs with `KAKOR_CATALOGUE`: a catalogue kept outside the repository
//! is what the banner is built with, and its problems name that file. Cargo
//! runs the real build script (`cargo check` of the wasm crate), which is
//! quick once the dependencies are checked: only build.rs and the crate run
//! again. One test, so the runs never share build.rs's output directory.

use super::{root, text};
use std::path::Path;
use std::process::{Command, Output};

fn check_with(catalogue: &Path) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(["check", "--quiet", "-p", "kakor", "--target", "wasm32-unknown-unknown"])
        .args(["--message-format", "json-render-diagnostics"])
        .env("KAKOR_CATALOGUE", catalogue)
        .current_dir(root())
        .output()
        .unwrap()
}

/// The directory build.rs wrote to, from cargo's messages.
fn out_dir(stdout: &str) -> String {
    let found = stdout.lines().filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok()).find(|m| {
        m["reason"] == "build-script-executed" && m["package_id"].as_str().is_some_and(|id| id.contains("#kakor@"))
    });
    found.and_then(|m| m["out_dir"].as_str().map(str::to_string)).expect("cargo names build.rs's output")
}

#[test]
fn the_banner_is_built_with_a_catalogue_kept_elsewhere() {
    let dir = tempfile::tempdir().unwrap();

    // Every problem of the outside file, at that file's places.
    let broken = dir.path().join("broken-site.toml");
    std::fs::copy(root().join("tests/fixtures/catalogues/nine.toml"), &broken).unwrap();
    let out = check_with(&broken);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains(&format!("--> {}:6:1", broken.display())), "{err}");
    assert!(err.contains(&format!("error: {} has 9 problem(s)", broken.display())), "{err}");

    // A valid one: its site name is in the built-in catalogue, and the
    // loader's Consent Mode default comes from it too.
    let site = dir.path().join("site.toml");
    let ours = std::fs::read_to_string(root().join("categories.toml")).unwrap();
    let theirs = ours.replacen("name = \"Norrsken Systems\"", "name = \"Utanför Repot AB\"", 1).replacen(
        "\n[consent_mode]\n",
        "\n[consent_mode]\nregions = [\"SE\"]\n",
        1,
    );
    assert!(theirs.contains("Utanför") && theirs.contains("[\"SE\"]"), "categories.toml changed shape");
    std::fs::write(&site, theirs).unwrap();
    let out = check_with(&site);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let built = Path::new(&out_dir(&text(&out.stdout))).to_path_buf();
    let catalogue = std::fs::read_to_string(built.join("catalogue.json")).unwrap();
    assert!(catalogue.contains("\"name\":\"Utanför Repot AB\""), "{catalogue}");
    // With the SHA-256 of its texts, computed here so the wasm needs none:
    // the hash `kakor texts` gives for the same file.
    let embedded: serde_json::Value = serde_json::from_str(&catalogue).unwrap();
    let hashed = super::kakor(&["texts", site.to_str().unwrap(), "--lang", "en", "--sha256"]);
    assert_eq!(embedded["texts_sha256"]["en"], text(&hashed.stdout).trim(), "{catalogue}");
    let loader: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(built.join("loader.json")).unwrap()).unwrap();
    assert_eq!(loader["consent_mode"]["regions"], serde_json::json!(["SE"]));
    assert_eq!(loader["signals"].as_array().map(Vec::len), Some(kakor_core::consent_mode::SIGNALS.len()));

    // One in French, a language kakor does not ship, with the word list it
    // includes (`site.include`, relative to the catalogue) compiled in.
    let out = check_with(&root().join("tests/fixtures/catalogues/french.toml"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let built = Path::new(&out_dir(&text(&out.stdout))).join("catalogue.json");
    let catalogue = std::fs::read_to_string(built).unwrap();
    assert!(catalogue.contains("\"accept_all\":{\"fr\":\"Tout accepter\"}"), "{catalogue}");
}

//! Compiles the built-in catalogue into the banner: parsed and validated
//! natively, then embedded as JSON, so the wasm carries no TOML parser, with
//! the SHA-256 of each language's texts bundle (`texts_sha256`), so the wasm
//! carries no SHA-256 either. Checks that the version every proof names is
//! the package's in Cargo.toml, kakor-core and package.json alike. Also
//! embeds the shadow roots' style sheets without their comments and
//! indentation, and writes what the loader needs (`loader.json`).
//!
//! The catalogue is `categories.toml` unless `KAKOR_CATALOGUE` names another
//! file (TOML, or JSON when it ends in `.json`), so a site keeps its own
//! catalogue outside this repository; a relative path is from this directory.

use kakor_core::consent_mode::SIGNALS;
use kakor_core::source::{check_with, texts_sha256};
use kakor_core::texts::KEYS;
use std::{env, fs, path::Path, process};

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    same_version();
    println!("cargo:rerun-if-env-changed=KAKOR_CATALOGUE");
    let source = env::var("KAKOR_CATALOGUE").ok().filter(|path| !path.is_empty());
    let source = source.as_deref().unwrap_or("categories.toml");
    let text = read_file(source);
    let renderer = annotate_snippets::Renderer::plain();
    // The word lists it includes (`site.include`) are part of it too.
    let checked = check_with(source, &text, &renderer, &mut |path| {
        println!("cargo:rerun-if-changed={}", path.display());
        fs::read_to_string(path)
    });
    let Some(mut catalogue) = checked.catalogue else {
        eprintln!("{}", checked.problems.rendered);
        eprintln!("error: {source} has {} problem(s); see docs/catalogue.md", checked.problems.count);
        process::exit(1);
    };
    // Cargo shows a build script's warnings one line each.
    for line in checked.problems.rendered.lines().filter(|line| !line.trim().is_empty()) {
        println!("cargo:warning={line}");
    }
    // The banner has words of its own only in the languages its features
    // include (see Cargo.toml); the built-in catalogue must give every word
    // of any other it speaks, as one it includes from languages/ does.
    let complete =
        |lang: &str| KEYS.iter().all(|key| catalogue.texts.entry(key).is_some_and(|t| t.get(lang).is_some()));
    let left_out: Vec<&str> = catalogue
        .site
        .languages
        .iter()
        .map(String::as_str)
        .filter(|lang| *lang != "en" && env::var_os(format!("CARGO_FEATURE_{}", lang.to_uppercase())).is_none())
        .filter(|lang| !complete(lang))
        .collect();
    if !left_out.is_empty() {
        eprintln!(
            "error: {source}: site.languages lists languages this build of kakor leaves out: `{}`; \
             add them to KAKOR_LANGUAGES (build.sh), build with every language, or give every word in [texts]",
            left_out.join("`, `")
        );
        process::exit(1);
    }
    catalogue.texts_sha256 = texts_sha256(&catalogue);
    let json = serde_json::to_string(&catalogue).expect("a catalogue always serializes");
    write(&Path::new(&out).join("catalogue.json"), &json);
    // What build.sh writes into kakor.js, which sends the Consent Mode
    // default before the module loads: the built-in catalogue's
    // [consent_mode] and the signal list, kept once in kakor-core.
    let loader = serde_json::json!({ "consent_mode": catalogue.consent_mode, "signals": SIGNALS });
    write(&Path::new(&out).join("loader.json"), &loader.to_string());
    for sheet in ["banner.css", "placeholder.css"] {
        write(&Path::new(&out).join(sheet), &squeeze(&read_file(&format!("src/{sheet}"))));
    }
}

/// Proofs name `kakor_core::VERSION`; the npm package and this crate must
/// be the same version, or a proof would name a release that does not exist.
fn same_version() {
    let package: serde_json::Value = serde_json::from_str(&read_file("package.json")).unwrap_or_else(|error| {
        eprintln!("error: package.json is not JSON: {error}");
        process::exit(1);
    });
    let crate_version = env!("CARGO_PKG_VERSION");
    let npm = package["version"].as_str().unwrap_or_default();
    if npm != crate_version || kakor_core::VERSION != crate_version {
        eprintln!(
            "error: versions differ: Cargo.toml {crate_version}, crates/kakor-core {}, package.json {npm}; \
             keep them equal, proofs name it",
            kakor_core::VERSION
        );
        process::exit(1);
    }
}

/// Drops comments and folds white space, which saves about 700 B brotli of
/// the download. Deliberately no more than that: a space inside a selector
/// (`a :focus`) means something, so only the space around `{`, `}` and `;`
/// goes. Hand-written because the style sheets are ours and this is all
/// they need; a CSS minifier crate would add a full parser to every build.
fn squeeze(css: &str) -> String {
    let mut plain = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        plain.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    plain.push_str(rest);
    let folded = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if matches!(c, '{' | '}' | ';') && out.ends_with(' ') {
            out.pop();
        }
        if c == ' ' && out.ends_with(['{', '}', ';']) {
            continue;
        }
        out.push(c);
    }
    out
}

fn read_file(path: &str) -> String {
    println!("cargo:rerun-if-changed={path}");
    fs::read_to_string(path).unwrap_or_else(|error| {
        eprintln!("error: cannot read {path}: {error}");
        process::exit(1);
    })
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|error| {
        eprintln!("error: cannot write {}: {error}", path.display());
        process::exit(1);
    });
}

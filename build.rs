//! Compiles `categories.toml` into the banner: parsed and validated natively,
//! then embedded as JSON, so the wasm carries no TOML parser. Also embeds the
//! shadow roots' style sheets without their comments and indentation.

use kakor_core::source::{read_toml, Problems};
use std::{env, fs, path::Path, process};

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let source = "categories.toml";
    let text = read(source);
    let renderer = annotate_snippets::Renderer::plain();
    let catalogue = read_toml(source, &text, &renderer).unwrap_or_else(|problems: Problems| {
        eprintln!("{}", problems.rendered);
        eprintln!("error: {source} has {} problem(s); see README.md, \"The catalogue\"", problems.count);
        process::exit(1);
    });
    // The banner speaks only the languages its features include (see
    // Cargo.toml); the built-in catalogue must not need another.
    let left_out: Vec<&str> = catalogue
        .site
        .languages
        .iter()
        .map(String::as_str)
        .filter(|lang| *lang != "en" && env::var_os(format!("CARGO_FEATURE_{}", lang.to_uppercase())).is_none())
        .collect();
    if !left_out.is_empty() {
        eprintln!(
            "error: {source}: site.languages lists languages this build of kakor leaves out: `{}`; \
             add them to KAKOR_LANGUAGES (build.sh) or build with every language",
            left_out.join("`, `")
        );
        process::exit(1);
    }
    let json = serde_json::to_string(&catalogue).expect("a catalogue always serializes");
    write(&Path::new(&out).join("catalogue.json"), &json);
    for sheet in ["banner.css", "placeholder.css"] {
        write(&Path::new(&out).join(sheet), &squeeze(&read(&format!("src/{sheet}"))));
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

fn read(path: &str) -> String {
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

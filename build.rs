//! Compiles `categories.toml` into the banner: parsed and validated natively,
//! then embedded as JSON, so the wasm carries no TOML parser.

use kakor_core::source::{read_toml, Problems};
use std::{env, fs, path::Path, process};

fn main() {
    let source = "categories.toml";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|error| {
        eprintln!("error: cannot read {source}: {error}");
        process::exit(1);
    });
    let renderer = annotate_snippets::Renderer::plain();
    let catalogue = read_toml(source, &text, &renderer).unwrap_or_else(|problems: Problems| {
        eprintln!("{}", problems.rendered);
        eprintln!("error: {source} has {} problem(s); see README.md, \"The catalogue\"", problems.count);
        process::exit(1);
    });
    let json = serde_json::to_string(&catalogue).expect("a catalogue always serializes");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.json");
    fs::write(&out, json).unwrap_or_else(|error| {
        eprintln!("error: cannot write {}: {error}", out.display());
        process::exit(1);
    });
}

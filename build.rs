//! Compiles `categories.toml` into the banner: parsed and validated natively,
//! then embedded as JSON, so the wasm carries no TOML parser.

use std::{env, fs, path::Path, process};

fn main() {
    let source = "categories.toml";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|error| {
        eprintln!("error: cannot read {source}: {error}");
        process::exit(1);
    });
    let catalogue = kakor_core::source::read_toml(source, &text).unwrap_or_else(|report| {
        eprintln!("{report}");
        eprintln!("error: {source} is not a valid catalogue; see README.md, \"The catalogue\"");
        process::exit(1);
    });
    let json = serde_json::to_string(&catalogue).expect("a catalogue always serializes");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.json");
    fs::write(&out, json).unwrap_or_else(|error| {
        eprintln!("error: cannot write {}: {error}", out.display());
        process::exit(1);
    });
}

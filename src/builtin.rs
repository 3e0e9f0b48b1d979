//! The built-in catalogue: `categories.toml`, validated by build.rs and
//! embedded as JSON, which the browser's own `JSON.parse` reads.

pub const CATALOGUE: &str = include_str!(concat!(env!("OUT_DIR"), "/catalogue.json"));

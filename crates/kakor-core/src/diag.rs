//! Problems found in a catalogue, located by key path.
//!
//! A path (`services[2].category`) serves both sources: build.rs maps it back to
//! a line and column in `categories.toml`, the web shell reports it as is for a
//! runtime JSON catalogue.

/// One problem, with where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Key path into the catalogue, e.g. `services[2].category`.
    pub path: String,
    /// Lowercase, no final period; names the offending value in backticks.
    pub message: String,
}

impl Diagnostic {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { path: path.into(), message: message.into() }
    }

    /// `path: message`, the form a console or a rejected promise shows.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.path.len() + self.message.len() + 2);
        out.push_str(&self.path);
        out.push_str(": ");
        out.push_str(&self.message);
        out
    }
}

/// Joins a parent path and a key: `services[2]` + `id` → `services[2].id`.
pub fn join(parent: &str, key: &str) -> String {
    let mut out = String::with_capacity(parent.len() + key.len() + 1);
    out.push_str(parent);
    if !parent.is_empty() {
        out.push('.');
    }
    out.push_str(key);
    out
}

/// `services` + 2 → `services[2]`.
pub fn index(parent: &str, i: usize) -> String {
    let mut out = String::with_capacity(parent.len() + 4);
    out.push_str(parent);
    out.push('[');
    crate::time::push_uint(&mut out, i as u64);
    out.push(']');
    out
}

//! Reading catalogue files natively (build.rs and the `kakor` command, never
//! the wasm), with every problem placed and rendered by annotate-snippets: a
//! source line and a caret for TOML and for JSON syntax errors, the JSON path
//! for problems found in a JSON catalogue's content.
//!
//! The content is read by [`crate::read`], the reader the banner runs, over
//! the parsed document, so one run reports every problem, in the order of
//! their places.

use crate::catalogue::Catalogue;
use crate::diag::Diagnostic;
use crate::read::Node;
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
pub use include::Load;
use json::Json;
use std::cmp::Ordering;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Every problem of a file, rendered, and how many there were.
#[derive(Debug, Default)]
pub struct Problems {
    /// Errors: any makes the file unusable.
    pub count: usize,
    /// Warnings: worth a look, the file is still used.
    pub warnings: usize,
    pub rendered: String,
}

/// What reading a catalogue file found.
#[derive(Debug)]
pub struct Checked {
    /// The catalogue, when the file has no errors (warnings allowed).
    pub catalogue: Option<Catalogue>,
    /// Every error and warning, in the order of their places.
    pub problems: Problems,
}

/// Reads a catalogue from TOML or JSON, chosen by the file's extension
/// (`.json` is JSON, anything else TOML); warnings are left out.
pub fn read(file: &str, text: &str, renderer: &Renderer) -> Result<Catalogue, Problems> {
    let checked = check(file, text, renderer);
    checked.catalogue.ok_or(checked.problems)
}

/// Reads a catalogue as [`read`] does, with its warnings; the word lists a
/// TOML catalogue includes are read from the file system.
pub fn check(file: &str, text: &str, renderer: &Renderer) -> Checked {
    check_with(file, text, renderer, &mut |path| std::fs::read_to_string(path))
}

/// Reads a catalogue as [`check`] does, its included files through `load`
/// (build.rs tells cargo to watch each).
pub fn check_with(file: &str, text: &str, renderer: &Renderer, load: Load<'_>) -> Checked {
    check_by_name(file, text, renderer, load, Hashes::Check)
}

/// Reads a catalogue as [`check`] does, but takes `texts_sha256` as it
/// comes: for `kakor json`, which writes the hashes anew, so a catalogue
/// whose texts changed (an edit, or kakor's own words in a new release) is
/// brought up to date rather than refused.
pub fn check_to_rehash(file: &str, text: &str, renderer: &Renderer) -> Checked {
    check_by_name(file, text, renderer, &mut |path| std::fs::read_to_string(path), Hashes::Ignore)
}

/// JSON by its `.json` name, TOML otherwise.
fn check_by_name(file: &str, text: &str, renderer: &Renderer, load: Load<'_>, hashes: Hashes) -> Checked {
    if file.ends_with(".json") {
        check_json(file, text, renderer, hashes)
    } else {
        check_toml(file, text, renderer, load, hashes)
    }
}

/// Whether a catalogue's `texts_sha256` must match its texts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hashes {
    Check,
    Ignore,
}

/// Parses and validates a TOML catalogue.
pub fn read_toml(file: &str, text: &str, renderer: &Renderer) -> Result<Catalogue, Problems> {
    let checked = check_toml(file, text, renderer, &mut |path| std::fs::read_to_string(path), Hashes::Check);
    checked.catalogue.ok_or(checked.problems)
}

/// Parses and validates a JSON catalogue (the runtime form, `data-catalogue`).
pub fn read_json(file: &str, text: &str, renderer: &Renderer) -> Result<Catalogue, Problems> {
    let checked = check_json(file, text, renderer, Hashes::Check);
    checked.catalogue.ok_or(checked.problems)
}

fn check_toml(file: &str, text: &str, renderer: &Renderer, load: Load<'_>, hashes: Hashes) -> Checked {
    let (mut tree, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        let mut found: Vec<(Range<usize>, &str)> =
            syntax.iter().map(|error| (error.span().unwrap_or(0..0), error.message())).collect();
        found.sort_by_key(|(span, _)| span.start);
        let rendered =
            found.iter().map(|(span, message)| snippet(renderer, Level::ERROR, file, text, span.clone(), message));
        return failed(rendered.collect());
    }
    let mut included = include::read(file, &mut tree, load);
    let read = crate::read::catalogue_with(Toml::Table(tree.get_ref()), |catalogue| included.merge(catalogue));
    let (catalogue, found) = match read {
        // A problem in an included file makes the catalogue unusable too.
        Ok(catalogue) if included.placed.is_empty() && included.inside.is_empty() => reviewed(Ok(catalogue), hashes),
        Ok(_) => (None, Vec::new()),
        Err(mut errors) => {
            if included.unreadable {
                errors.retain(|problem| !problem.message.starts_with(crate::texts::MISSING));
            }
            (None, errors)
        }
    };
    let level = if catalogue.is_some() { Level::WARNING } else { Level::ERROR };
    let place = |problem: &Diagnostic| {
        let key = problem.message.starts_with(crate::read::UNKNOWN_FIELD);
        let key = if key { locate_key(&tree, &problem.path) } else { None };
        key.or_else(|| locate(&tree, &problem.path)).unwrap_or(0..0)
    };
    let mut placed: Vec<(Range<usize>, &Diagnostic)> = Vec::new();
    let mut inside: Vec<(usize, Range<usize>, &str)> =
        included.inside.iter().map(|problem| (problem.list, problem.span.clone(), problem.message.as_str())).collect();
    for problem in &found {
        match included.origin(&problem.path) {
            Some(list) => inside.push((list, included.lists[list].span(&problem.path), &problem.message)),
            None => placed.push((place(problem), problem)),
        }
    }
    placed.extend(included.placed.iter().map(|(span, problem)| (span.clone(), problem)));
    placed.sort_by_key(|(span, _)| span.start);
    inside.sort_by_key(|(list, span, _)| (*list, span.start));
    let mut rendered: Vec<String> = placed
        .into_iter()
        .map(|(span, problem)| snippet(renderer, level.clone(), file, text, span, &problem.message))
        .collect();
    for (list, span, message) in inside {
        let list = &included.lists[list];
        rendered.push(snippet(renderer, level.clone(), &list.name, &list.text, span, message));
    }
    finish(catalogue, rendered)
}

fn check_json(file: &str, text: &str, renderer: &Renderer, hashes: Hashes) -> Checked {
    let value: Json = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let offset = offset_of(text, error.line(), error.column());
            let mut message = error.to_string();
            if let Some(at) = message.rfind(" at line ") {
                message.truncate(at);
            }
            return failed(vec![snippet(renderer, Level::ERROR, file, text, offset..offset, &message)]);
        }
    };
    let (catalogue, mut found) = reviewed(crate::read::catalogue(&value), hashes);
    // A TOML catalogue is hashed when it is built or converted; a JSON one
    // is what the banner runs, so without hashes its proofs name no texts.
    if catalogue.as_ref().is_some_and(|c| c.texts_sha256.is_empty()) && hashes == Hashes::Check {
        found.push(Diagnostic::new(
            "texts_sha256",
            "texts_sha256 is missing, so proofs cannot name the texts the visitor saw and a consent log \
             refuses them: write this file with `kakor json`, which adds it",
        ));
    }
    let level = if catalogue.is_some() { Level::WARNING } else { Level::ERROR };
    found.sort_by(|a, b| path_order(&a.path, &b.path));
    let rendered = found.iter().map(|problem| at_path(renderer, level.clone(), file, problem)).collect();
    finish(catalogue, rendered)
}

/// What the reader found, with the checks only a native build can make: a
/// catalogue whose `texts_sha256` no longer matches its texts is refused
/// (a proof would name texts no one can show); a good one has its warnings.
fn reviewed(read: Result<Catalogue, Vec<Diagnostic>>, hashes: Hashes) -> (Option<Catalogue>, Vec<Diagnostic>) {
    let catalogue = match read {
        Ok(catalogue) => catalogue,
        Err(errors) => return (None, errors),
    };
    let computed = texts_sha256(&catalogue);
    let given = &catalogue.texts_sha256;
    let mut stale = Vec::new();
    if hashes == Hashes::Check && !given.is_empty() {
        for (lang, hash) in &computed.0 {
            if given.get(lang) != Some(hash.as_str()) {
                let message = match given.get(lang) {
                    None => "missing; `kakor json` writes texts_sha256 for every language at once",
                    Some(_) => "does not match the catalogue's texts, which changed since `kakor json` wrote it; run `kakor json` again",
                };
                stale.push(Diagnostic::new(crate::diag::join("texts_sha256", lang), message));
            }
        }
        for (lang, _) in given.0.iter().filter(|(lang, _)| computed.get(lang).is_none()) {
            let message = ["`", lang, "` is not in site.languages"].concat();
            stale.push(Diagnostic::new(crate::diag::join("texts_sha256", lang), message));
        }
    }
    if !stale.is_empty() {
        return (None, stale);
    }
    let warnings = crate::validate::warnings(&catalogue);
    (Some(catalogue), warnings)
}

/// The SHA-256 of each language's texts bundle ([`crate::texts::bundle`]),
/// as `Catalogue::texts_sha256` holds it: what build.rs embeds and `kakor
/// json` writes.
pub fn texts_sha256(catalogue: &Catalogue) -> crate::catalogue::Table<String> {
    use sha2::{Digest, Sha256};
    let hashes = catalogue.site.languages.iter().map(|lang| {
        let digest = Sha256::digest(crate::texts::bundle(catalogue, lang).as_bytes());
        let hex: String =
            digest.iter().flat_map(|b| [crate::hash::hex_digit(b >> 4), crate::hash::hex_digit(b & 0xf)]).collect();
        (lang.clone(), hex)
    });
    crate::catalogue::Table(hashes.collect())
}

/// A file that cannot be used: all of `rendered` are errors.
fn failed(rendered: Vec<String>) -> Checked {
    Checked {
        catalogue: None,
        problems: Problems { count: rendered.len(), warnings: 0, rendered: rendered.join("\n") },
    }
}

/// `rendered` are errors when there is no catalogue, else warnings.
fn finish(catalogue: Option<Catalogue>, rendered: Vec<String>) -> Checked {
    let (count, warnings) = if catalogue.is_some() { (0, rendered.len()) } else { (rendered.len(), 0) };
    Checked { catalogue, problems: Problems { count, warnings, rendered: rendered.join("\n") } }
}

/// JSON paths in the order a reader meets them: key by key, list items by
/// number (`services[2]` before `services[10]`).
fn path_order(a: &str, b: &str) -> Ordering {
    let segments = |path: &str| -> Vec<(String, usize)> {
        path.split(['.', '['])
            .map(|segment| match segment.strip_suffix(']').and_then(|n| n.parse().ok()) {
                Some(n) => (String::new(), n),
                None => (segment.to_string(), 0),
            })
            .collect()
    };
    segments(a).cmp(&segments(b))
}

fn snippet(renderer: &Renderer, level: Level<'_>, file: &str, text: &str, span: Range<usize>, message: &str) -> String {
    let report = &[level
        .primary_title(message)
        .element(Snippet::source(text).path(file).annotation(AnnotationKind::Primary.span(span)))];
    renderer.render(report)
}

fn at_path(renderer: &Renderer, level: Level<'_>, file: &str, problem: &Diagnostic) -> String {
    let report = &[level
        .primary_title(problem.message.as_str())
        .element(Origin::path(file))
        .element(Level::NOTE.message(["at `", &problem.path, "`"].concat()))];
    renderer.render(report)
}

/// A TOML document (its root table) or one value inside it.
#[derive(Clone, Copy)]
enum Toml<'a, 'i> {
    Table(&'a DeTable<'i>),
    Value(&'a DeValue<'i>),
}

impl<'a, 'i> Toml<'a, 'i> {
    fn value(&self) -> Option<&'a DeValue<'i>> {
        match *self {
            Toml::Value(value) => Some(value),
            Toml::Table(_) => None,
        }
    }
}

impl<'a, 'i> Node for Toml<'a, 'i> {
    fn text(&self) -> Option<String> {
        self.value()?.as_str().map(str::to_string)
    }
    fn flag(&self) -> Option<bool> {
        self.value()?.as_bool()
    }
    fn number(&self) -> Option<f64> {
        match self.value()? {
            DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix()).ok().map(|n| n as f64),
            DeValue::Float(n) => n.as_str().replace('_', "").parse().ok(),
            _ => None,
        }
    }
    fn items(&self) -> Option<Vec<Self>> {
        Some(self.value()?.as_array()?.iter().map(|item| Toml::Value(item.get_ref())).collect())
    }
    fn entries(&self) -> Option<Vec<(String, Self)>> {
        let table = match *self {
            Toml::Table(table) => table,
            Toml::Value(value) => value.as_table()?,
        };
        Some(table.iter().map(|(key, value)| (key.get_ref().to_string(), Toml::Value(value.get_ref()))).collect())
    }
}

/// Byte offset of serde_json's 1-based line and column, moved back to the
/// start of a character: serde_json counts columns in bytes, and an error
/// inside a multi-byte character would otherwise split it (found by fuzzing).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The span of the value at a diagnostic's key path (`services[2].category`),
/// or of the nearest ancestor that exists.
pub fn locate(root: &Spanned<DeTable<'_>>, path: &str) -> Option<Range<usize>> {
    let mut best = None;
    let mut table = Some(root.get_ref());
    for segment in path.split('.') {
        let (key, indices) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        let mut value: Option<&Spanned<DeValue<'_>>> = table.and_then(|t| t.get(key));
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            best = value.map(|v| v.span()).or(best);
            let items = value.and_then(|v| v.get_ref().as_array());
            value = items.and_then(|items| items.get(index.parse::<usize>().ok()?));
        }
        let Some(value) = value else { break };
        best = Some(value.span());
        table = value.get_ref().as_table();
    }
    best
}

/// The span of the key that ends `path` (`site.consent_dayz`): where a
/// field that should not be there is shown.
fn locate_key(root: &Spanned<DeTable<'_>>, path: &str) -> Option<Range<usize>> {
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    let table = match parent {
        "" => root.get_ref(),
        _ => exact(root, parent)?.get_ref().as_table()?,
    };
    table.get_key_value(key).map(|(key, _)| key.span())
}

/// The value at a key path, if it is there.
fn exact<'a, 'i>(root: &'a Spanned<DeTable<'i>>, path: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    let mut table = Some(root.get_ref());
    let mut found = None;
    for segment in path.split('.') {
        let (key, indices) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        let mut value = table?.get(key)?;
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            value = value.get_ref().as_array()?.get(index.parse::<usize>().ok()?)?;
        }
        found = Some(value);
        table = value.get_ref().as_table();
    }
    found
}

mod include;
mod json;
#[cfg(test)]
mod tests;

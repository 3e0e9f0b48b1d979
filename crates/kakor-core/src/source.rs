//! Reading catalogue files natively (build.rs and the `kakor` command, never
//! the wasm), with every problem placed and rendered by annotate-snippets: a
//! source line and a caret for TOML and for JSON syntax errors, the JSON path
//! for problems found in a JSON catalogue's content.

use crate::catalogue::Catalogue;
use crate::diag::Diagnostic;
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Every problem of a file, rendered, and how many there were.
#[derive(Debug)]
pub struct Problems {
    pub count: usize,
    pub rendered: String,
}

/// Reads a catalogue from TOML or JSON, chosen by the file's extension
/// (`.json` is JSON, anything else TOML).
pub fn read(file: &str, text: &str, renderer: &Renderer) -> Result<Catalogue, Problems> {
    if file.ends_with(".json") {
        read_json(file, text, renderer)
    } else {
        read_toml(file, text, renderer)
    }
}

/// Parses and validates a TOML catalogue.
pub fn read_toml(file: &str, text: &str, renderer: &Renderer) -> Result<Catalogue, Problems> {
    let catalogue: Catalogue = toml::from_str(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        problems(vec![snippet(renderer, file, text, span, error.message())])
    })?;
    let found = crate::validate(&catalogue);
    if found.is_empty() {
        return Ok(catalogue);
    }
    let tree = DeTable::parse(text).ok();
    Err(problems(
        found
            .iter()
            .map(|problem| {
                let span = tree.as_ref().and_then(|t| locate(t, &problem.path)).unwrap_or(0..0);
                snippet(renderer, file, text, span, &problem.message)
            })
            .collect(),
    ))
}

/// Parses and validates a JSON catalogue (the runtime form, `data-catalogue`).
pub fn read_json(file: &str, text: &str, renderer: &Renderer) -> Result<Catalogue, Problems> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let catalogue: Catalogue = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.inner();
        let offset = offset_of(text, inner.line(), inner.column());
        let mut message = inner.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        if path != "." {
            message = [path.as_str(), ": ", &message].concat();
        }
        problems(vec![snippet(renderer, file, text, offset..offset, &message)])
    })?;
    let found = crate::validate(&catalogue);
    if found.is_empty() {
        return Ok(catalogue);
    }
    Err(problems(found.iter().map(|problem| at_path(renderer, file, problem)).collect()))
}

fn problems(rendered: Vec<String>) -> Problems {
    Problems { count: rendered.len(), rendered: rendered.join("\n") }
}

fn snippet(renderer: &Renderer, file: &str, text: &str, span: Range<usize>, message: &str) -> String {
    let report = &[Level::ERROR
        .primary_title(message)
        .element(Snippet::source(text).path(file).annotation(AnnotationKind::Primary.span(span)))];
    renderer.render(report)
}

fn at_path(renderer: &Renderer, file: &str, problem: &Diagnostic) -> String {
    let report = &[Level::ERROR
        .primary_title(problem.message.as_str())
        .element(Origin::path(file))
        .element(Level::NOTE.message(["at `", &problem.path, "`"].concat()))];
    renderer.render(report)
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

#[cfg(test)]
mod tests;

//! Reading `categories.toml` natively, with every problem placed at
//! `file:line:column` (build.rs and the CLI; never the wasm).

use crate::catalogue::Catalogue;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Parses and validates a TOML catalogue. On failure, returns every problem
/// rendered as `file:line:column: error: message`, one per line.
pub fn read_toml(file: &str, text: &str) -> Result<Catalogue, String> {
    let catalogue: Catalogue = match toml::from_str(text) {
        Ok(catalogue) => catalogue,
        Err(error) => {
            let start = error.span().map_or(0, |span| span.start);
            return Err(render(file, text, start, error.message()));
        }
    };
    let problems = crate::validate(&catalogue);
    if problems.is_empty() {
        return Ok(catalogue);
    }
    let tree = DeTable::parse(text).ok();
    let rendered: Vec<String> = problems
        .iter()
        .map(|problem| {
            let start = tree.as_ref().and_then(|t| locate(t, &problem.path)).unwrap_or(0);
            render(file, text, start, &problem.message)
        })
        .collect();
    Err(rendered.join("\n"))
}

fn render(file: &str, text: &str, offset: usize, message: &str) -> String {
    let (line, column) = line_column(text, offset);
    let source_line = text.lines().nth(line - 1).unwrap_or("");
    let mut caret = " ".repeat(column - 1);
    caret.push('^');
    [
        file, ":", &line.to_string(), ":", &column.to_string(), ": error: ", message, "\n    ",
        source_line, "\n    ", &caret,
    ]
    .concat()
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The byte offset of the value at a diagnostic's key path
/// (`services[2].category`), or of the nearest ancestor that exists.
pub fn locate(root: &Spanned<DeTable<'_>>, path: &str) -> Option<usize> {
    let mut best = None;
    let mut table = Some(root.get_ref());
    for segment in path.split('.') {
        let (key, indices) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        let mut value: Option<&Spanned<DeValue<'_>>> = table.and_then(|t| t.get(key));
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            best = value.map(|v| v.span().start).or(best);
            let items = value.and_then(|v| v.get_ref().as_array());
            value = items.and_then(|items| items.get(index.parse::<usize>().ok()?));
        }
        let Some(value) = value else { break };
        best = Some(value.span().start);
        table = value.get_ref().as_table();
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[site]\nname = \"Acme\"\n\n[[services]]\nid = \"a\"\n\n[[services]]\nid = \"b\"\ncategory = \"nope\"\n";

    #[test]
    fn locates_nested_paths() {
        let tree = DeTable::parse(TEXT).unwrap();
        let at = locate(&tree, "services[1].category").unwrap();
        assert_eq!(line_column(TEXT, at), (9, 12));
        let at = locate(&tree, "site.name").unwrap();
        assert_eq!(line_column(TEXT, at), (2, 8));
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let tree = DeTable::parse(TEXT).unwrap();
        let at = locate(&tree, "services[1].cookies[0].name").unwrap();
        assert_eq!(line_column(TEXT, at).0, 7);
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("a\nåäö=x", 9), (2, 5));
        assert_eq!(line_column("abc", 0), (1, 1));
    }
}

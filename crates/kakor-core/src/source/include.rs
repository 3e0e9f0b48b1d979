//! `site.include`: word lists a TOML catalogue takes its words from, such as
//! `languages/fr.toml`, each a `[texts]` table in the catalogue's own shape
//! (word, then language). They are merged into the catalogue's `[texts]`
//! before its rules are checked, so a language kakor does not ship is
//! complete when the lists give every word; the catalogue's own words come
//! first. Only the catalogue that `kakor json` writes and build.rs compiles
//! in carries the words, so a list costs the visitor its own bytes only.
//!
//! A problem inside a list is shown at that file's line and column; one
//! about a list as a whole (unreadable, its language not offered) at its
//! entry in `site.include`.

use super::{locate, locate_key, Toml};
use crate::catalogue::{Catalogue, Localized, Table};
use crate::diag::{index, join, Diagnostic};
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// How included files are read: from the file system for build.rs and
/// `kakor`, from memory in tests.
pub type Load<'a> = &'a mut dyn FnMut(&Path) -> std::io::Result<String>;

/// A problem in the including catalogue, at a span of it.
pub type Placed = (Range<usize>, Diagnostic);

/// One included word list, read.
pub struct List {
    /// The file's name as shown: the include's path from the catalogue's directory.
    pub name: String,
    pub text: String,
    /// Where it is named in `site.include`: its index and span.
    entry: usize,
    at: Range<usize>,
    words: Table<Localized>,
    /// The span of each `texts.<word>.<lang>` in `text`.
    spans: Vec<(String, Range<usize>)>,
}

impl List {
    /// The span in this file of a problem at `path`.
    pub fn span(&self, path: &str) -> Range<usize> {
        self.spans.iter().find(|(at, _)| at == path).map_or(0..0, |(_, span)| span.clone())
    }
}

/// A problem inside an included file: which one, where, what.
pub struct InList {
    pub list: usize,
    pub span: Range<usize>,
    pub message: String,
}

/// What reading `site.include` found.
#[derive(Default)]
pub struct Included {
    pub lists: Vec<List>,
    /// Problems at `site.include` in the catalogue.
    pub placed: Vec<Placed>,
    /// Problems inside the lists: syntax, shape, conflicts.
    pub inside: Vec<InList>,
    /// Which list gave each merged `texts.<word>.<lang>`.
    origin: Vec<(String, usize)>,
    /// Whether a list could not be read at all (a syntax error, or no such
    /// file): its words are unknown, so a missing word is no news then.
    pub unreadable: bool,
}

/// Takes `site.include` out of the catalogue's tree (the reader knows no
/// such field: a runtime JSON catalogue cannot include files) and reads
/// every file it names, relative to the directory of `file`.
pub fn read(file: &str, tree: &mut Spanned<DeTable<'_>>, load: Load<'_>) -> Included {
    let mut found = Included::default();
    let site = match tree.get_mut().get_mut("site").map(Spanned::get_mut) {
        Some(DeValue::Table(site)) => site,
        _ => return found,
    };
    let Some(include) = site.remove("include") else { return found };
    let Some(items) = include.get_ref().as_array() else {
        let message = "expected a list of word lists, e.g. `[\"languages/fr.toml\"]`";
        found.placed.push((include.span(), Diagnostic::new("site.include", message)));
        return found;
    };
    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
    for (i, item) in items.iter().enumerate() {
        let at = item.span();
        let problem = |message: String| (at.clone(), Diagnostic::new(index("site.include", i), message));
        let Some(path) = item.get_ref().as_str() else {
            found.placed.push(problem("expected a path, e.g. `\"languages/fr.toml\"`".into()));
            continue;
        };
        if items[..i].iter().any(|earlier| earlier.get_ref().as_str() == Some(path)) {
            found.placed.push(problem(["`", path, "` is included twice"].concat()));
            continue;
        }
        let full = dir.join(path);
        let name = full.display().to_string();
        match load(&full) {
            Ok(text) => found.parse(name, text, i, at),
            Err(error) => {
                found.unreadable = true;
                found.placed.push(problem(["cannot read `", &name, "`: ", &error.to_string()].concat()));
            }
        }
    }
    found
}

impl Included {
    /// Parses one list and reads its words; its problems are kept for
    /// rendering in that file.
    fn parse(&mut self, name: String, text: String, entry: usize, at: Range<usize>) {
        let list = self.lists.len();
        let (tree, syntax) = DeTable::parse_recoverable(&text);
        let mut problems: Vec<(Range<usize>, String)> = Vec::new();
        let mut words = Table::default();
        let mut spans = Vec::new();
        if syntax.is_empty() {
            let found;
            (words, found) = crate::read::word_list(Toml::Table(tree.get_ref()));
            for problem in found {
                let key = problem.message.starts_with(crate::read::UNKNOWN_FIELD);
                let span = if key { locate_key(&tree, &problem.path) } else { None };
                let span = span.or_else(|| locate(&tree, &problem.path)).unwrap_or(0..0);
                problems.push((span, problem.message));
            }
            for (word, texts) in &words.0 {
                for (lang, _) in &texts.0 {
                    let path = join(&join("texts", word), lang);
                    let span = locate(&tree, &path).unwrap_or(0..0);
                    spans.push((path, span));
                }
            }
        } else {
            self.unreadable = true;
            for error in &syntax {
                problems.push((error.span().unwrap_or(0..0), error.message().to_string()));
            }
        }
        drop(tree);
        for (span, message) in problems {
            self.inside.push(InList { list, span, message });
        }
        self.lists.push(List { name, text, entry, at, words, spans });
    }

    /// Adds the lists' words to the catalogue's `[texts]`, where the
    /// catalogue does not give them itself. A list's words in a language
    /// `site.languages` does not offer are refused as a whole, with one
    /// problem at its include; two lists giving the same word in the same
    /// language is a problem in the second.
    pub fn merge(&mut self, catalogue: &mut Catalogue) {
        for (k, list) in self.lists.iter().enumerate() {
            let mut unlisted: Vec<&str> = Vec::new();
            for (_, texts) in &list.words.0 {
                for (lang, _) in &texts.0 {
                    if !catalogue.site.languages.contains(lang) && !unlisted.contains(&lang.as_str()) {
                        unlisted.push(lang);
                    }
                }
            }
            if !unlisted.is_empty() {
                let message = [
                    "`",
                    &list.name,
                    "` gives words in `",
                    &unlisted.join("`, `"),
                    "`, which site.languages does not list; add it there or remove this include",
                ]
                .concat();
                self.placed.push((list.at.clone(), Diagnostic::new(index("site.include", list.entry), message)));
            }
            for (word, texts) in &list.words.0 {
                for (lang, text) in texts.0.iter().filter(|(lang, _)| !unlisted.contains(&lang.as_str())) {
                    let path = join(&join("texts", word), lang);
                    if let Some((_, earlier)) = self.origin.iter().find(|(at, _)| *at == path) {
                        let message =
                            ["`", word, "` in `", lang, "` is already given by `", &self.lists[*earlier].name, "`"]
                                .concat();
                        self.inside.push(InList { list: k, span: list.span(&path), message });
                        continue;
                    }
                    let entry = match catalogue.texts.0.iter().position(|(key, _)| key == word) {
                        Some(at) => &mut catalogue.texts.0[at].1,
                        None => {
                            catalogue.texts.0.push((word.clone(), Table::default()));
                            &mut catalogue.texts.0.last_mut().expect("just pushed").1
                        }
                    };
                    // The catalogue's own wording comes first.
                    if entry.get(lang).is_none() {
                        entry.0.push((lang.clone(), text.clone()));
                        self.origin.push((path, k));
                    }
                }
            }
        }
    }

    /// The list a merged text at `path` came from, if any.
    pub fn origin(&self, path: &str) -> Option<usize> {
        self.origin.iter().find(|(at, _)| at == path).map(|(_, list)| *list)
    }
}

#[cfg(test)]
mod tests;

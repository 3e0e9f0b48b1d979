//! `kakor declaration`: the cookie declaration for a privacy policy page,
//! from the catalogue the banner uses, so the two never drift apart.
//!
//! `kakor_core::declaration` builds it and writes its HTML, the very markup
//! the banner puts into a page's `<div data-kakor-declaration>`; this adds
//! the command's checks and the Markdown form ([`markdown`]), which only the
//! command writes.

pub mod markdown;

pub use kakor_core::declaration::{html, Declaration, Entry, Labels, Row, Section};

use kakor_core::Catalogue;

/// The two forms a declaration is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Html,
    Markdown,
}

/// Why a declaration cannot be written for a valid catalogue.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the catalogue is not written in `{wanted}`; --lang takes one of its languages: {offered}")]
    Language { wanted: String, offered: String },
    #[error(
        "{path}: `{name}` is kakor's own and strictly necessary; declare it under a service of the `necessary` category, or leave it out and the declaration lists it"
    )]
    OwnOutsideNecessary { path: String, name: String },
}

/// The declaration of `catalogue` (already validated) in `lang`.
pub fn build(catalogue: &Catalogue, lang: &str) -> Result<Declaration, Error> {
    let languages = &catalogue.site.languages;
    if !languages.iter().any(|l| l == lang) {
        return Err(Error::Language { wanted: lang.to_string(), offered: languages.join(", ") });
    }
    // kakor's own names are listed under necessary, with their real
    // lifetimes; declared in another category they would be listed twice
    // and contradict.
    if let Some((i, j, name)) = kakor_core::declaration::own_outside_necessary(catalogue) {
        return Err(Error::OwnOutsideNecessary {
            path: format!("services[{i}].cookies[{j}].name"),
            name: name.to_string(),
        });
    }
    Ok(kakor_core::declaration::build(catalogue, lang))
}

/// Builds and renders in one step, what the command does.
pub fn render(catalogue: &Catalogue, lang: &str, format: Format) -> Result<String, Error> {
    let declaration = build(catalogue, lang)?;
    Ok(match format {
        Format::Html => html::render(&declaration),
        Format::Markdown => markdown::render(&declaration),
    })
}

#[cfg(test)]
mod tests;

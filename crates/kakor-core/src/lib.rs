//! kakor's pure core: everything the banner decides, with no I/O.
//!
//! The catalogue model and its validation, consent decisions, the stored record
//! format, the catalogue revision and the texts live here. Nothing in this crate
//! touches the DOM, a clock or randomness: the web shell passes `now` and random
//! bytes in, so every decision can be replayed in a native test.

pub mod catalogue;
pub mod consent;
pub mod consent_mode;
pub mod cookies;
#[cfg(feature = "declaration")]
pub mod declaration;
pub mod diag;
pub mod flow;
pub mod hash;
pub mod own;
pub mod proof;
pub mod read;
pub mod record;
pub mod texts;
pub mod time;
mod validate;

#[cfg(feature = "source")]
pub mod source;

pub use catalogue::{
    Catalogue, Category, Controller, Cookie, Duration, Localized, Party, Position, Service, Site, Table, Theme,
};
pub use consent::{Choice, Consent, Context, Method, Source};
pub use diag::Diagnostic;

/// kakor's version, which every proof names. The crate's version is kept
/// equal to the `kakor` package's and to package.json's (build.rs checks).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use validate::{validate, warnings};

/// A small catalogue for the tests of every module.
#[cfg(test)]
pub(crate) fn fixture() -> Catalogue {
    toml::from_str(include_str!("fixture.toml")).expect("fixture parses")
}

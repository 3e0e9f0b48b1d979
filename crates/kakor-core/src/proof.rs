//! A proof of consent (GDPR Art. 7(1)): the decision, where it was given and
//! which texts the visitor saw. It is what `kakor.proofs()` lists, what the
//! history in local storage keeps, and what is POSTed to an endpoint.

use crate::consent::Consent;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// A [`Consent`] with its circumstances. No IP address, no user agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof<'a> {
    pub consent: &'a Consent,
    /// The page's origin and path, without query or fragment (they may carry
    /// personal data: e-mail links, search terms).
    pub page: &'a str,
    /// [`crate::texts::Words::digest`] of what the banner showed.
    pub texts: &'a str,
}

impl Serialize for Proof<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(11))?;
        self.consent.serialize_fields(&mut out)?;
        out.serialize_entry("page", self.page)?;
        out.serialize_entry("texts", self.texts)?;
        out.end()
    }
}

/// `origin` + `path`, the page a proof names.
pub fn page(origin: &str, path: &str) -> String {
    [origin, path].concat()
}

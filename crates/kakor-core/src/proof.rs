//! A proof of consent (GDPR Art. 7(1)): the decision, where it was given and
//! which texts the visitor saw, from which control, under which kakor. It is what `kakor.proofs()` lists, what the
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
    /// The SHA-256 (64 hex digits) of the texts bundle of the language the
    /// banner spoke ([`crate::texts::bundle`]), which the catalogue carries
    /// (`Catalogue::texts_sha256`): the consent log keeps the bundle itself.
    pub texts: &'a str,
}

impl Serialize for Proof<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(13))?;
        self.consent.serialize_fields(&mut out)?;
        out.serialize_entry("page", self.page)?;
        out.serialize_entry("texts", self.texts)?;
        // The banner's behaviour at the time can be looked up by it.
        out.serialize_entry("version", crate::VERSION)?;
        out.end()
    }
}

/// `origin` + `path`, the page a proof names.
pub fn page(origin: &str, path: &str) -> String {
    [origin, path].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choice, Context, Source};

    #[test]
    fn names_its_source_and_kakors_version() {
        let context = Context {
            id: "3b241101-e2bb-4255-8caf-4136c566a962".into(),
            now: 1_795_433_324_007,
            language: "en",
            gpc: false,
            source: Source::Placeholder,
        };
        let consent = Consent::decide(&crate::fixture(), &Choice::Allow("linkedin".into()), None, context);
        let texts = "ab".repeat(32);
        let proof = Proof { consent: &consent, page: "https://acme.example/", texts: &texts };
        let json = serde_json::to_value(&proof).unwrap();
        assert_eq!(json["source"], "placeholder");
        assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(json["texts"], texts.as_str());
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 13, "{keys:?}");
    }
}

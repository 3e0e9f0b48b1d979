//! Stored proofs as standard consent records and receipts, JSON-LD in the
//! shape of the W3C DPVCG guide "Consent Records and Receipts as per ISO/IEC
//! TS 27560:2023 using DPV" (Final Community Group Report, 2024-08-01,
//! <https://w3id.org/dpv/guides/consent-27560>), so a controller's other
//! tools, or an authority's, can read kakor's proofs without knowing kakor.
//!
//! The fields, the DPV property each one uses and whether it MUST be present
//! come from that guide's sections "DPV-27560 Consent Record" (record
//! metadata, notice, processing, entity and consent event fields) and
//! "DPV-27560 Consent Receipts" (header fields). A proof cannot fill every
//! field the guide requires (personal data, storage, recipients,
//! jurisdiction, rights, the controller's identifier, contact and address):
//! docs/consent-log.md lists them. What a proof holds and DPV has no term for (the GPC signal, the
//! texts hash, the decision's source, kakor's version, a clock skew beyond
//! ten minutes, the place in the hash chain) goes under the `kakor:` prefix.

use crate::store::Stored;
use kakor_core::time::iso8601;
use serde_json::{json, Value};

/// The guide's profile for consent records.
pub const RECORD_PROFILE: &str = "https://w3id.org/dpv/schema/dpv-27560#record";

/// The guide's profile for consent receipts that carry a copy of the records.
pub const RECEIPT_PROFILE: &str = "https://w3id.org/dpv/schema/dpv-27560#receipt";

/// The prefixes every record uses. `kakor:` is a URN, not a web address:
/// nothing has to be fetched to read a record.
pub fn context() -> Value {
    json!({
        "dpv": "https://w3id.org/dpv#",
        "dct": "http://purl.org/dc/terms/",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "schema": "https://schema.org/",
        "kakor": "urn:kakor:",
    })
}

/// One stored proof as a `dpv-27560#record`, without `@context` (the
/// document around it carries one). `controller` is the owner's name from
/// `--controller`.
pub fn record(row: &Stored, controller: &str) -> Value {
    let proof: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
    let text = |name: &str| proof[name].clone();
    let id = proof["id"].as_str().unwrap_or_default();
    let timestamp = proof["timestamp"].as_str().unwrap_or_default();
    let mut processes = Vec::new();
    for (id, granted) in flags(&proof["categories"]) {
        processes.push(json!({
            "@type": "dpv:Process",
            "dpv:hasPurpose": { "@type": "dpv:Purpose", "dct:identifier": id },
            "dpv:hasConsentStatus": status(granted),
        }));
    }
    for (id, granted) in flags(&proof["services"]) {
        processes.push(json!({
            "@type": "dpv:Process",
            "dpv:hasService": { "@type": "dpv:Service", "dct:identifier": id },
            "dpv:hasConsentStatus": status(granted),
        }));
    }
    // Given when anything beyond the necessary category is granted; a
    // rejection of all of it is a refusal.
    let given = flags(&proof["categories"]).any(|(id, granted)| granted && id != "necessary");
    let identifier = format!("{id}/{timestamp}");
    json!({
        "@type": "dpv:ConsentRecord",
        "dct:conformsTo": RECORD_PROFILE,
        "dct:identifier": identifier,
        "dpv:hasIdentifier": identifier,
        "dct:created": iso8601(row.received as u64),
        "dpv:hasDataSubject": { "@type": "dpv:DataSubject", "dct:identifier": id },
        "dpv:hasDataController": { "@type": "dpv:DataController", "dpv:hasName": controller },
        "dpv:hasLegalBasis": "dpv:ExpressedConsent",
        "dpv:hasNotice": {
            "@type": "dpv:ConsentNotice",
            "dct:language": text("language"),
            "schema:url": text("page"),
            "schema:version": text("revision"),
            "kakor:texts": text("texts"),
        },
        "dpv:hasProcess": processes,
        // The site's pages, the one the choice was made on among them, offer
        // kakor's Cookie settings control (or the owner's own link to the
        // preferences when `site.reopen = false`): it changes or withdraws
        // the choice.
        "dpv:hasConsentControl": {
            "@type": ["dpv:ProvideConsent", "dpv:WithdrawConsent"],
            "dpv:isExercisedAt": text("page"),
        },
        "dpv:hasConsentStatus": {
            "@type": [status(given), "dpv:ExpressedConsent"],
            "dpv:isIndicatedAtTime": timestamp,
            "dpv:hasDuration": { "@type": "dpv:UntilTimeDuration", "rdf:value": text("expires") },
            // A page's script (`api`) is the controller's own code acting,
            // not a click the data subject made in kakor's banner.
            "dpv:isIndicatedBy": if proof["source"] == "api" { "dpv:DataController" } else { "dpv:DataSubject" },
            "dpv:hasIndicationMethod": text("method"),
            "kakor:source": text("source"),
            "kakor:gpc": text("gpc"),
        },
        "kakor:version": text("version"),
        "kakor:clockSkewSeconds": row.clock_skew(),
        "kakor:seq": row.seq,
        "kakor:hash": row.hash,
    })
}

/// A visitor's receipt (`dpv-27560#receipt`): every record of one consent
/// id, oldest first, made at `now` (milliseconds).
pub fn receipt(id: &str, rows: &[Stored], controller: &str, now: u64) -> Value {
    let created = iso8601(now);
    let identifier = format!("{id}/receipt/{created}");
    let records: Vec<Value> = rows.iter().map(|row| record(row, controller)).collect();
    json!({
        "@context": context(),
        "@type": "dpv:ConsentReceipt",
        "dct:conformsTo": RECEIPT_PROFILE,
        "dct:identifier": identifier,
        "dpv:hasIdentifier": identifier,
        "dct:created": created,
        "dct:publisher": { "@type": "dpv:DataController", "dpv:hasName": controller },
        "dct:audience": "dpv:DataSubject",
        "dpv:hasRecordOfActivity": records,
    })
}

/// A proof's `categories` or `services`: each id and whether it is granted.
fn flags(map: &Value) -> impl Iterator<Item = (&str, bool)> {
    map.as_object().into_iter().flatten().map(|(id, on)| (id.as_str(), on.as_bool() == Some(true)))
}

fn status(granted: bool) -> &'static str {
    if granted {
        "dpv:ConsentGiven"
    } else {
        "dpv:ConsentRefused"
    }
}

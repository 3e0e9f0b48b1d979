//! The ISO/IEC TS 27560 exports, against a real SQLite file through the real
//! HTTP server: every field the DPVCG guide's profiles require, and a round
//! trip that keeps every value a proof holds.

use crate::common::{self, admin, post, CONTROLLER};
use kakor_core::time::iso8601;
use kakor_log::iso27560::{RECEIPT_PROFILE, RECORD_PROFILE};
use serde_json::{json, Map, Value};

/// The fields the guide "Consent Records and Receipts as per ISO/IEC TS
/// 27560:2023 using DPV" (Final Community Group Report, 2024-08-01) says
/// MUST be present in a `dpv-27560#record`, by the guide's name, with the
/// path to where a record carries it (`/` steps into an object; an array
/// holds the field when any of its items does).
const RECORD_FIELDS: [(&str, &str); 17] = [
    ("Schema Version", "dct:conformsTo"),
    ("Record Identifier", "dpv:hasIdentifier"),
    ("Data Subject", "dpv:hasDataSubject"),
    ("Notice", "dpv:hasNotice"),
    ("Notice Language", "dpv:hasNotice/dct:language"),
    ("Process", "dpv:hasProcess"),
    ("Purpose", "dpv:hasProcess/dpv:hasPurpose"),
    ("Data Controller", "dpv:hasDataController"),
    ("Consent Change & Withdrawal", "dpv:hasConsentControl/dpv:isExercisedAt"),
    ("Name", "dpv:hasDataController/dpv:hasName"),
    ("Role", "dpv:hasDataController/@type"),
    ("Consent Type", "dpv:hasLegalBasis"),
    ("Consent State", "dpv:hasConsentStatus/@type"),
    ("Event Time", "dpv:hasConsentStatus/dpv:isIndicatedAtTime"),
    ("Event Duration", "dpv:hasConsentStatus/dpv:hasDuration"),
    ("Expression by Entity", "dpv:hasConsentStatus/dpv:isIndicatedBy"),
    ("Expression Method", "dpv:hasConsentStatus/dpv:hasIndicationMethod"),
];

/// The fields the guide requires that a proof cannot fill, with where a
/// record would carry them: docs/consent-log.md names each one, and no
/// record may pretend to know them.
const UNKNOWN_FIELDS: [(&str, &str); 9] = [
    ("Personal Data", "dpv:hasProcess/dpv:hasPersonalData"),
    ("Storage Condition", "dpv:hasProcess/dpv:hasStorageCondition"),
    ("Recipients", "dpv:hasProcess/dpv:hasRecipient"),
    ("Jurisdiction", "dpv:hasJurisdiction"),
    ("Rights", "dpv:hasRight"),
    ("Identifier", "dpv:hasDataController/dpv:hasIdentifier"),
    ("Contact", "dpv:hasDataController/schema:contactPoint"),
    ("Postal Address", "dpv:hasDataController/schema:address"),
    ("Personal Data Type", "dpv:hasProcess/dpv:hasPersonalData/skos:broader"),
];

/// The guide's required receipt header fields.
const RECEIPT_FIELDS: [(&str, &str); 4] = [
    ("Schema Version", "dct:conformsTo"),
    ("Receipt Identifier", "dpv:hasIdentifier"),
    ("Associated Consent Record", "dpv:hasRecordOfActivity"),
    ("Creation Timestamp", "dct:created"),
];

/// The value at `path` in `value`, looking into every item of an array.
fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let (step, rest) = match path.split_once('/') {
        Some((step, rest)) => (step, Some(rest)),
        None => (path, None),
    };
    if let Value::Array(items) = value {
        return items.iter().find_map(|item| at(item, path));
    }
    let found = value.get(step).filter(|v| !v.is_null())?;
    match rest {
        Some(rest) => at(found, rest),
        None => Some(found),
    }
}

fn database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    (dir, url)
}

/// The proof docs/proofs.md shows, as the banner sends it, dated now.
fn banner_proof(gpc: bool, minutes_later: u64) -> Value {
    let given = common::given() + minutes_later * 60_000;
    json!({
        "id": "803ba651-d298-4253-9ca1-97e136f80e57",
        "timestamp": iso8601(given),
        "expires": iso8601(given + 365 * 86_400_000),
        "revision": "81215475",
        "method": if minutes_later == 0 { "custom" } else { "reject-all" },
        "language": "sv",
        "categories": { "necessary": true, "preferences": false, "statistics": minutes_later == 0, "marketing": false },
        "services": { "kakor": true, "ga4": minutes_later == 0, "hubspot": false, "albacross": false,
                      "linkedin-insight": false, "linkedin-ads": false, "google-ads": false,
                      "ga-audiences": false, "meta-pixel": false, "youtube": false },
        "gpc": gpc,
        "page": "https://norrsken.example/om-oss",
        "texts": "0a06e286"
    })
}

/// Reads a record back into the proof it was made from, using only the
/// record's DPV and `kakor:` fields.
fn proof_of(record: &Value) -> Value {
    let event = &record["dpv:hasConsentStatus"];
    let notice = &record["dpv:hasNotice"];
    let (mut categories, mut services) = (Map::new(), Map::new());
    for process in record["dpv:hasProcess"].as_array().unwrap() {
        let granted = match process["dpv:hasConsentStatus"].as_str() {
            Some("dpv:ConsentGiven") => true,
            Some("dpv:ConsentRefused") => false,
            other => panic!("unexpected consent status {other:?} in {process}"),
        };
        let (map, key) = match process.get("dpv:hasPurpose") {
            Some(purpose) => (&mut categories, purpose),
            None => (&mut services, &process["dpv:hasService"]),
        };
        map.insert(key["dct:identifier"].as_str().unwrap().to_string(), granted.into());
    }
    let mut proof = json!({
        "id": record["dpv:hasDataSubject"]["dct:identifier"],
        "timestamp": event["dpv:isIndicatedAtTime"],
        "expires": event["dpv:hasDuration"]["rdf:value"],
        "revision": notice["schema:version"],
        "method": event["dpv:hasIndicationMethod"],
        "language": notice["dct:language"],
        "categories": categories,
        "services": services,
        "gpc": event["kakor:gpc"],
        "page": notice["schema:url"],
        "texts": notice["kakor:texts"],
    });
    // A proof from an older banner names neither.
    for (name, value) in [("source", &event["kakor:source"]), ("version", &record["kakor:version"])] {
        if !value.is_null() {
            proof[name] = value.clone();
        }
    }
    proof
}

/// Checks the guide's required fields in one record, and that the fields a
/// proof cannot know are absent rather than made up.
fn assert_record(record: &Value) {
    assert_eq!(record["@type"], "dpv:ConsentRecord");
    assert_eq!(record["dct:conformsTo"], RECORD_PROFILE);
    for (field, path) in RECORD_FIELDS {
        assert!(at(record, path).is_some(), "the guide's required field {field} ({path}) is missing: {record:#}");
    }
    for (field, path) in UNKNOWN_FIELDS {
        assert!(at(record, path).is_none(), "{field} ({path}) is filled, but a proof cannot know it: {record:#}");
    }
    assert_eq!(record["dpv:hasDataController"]["dpv:hasName"], CONTROLLER);
}

#[tokio::test]
async fn the_iso27560_export_has_every_required_field_and_keeps_every_value() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let addr = running.addr;
    let proofs = [banner_proof(false, 0), banner_proof(true, 1), serde_json::from_str(&common::proof(7)).unwrap()];
    for proof in &proofs {
        let answer = post(addr, &proof.to_string()).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
    }
    let export = admin(addr, "/admin/export?format=iso27560").await;
    assert_eq!(export.status, 200, "{}", export.body);
    assert_eq!(export.headers["content-type"], "application/ld+json");
    assert!(export.headers["content-disposition"].to_str().unwrap().contains("consent-records.jsonld"));
    let document = export.json();
    assert_eq!(document["@context"]["dpv"], "https://w3id.org/dpv#");
    assert_eq!(document["@context"]["dct"], "http://purl.org/dc/terms/");
    let records = document["@graph"].as_array().unwrap();
    assert_eq!(records.len(), proofs.len());

    let lines = admin(addr, "/admin/export?format=jsonl").await;
    let entries: Vec<Value> = lines.body.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    for ((record, proof), entry) in records.iter().zip(&proofs).zip(&entries) {
        assert_record(record);
        assert_eq!(&proof_of(record), proof, "the round trip lost a value");
        assert_eq!(record["kakor:seq"], entry["seq"]);
        assert_eq!(record["kakor:hash"], entry["hash"]);
        assert_eq!(record["dct:created"], entry["received"]);
        let id = proof["id"].as_str().unwrap();
        let timestamp = proof["timestamp"].as_str().unwrap();
        assert_eq!(record["dpv:hasIdentifier"], format!("{id}/{timestamp}"));
    }
    // Statistics granted: given; everything optional refused: refused.
    assert_eq!(records[0]["dpv:hasConsentStatus"]["@type"][0], "dpv:ConsentGiven");
    assert_eq!(records[1]["dpv:hasConsentStatus"]["@type"][0], "dpv:ConsentRefused");

    let empty = admin(addr, &format!("/admin/export?format=iso27560&from={}", "2099-01-01")).await.json();
    assert_eq!(empty["@graph"], json!([]));
    running.stop().await.unwrap();
}

#[tokio::test]
async fn an_iso27560_export_of_more_than_a_page_is_one_document() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let proofs: Vec<_> =
        (0..1_001).map(|n| kakor_log::validate::proof(&common::proof(n)).expect("a valid proof")).collect();
    running.store.append(&proofs).await.unwrap();
    let document = admin(running.addr, "/admin/export?format=iso27560").await.json();
    let records = document["@graph"].as_array().unwrap();
    assert_eq!(records.len(), 1_001);
    for (n, record) in records.iter().enumerate() {
        assert_eq!(record["kakor:seq"], n as i64 + 1);
        assert_eq!(proof_of(record), serde_json::from_str::<Value>(&common::proof(n as u64)).unwrap());
    }
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_receipt_carries_every_record_of_a_consent_id() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let addr = running.addr;
    let proofs = [banner_proof(false, 0), banner_proof(false, 2)];
    for proof in &proofs {
        assert_eq!(post(addr, &proof.to_string()).await.status, 201);
    }
    assert_eq!(post(addr, &common::proof(3)).await.status, 201);
    let id = "803ba651-d298-4253-9ca1-97e136f80e57";
    let answer = admin(addr, &format!("/admin/consents/{id}?format=receipt")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.headers["content-type"], "application/ld+json");
    assert_eq!(answer.headers["cache-control"], "no-store");
    let receipt = answer.json();
    assert_eq!(receipt["@type"], "dpv:ConsentReceipt");
    assert_eq!(receipt["dct:conformsTo"], RECEIPT_PROFILE);
    assert_eq!(receipt["@context"]["dpv"], "https://w3id.org/dpv#");
    for (field, path) in RECEIPT_FIELDS {
        assert!(at(&receipt, path).is_some(), "the guide's required receipt field {field} ({path}) is missing");
    }
    assert!(kakor_core::time::parse_iso8601(receipt["dct:created"].as_str().unwrap()).is_some());
    let records = receipt["dpv:hasRecordOfActivity"].as_array().unwrap();
    assert_eq!(records.len(), 2, "only this id's proofs, oldest first");
    for (record, proof) in records.iter().zip(&proofs) {
        assert_record(record);
        assert_eq!(&proof_of(record), proof);
    }
    // Without the format, the history answers as before.
    let history = admin(addr, &format!("/admin/consents/{id}")).await.json();
    assert_eq!(history["proofs"].as_array().unwrap().len(), 2);
    let unknown = admin(addr, "/admin/consents/0a7c0c53-6f0b-4d2c-9a0e-2f9b7c1d3e4f?format=receipt").await;
    assert_eq!(unknown.status, 404);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn standard_records_need_a_controller_and_a_known_format() {
    let (_dir, url) = database();
    let mut config = common::config(&url);
    config.controller = None;
    let running = kakor_log::start(&config).await.unwrap();
    let addr = running.addr;
    assert_eq!(post(addr, &common::proof(1)).await.status, 201);
    let id = serde_json::from_str::<Value>(&common::proof(1)).unwrap()["id"].as_str().unwrap().to_string();
    for path in ["/admin/export?format=iso27560".to_string(), format!("/admin/consents/{id}?format=receipt")] {
        let refused = admin(addr, &path).await;
        assert_eq!(refused.status, 409, "{path}");
        assert!(refused.json()["error"].as_str().unwrap().contains("--controller"), "{}", refused.body);
    }
    let other = admin(addr, "/admin/export?format=xml").await;
    assert_eq!(other.status, 400);
    assert!(other.body.contains("iso27560"), "{}", other.body);
    assert_eq!(admin(addr, &format!("/admin/consents/{id}?format=pdf")).await.status, 400);
    running.stop().await.unwrap();

    for name in ["", "   ", "Evil\u{202e}Corp"] {
        config.controller = Some(name.to_string());
        let refused = kakor_log::start(&config).await.err().expect("a bad controller name is refused");
        assert!(refused.to_string().contains("is not a name"), "{refused}");
    }
}

#[test]
fn the_docs_name_every_required_field_a_proof_cannot_know() {
    let docs = include_str!("../../../../docs/consent-log.md");
    let section = docs.split("### What a record cannot say").nth(1).expect("docs/consent-log.md explains the gaps");
    for (field, _) in UNKNOWN_FIELDS {
        assert!(section.contains(&format!("**{field}**")), "docs/consent-log.md does not name {field}");
    }
}

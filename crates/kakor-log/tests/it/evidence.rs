//! The evidence a proof carries, end to end through the real server: its
//! source and kakor's version in the exports, a clock skew flagged, and the
//! texts archive, where a proof's `texts` resolves to the exact bundle the
//! visitor saw. Run on SQLite here and on PostgreSQL (postgres.rs).

use crate::common::{self, admin, post, request, SITE, TOKEN};
use kakor_core::Catalogue;
use serde_json::Value;
use sha2::Digest;
use std::net::SocketAddr;

/// The Swedish bundle of an example site's catalogue, as `kakor texts` prints it.
fn bundle() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/examples/fintech/catalogue.json");
    let catalogue: Catalogue = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    kakor_core::texts::bundle(&catalogue, "sv")
}

fn sha256(text: &str) -> String {
    sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Publishes with the admin token, as a deployment does.
async fn publish(addr: SocketAddr, query: &str, headers: &[(&str, &str)], body: &str) -> common::Answer {
    let token = format!("Bearer {TOKEN}");
    let headers: Vec<(&str, &str)> = headers.iter().copied().chain([("authorization", token.as_str())]).collect();
    request(addr, "POST", &format!("/admin/texts{query}"), &headers, body).await
}

const JSON: (&str, &str) = ("content-type", "application/json");
const PAGE: (&str, &str) = ("origin", SITE);

/// A proof naming `texts`, given `ago` milliseconds before now.
fn proof_naming(n: u64, texts: &str, ago: u64) -> (String, String) {
    let now = kakor_log::store::now_ms() as u64;
    let body = kakor_log::bench::proof(0xe71d, n, now - ago);
    let mut value: Value = serde_json::from_str(&body).unwrap();
    value["texts"] = texts.into();
    (value["id"].as_str().unwrap().to_string(), value.to_string())
}

/// The texts archive and the evidence fields over the receiver at `addr`.
pub async fn round_trip(addr: SocketAddr) {
    let bundle = bundle();
    let hash = sha256(&bundle);

    // Only the owner publishes: not a page, not anyone without the token.
    let path = format!("/admin/texts?sha256={hash}");
    assert_eq!(request(addr, "POST", &path, &[JSON, PAGE], &bundle).await.status, 401);
    assert_eq!(request(addr, "POST", "/texts", &[JSON, PAGE], &bundle).await.status, 404);
    let kept = publish(addr, &format!("?sha256={hash}"), &[JSON], &bundle).await;
    assert_eq!(kept.status, 201, "{}", kept.body);
    assert_eq!(kept.json()["sha256"], hash.as_str());
    let again = publish(addr, "", &[JSON], &bundle).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json()["stored"], false);

    let stale =
        publish(addr, &format!("?sha256={}", "0".repeat(64)), &[JSON], &bundle.replace("Nödvändiga", "X")).await;
    assert_eq!(stale.status, 422, "{}", stale.body);
    assert!(stale.json()["error"].as_str().unwrap().contains("texts_sha256 is stale"), "{}", stale.body);
    let other = publish(addr, "", &[JSON], r#"{"format":"something-else","language":"sv"}"#).await;
    assert_eq!(other.status, 422, "{}", other.body);
    assert_eq!(publish(addr, "", &[("content-type", "text/plain")], &bundle).await.status, 415);
    let huge = format!(r#"{{"format":"kakor-texts/1","language":"sv","x":"{}"}}"#, "x".repeat(300_000));
    assert_eq!(publish(addr, "", &[JSON], &huge).await.status, 413);

    // A proof names the hash; the admin resolves it to the exact bundle.
    let (id, proof) = proof_naming(1, &hash, 0);
    assert_eq!(post(addr, &proof).await.status, 201);
    let history = admin(addr, &format!("/admin/consents/{id}")).await;
    let named = history.json()["proofs"][0]["proof"]["texts"].as_str().unwrap().to_string();
    let texts = admin(addr, &format!("/admin/texts/{named}")).await;
    assert_eq!(texts.status, 200, "{}", texts.body);
    assert_eq!(texts.body, bundle, "byte for byte what was published");
    assert!(texts.headers["content-type"].to_str().unwrap().starts_with("application/json"));
    let unauthorised = request(addr, "GET", &format!("/admin/texts/{named}"), &[], "").await;
    assert_eq!(unauthorised.status, 401);
    let missing = admin(addr, &format!("/admin/texts/{}", "a".repeat(64))).await;
    assert_eq!(missing.status, 404, "{}", missing.body);
    assert_eq!(admin(addr, "/admin/texts/0a06e286").await.status, 400);

    // An hour between the visitor's timestamp and the receive time is flagged.
    let (late_id, late) = proof_naming(2, &hash, 3_600_000);
    assert_eq!(post(addr, &late).await.status, 201);
    let lines = admin(addr, "/admin/export").await;
    let rows: Vec<Value> = lines.body.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let row = |id: &str| rows.iter().find(|row| row["proof"]["id"] == id).unwrap().clone();
    assert_eq!(row(&id)["clock_skew"], Value::Null);
    let skew = row(&late_id)["clock_skew"].as_i64().unwrap();
    assert!((3_600..3_660).contains(&skew), "{skew}");
    let csv = admin(addr, "/admin/export?format=csv").await;
    let header: Vec<&str> = csv.body.lines().next().unwrap().split(',').collect();
    assert_eq!(header[header.len() - 3..], ["source", "version", "clock_skew"]);
    let late_row = csv.body.lines().find(|line| line.contains(&late_id)).unwrap();
    let cells: Vec<&str> = late_row.split(',').collect();
    // The bench's proof number 2 came from the page's script.
    assert_eq!(cells[cells.len() - 3], "api");
    assert_eq!(cells[cells.len() - 2], kakor_core::VERSION);
    assert!(cells[cells.len() - 1].parse::<i64>().unwrap() >= 3_600, "{late_row}");
    let records = admin(addr, "/admin/export?format=iso27560").await;
    let graph = records.json()["@graph"].as_array().unwrap().clone();
    let record = graph.iter().find(|r| r["dpv:hasDataSubject"]["dct:identifier"] == late_id.as_str()).unwrap();
    assert_eq!(record["dpv:hasConsentStatus"]["kakor:source"], "api");
    assert_eq!(record["dpv:hasConsentStatus"]["dpv:isIndicatedBy"], "dpv:DataController", "a script is no click");
    assert_eq!(record["kakor:version"], kakor_core::VERSION);
    assert!(record["kakor:clockSkewSeconds"].as_i64().unwrap() >= 3_600);
}

#[tokio::test]
async fn a_proofs_texts_hash_resolves_to_the_exact_bundle_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    let running = common::receiver(&url).await;
    round_trip(running.addr).await;
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_log_from_before_the_texts_archive_migrates_and_its_proofs_stay_readable() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.db");
    // The schema as the first migration left it, run by sqlx as kakor-log
    // then did.
    {
        let first = dir.path().join("migrations");
        std::fs::create_dir(&first).unwrap();
        let source = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/0001_proofs.sql");
        std::fs::copy(source, first.join("0001_proofs.sql")).unwrap();
        let url = format!("sqlite://{}?mode=rwc", file.display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::migrate::Migrator::new(first.as_path()).await.unwrap().run(&pool).await.unwrap();
        let tables: Vec<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'texts'")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert!(tables.is_empty(), "the texts table came with the second migration");
        pool.close().await;
    }
    let running = common::receiver(&format!("sqlite://{}", file.display())).await;
    // A proof from an older banner: no source, no version, an 8-digit hash.
    let old = crate::common::proof(7)
        .replace(r#","source":"preferences""#, "")
        .replace(&format!(r#","version":"{}""#, kakor_core::VERSION), "");
    let old =
        old.replace(&serde_json::from_str::<Value>(&old).unwrap()["texts"].as_str().unwrap().to_string(), "0a06e286");
    assert_eq!(post(running.addr, &old).await.status, 201, "an older banner's proof is still taken");
    let csv = admin(running.addr, "/admin/export?format=csv").await;
    assert!(csv.body.lines().nth(1).unwrap().ends_with(",,,"), "{}", csv.body);
    assert!(running.store.verify().await.unwrap().is_ok());
    running.stop().await.unwrap();
}

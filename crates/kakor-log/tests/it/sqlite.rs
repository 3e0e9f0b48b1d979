//! Against real SQLite files, through the real HTTP server.

use crate::common::{self, admin, post, proof, request, SITE, TOKEN};
use kakor_log::store::now_ms;
use std::process::Command;

fn database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    (dir, url)
}

#[tokio::test]
async fn a_proof_is_stored_once_with_wal_and_zero_set_up() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let first = post(running.addr, &proof(1)).await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.json()["seq"], 1);
    assert_eq!(first.headers["access-control-allow-origin"], SITE);
    let retry = post(running.addr, &proof(1)).await;
    assert_eq!(retry.status, 200);
    assert_eq!(retry.json()["duplicate"], true);
    // Re-serialised on the way (spacing): still the same proof.
    let spaced = serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&proof(1)).unwrap()).unwrap();
    assert_eq!(post(running.addr, &spaced).await.status, 200);
    // Same id and timestamp, other content: not a retry.
    let forged = proof(1).replace("\"reject-all\"", "\"accept-all\"");
    assert_ne!(forged, proof(1));
    let conflict = post(running.addr, &forged).await;
    assert_eq!(conflict.status, 409, "{}", conflict.body);
    assert_eq!(running.store.count().await.unwrap(), 1);
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(running.store.pool()).await.unwrap();
    assert_eq!(mode, "wal");
    running.stop().await.unwrap();
}

#[tokio::test]
async fn the_preflight_answers_configured_origins_only() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let addr = running.addr;
    let ask = |origin: &'static str| async move {
        let headers = [
            ("origin", origin),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ];
        request(addr, "OPTIONS", "/consent/proofs", &headers, "").await
    };
    let allowed = ask(SITE).await;
    assert_eq!(allowed.status, 204);
    assert_eq!(allowed.headers["access-control-allow-origin"], SITE);
    assert_eq!(allowed.headers["access-control-allow-methods"], "POST");
    assert_eq!(allowed.headers["access-control-allow-headers"], "content-type");
    assert_eq!(allowed.headers["access-control-max-age"], "86400");
    let foreign = ask("https://evil.example").await;
    assert_eq!(foreign.status, 403);
    assert!(foreign.headers.get("access-control-allow-origin").is_none());
    running.stop().await.unwrap();
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_and_nothing_is_stored() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let addr = running.addr;
    let json = [("content-type", "application/json"), ("origin", SITE)];

    let body = proof(1);
    let oversized = format!("{},\"pad\":\"{}\"}}", &body[..body.len() - 1], "x".repeat(17_000));
    assert_eq!(post(addr, &oversized).await.status, 413);

    let malformed = post(addr, "{\"id\": \"803ba651").await;
    assert_eq!(malformed.status, 400);
    assert!(malformed.json()["error"].as_str().unwrap().starts_with("the body is not JSON"), "{}", malformed.body);

    let mut wrong: serde_json::Value = serde_json::from_str(&proof(2)).unwrap();
    wrong["gpc"] = "no".into();
    wrong["categories"]["marketing"] = 0.into();
    wrong["id"] = "not-a-uuid".into();
    let typed = post(addr, &wrong.to_string()).await;
    assert_eq!(typed.status, 422);
    let paths: Vec<String> =
        typed.json()["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths, ["$.id", "$.categories.marketing", "$.gpc"]);

    let text =
        request(addr, "POST", "/consent/proofs", &[("content-type", "text/plain"), ("origin", SITE)], &proof(3)).await;
    assert_eq!(text.status, 415);

    let foreign =
        request(addr, "POST", "/consent/proofs", &[json[0], ("origin", "https://evil.example")], &proof(4)).await;
    assert_eq!(foreign.status, 403);
    assert!(foreign.json()["error"].as_str().unwrap().contains("https://evil.example"));

    assert_eq!(running.store.count().await.unwrap(), 0);
    // Without Origin (curl, a relay on the server), a good proof is taken.
    let direct = request(addr, "POST", "/consent/proofs", &[json[0]], &proof(5)).await;
    assert_eq!(direct.status, 201);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn no_admin_route_answers_without_the_token() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let addr = running.addr;
    let routes = ["/admin", "/admin/page.css", "/admin/consents/x", "/admin/export", "/admin/counts"];
    for path in routes {
        let none = request(addr, "GET", path, &[], "").await;
        assert_eq!(none.status, 401, "{path}");
        assert!(none.headers["www-authenticate"].to_str().unwrap().starts_with("Basic"));
        let wrong = request(addr, "GET", path, &[("authorization", "Bearer test-admin-token-0123456780")], "").await;
        assert_eq!(wrong.status, 401, "{path}");
    }
    running.stop().await.unwrap();

    // With no token configured, the admin API is closed to everyone.
    let mut config = common::config(&url);
    config.admin_token = None;
    let running = kakor_log::start(&config).await.unwrap();
    assert_eq!(admin(running.addr, "/admin/counts").await.status, 401);
    running.stop().await.unwrap();

    config.admin_token = Some("short".into());
    let refused = kakor_log::start(&config).await.err().expect("a short token is refused");
    assert!(refused.to_string().contains("shorter than 16"), "{refused}");
}

#[tokio::test]
async fn the_admin_api_answers_history_exports_and_counts() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let addr = running.addr;
    for n in 0..6 {
        assert_eq!(post(addr, &proof(n)).await.status, 201);
    }
    let id = serde_json::from_str::<serde_json::Value>(&proof(4)).unwrap()["id"].as_str().unwrap().to_string();
    let history = admin(addr, &format!("/admin/consents/{id}")).await;
    assert_eq!(history.status, 200);
    assert_eq!(history.headers["cache-control"], "no-store");
    let history = history.json();
    assert_eq!(history["proofs"].as_array().unwrap().len(), 1);
    assert_eq!(history["proofs"][0]["proof"], serde_json::from_str::<serde_json::Value>(&proof(4)).unwrap());
    assert_eq!(history["proofs"][0]["seq"], 5);
    assert_eq!(admin(addr, "/admin/consents/803ba651-d298-4253-9ca1-97e136f80e57").await.status, 404);

    let lines = admin(addr, "/admin/export?from=2026-11-23&to=2026-11-23").await;
    assert_eq!(lines.status, 200);
    assert_eq!(lines.headers["content-type"], "application/jsonl");
    assert_eq!(lines.body.lines().count(), 6);
    assert_eq!(admin(addr, "/admin/export?from=2026-11-24").await.body, "");

    let csv = admin(addr, "/admin/export?format=csv").await;
    let rows: Vec<&str> = csv.body.lines().collect();
    assert_eq!(rows.len(), 7);
    assert!(rows[0].starts_with("seq,received,id,timestamp,expires,method"));
    assert!(rows[2].contains(",reject-all,") && rows[2].contains(",necessary,kakor,"), "{}", rows[2]);

    let counts = admin(addr, "/admin/counts").await.json();
    assert_eq!(
        counts,
        serde_json::json!([
            { "day": "2026-11-23", "method": "accept-all", "count": 2 },
            { "day": "2026-11-23", "method": "custom", "count": 2 },
            { "day": "2026-11-23", "method": "reject-all", "count": 2 },
        ])
    );
    assert_eq!(admin(addr, "/admin/counts?from=23-11-2026").await.status, 400);

    let page = admin(addr, "/admin?from=2026-11-01&to=2026-11-30").await;
    assert_eq!(page.status, 200);
    assert!(page.headers["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
    assert!(page.body.contains("<td>2026-11-23</td><td>2</td><td>2</td><td>2</td><td>6</td>"), "{}", page.body);
    assert!(!page.body.contains("<script") && !page.body.contains("style="));
    let basic = request(
        addr,
        "GET",
        "/admin/page.css",
        &[("authorization", "Basic b3duZXI6dGVzdC1hZG1pbi10b2tlbi0wMTIzNDU2Nzg5")],
        "",
    )
    .await;
    assert_eq!(basic.status, 200, "Basic owner:{TOKEN}");
    running.stop().await.unwrap();
}

/// `kakor-log verify` over the database file, as an owner runs it.
fn verify(url: &str) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kakor-log")).args(["verify", "--database", url]).output().unwrap();
    (output.status.code().unwrap(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[tokio::test]
async fn the_chain_finds_an_edited_or_deleted_row() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    for n in 0..5 {
        post(running.addr, &proof(n)).await;
    }
    running.stop().await.unwrap();
    let (code, out) = verify(&url);
    assert_eq!((code, out.starts_with("chain intact: 5 proofs (seq 1 to 5), head ")), (0, true), "{out}");

    // Someone with write access to the file changes it behind the log's back.
    let edit = |sql: &'static str| async {
        let store = kakor_log::Store::open(&url).await.unwrap();
        sqlx::query(sql).execute(store.pool()).await.unwrap();
        store.close().await;
    };
    edit("UPDATE proofs SET body = replace(body, '\"accept-all\"', '\"reject-all\"') WHERE seq = 4").await;
    let (code, out) = verify(&url);
    assert_eq!(code, 1);
    assert_eq!(out.trim(), "chain broken at seq 4: its hash does not match its content (edited)");
    edit("DELETE FROM proofs WHERE seq = 4").await;
    let (code, out) = verify(&url);
    assert_eq!((code, out.trim()), (1, "chain broken at seq 5: rows 4 to 4 are missing"));
    edit("DELETE FROM proofs WHERE seq = 5").await;
    let (code, out) = verify(&url);
    assert_eq!(
        (code, out.trim()),
        (1, "chain broken at seq 4: the head names seq 5 but the chain ends at 3 (rows deleted)")
    );
    edit("INSERT INTO proofs SELECT seq + 3, id, ts + 1, day, method, received, body, prev_hash, hash FROM proofs WHERE seq = 3").await;
    let (code, out) = verify(&url);
    assert_eq!((code, out.trim()), (1, "chain broken at seq 6: rows 4 to 5 are missing"));
}

#[tokio::test]
async fn retention_purges_the_oldest_and_the_chain_still_verifies() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    for n in 0..4 {
        post(running.addr, &proof(n)).await;
    }
    // Everything received so far is older than a cutoff just ahead of now.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert_eq!(running.store.purge(now_ms()).await.unwrap(), 4);
    post(running.addr, &proof(10)).await;
    assert_eq!(running.store.count().await.unwrap(), 1);
    let intact = running.store.verify().await.unwrap().unwrap();
    assert_eq!((intact.rows, intact.base_seq, intact.head_seq), (1, 4, 5));
    assert_eq!(running.store.purge(0).await.unwrap(), 0);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn an_export_streams_past_one_page_in_order() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let proofs: Vec<_> = (0..2_500).map(|n| kakor_log::validate::proof(&proof(n)).unwrap()).collect();
    for batch in proofs.chunks(500) {
        running.store.append(batch).await.unwrap();
    }
    let lines = admin(running.addr, "/admin/export").await;
    let seqs: Vec<i64> = lines
        .body
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, (1..=2_500).collect::<Vec<_>>());
    let csv = admin(running.addr, "/admin/export?format=csv&to=2026-11-23").await;
    assert_eq!(csv.body.lines().count(), 2_501);
    assert_eq!(request(running.addr, "GET", "/healthz", &[], "").await.body, "ok\n");
    running.stop().await.unwrap();
}

#[tokio::test]
async fn the_receiver_applies_its_retention_period_when_it_starts() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    for n in 0..3 {
        post(running.addr, &proof(n)).await;
    }
    // Make the first two look received two days ago (retention deletes them,
    // so the links this breaks never reach `verify`).
    sqlx::query("UPDATE proofs SET received = received - 2 * 86400000 WHERE seq <= 2")
        .execute(running.store.pool())
        .await
        .unwrap();
    running.stop().await.unwrap();

    let mut config = common::config(&url);
    config.retention_days = 1;
    let running = kakor_log::start(&config).await.unwrap();
    let mut left = 0;
    for _ in 0..50 {
        left = running.store.count().await.unwrap();
        if left == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(left, 1);
    let intact = running.store.verify().await.unwrap().unwrap();
    assert_eq!((intact.base_seq, intact.head_seq), (2, 3));
    running.stop().await.unwrap();
}

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

    let today = common::today();
    let tomorrow = kakor_log::store::day(common::given() + 86_400_000);
    let lines = admin(addr, &format!("/admin/export?from={today}&to={today}")).await;
    assert_eq!(lines.status, 200);
    assert_eq!(lines.headers["content-type"], "application/jsonl");
    assert_eq!(lines.body.lines().count(), 6);
    assert_eq!(admin(addr, &format!("/admin/export?from={tomorrow}")).await.body, "");

    let csv = admin(addr, "/admin/export?format=csv").await;
    let rows: Vec<&str> = csv.body.lines().collect();
    assert_eq!(rows.len(), 7);
    assert!(rows[0].starts_with("seq,received,id,timestamp,expires,method"));
    assert!(rows[2].contains(",reject-all,") && rows[2].contains(",necessary,kakor,"), "{}", rows[2]);

    let counts = admin(addr, "/admin/counts").await.json();
    assert_eq!(
        counts,
        serde_json::json!([
            { "day": today, "method": "accept-all", "count": 2 },
            { "day": today, "method": "custom", "count": 2 },
            { "day": today, "method": "reject-all", "count": 2 },
        ])
    );
    assert_eq!(admin(addr, "/admin/counts?from=23-11-2026").await.status, 400);

    let page = admin(addr, &format!("/admin?from={today}&to={today}")).await;
    assert_eq!(page.status, 200);
    assert!(page.headers["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
    let row = format!("<td>{today}</td><td>2</td><td>2</td><td>2</td><td>6</td>");
    assert!(page.body.contains(&row), "{}", page.body);
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
    let csv = admin(running.addr, &format!("/admin/export?format=csv&to={}", common::today())).await;
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
    config.allow_short_retention = true;
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

/// Issue 18, points 5 to 7: what the endpoint refuses, each by JSON path.
#[tokio::test]
async fn repeated_keys_odd_dates_hostless_pages_and_hidden_characters_are_refused() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let addr = running.addr;
    let problem = |answer: &common::Answer| {
        assert_eq!(answer.status, 422, "{}", answer.body);
        let problems = answer.json()["problems"].clone();
        (problems[0]["path"].as_str().unwrap().to_string(), problems[0]["message"].as_str().unwrap().to_string())
    };
    // A key twice: validation would take the last, SQLite's json_extract the first.
    let body = proof(1);
    let twice =
        body.replacen("\"categories\":{", "\"categories\":{\"necessary\":true,\"marketing\":true},\"categories\":{", 1);
    assert_eq!(problem(&post(addr, &twice).await).0, "$.categories");
    let id = body.replacen('{', "{\"id\":\"00000000-0000-4000-8000-000000000000\",", 1);
    assert_eq!(problem(&post(addr, &id).await).0, "$.id");
    // Dated by the receiver's clock: not 1970, not 2099.
    for (given, said) in [(0, "more than 395 days"), (4_102_444_799_999, "more than 24 hours after")] {
        let dated = kakor_log::bench::proof(0x5eed, 2, given);
        let (path, message) = problem(&post(addr, &dated).await);
        assert_eq!(path, "$.timestamp");
        assert!(message.contains(said), "{message}");
    }
    // A page with a host; no control or bidirectional character anywhere.
    let hostless = body.replace("\"https://norrsken.example/\"", "\"http://\"");
    assert_eq!(problem(&post(addr, &hostless).await).0, "$.page");
    for hidden in ["\\u0000", "\\u001b[2J", "\\u202e", "\\u0085"] {
        let page = body.replace("https://norrsken.example/", &format!("https://norrsken.example/{hidden}"));
        let (path, message) = problem(&post(addr, &page).await);
        assert_eq!(path, "$.page");
        assert!(message.contains("a control or bidirectional character"), "{message}");
        let key = body.replace("\"ga4\":", &format!("\"ga4{hidden}\":"));
        assert!(problem(&post(addr, &key).await).0.starts_with("$.services.ga4"));
    }
    assert_eq!(running.store.count().await.unwrap(), 0);
    running.stop().await.unwrap();
}

/// Issue 18, point 7: rows stored before the receiver refused them (forged
/// straight into the store here) still come out of the CSV export safe to
/// open in a spreadsheet or a terminal.
#[tokio::test]
async fn the_csv_export_neutralises_formulas_and_control_characters() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    let mut forged = Vec::new();
    for (n, page) in
        [(1, "=HYPERLINK(\"http://evil.example\")"), (2, "\tx"), (3, "\rx"), (4, "a\u{1b}[2Jb"), (5, "-1+1")]
    {
        let mut value: serde_json::Value = serde_json::from_str(&proof(n)).unwrap();
        value["page"] = page.into();
        let mut stored = kakor_log::validate::proof(&proof(n)).unwrap();
        stored.body = value.to_string();
        forged.push(stored);
    }
    running.store.append(&forged).await.unwrap();
    let csv = admin(running.addr, "/admin/export?format=csv").await;
    assert!(!csv.body.contains(['\u{1b}', '\t', '\r']), "{:?}", csv.body);
    let pages: Vec<String> = csv.body.lines().skip(1).map(|row| row.split(',').nth(9).unwrap().to_string()).collect();
    assert_eq!(pages[0], "\"'=HYPERLINK(\"\"http://evil.example\"\")\"");
    assert_eq!(pages[1..], ["\u{fffd}x", "\u{fffd}x", "a\u{fffd}[2Jb", "'-1+1"]);
    running.stop().await.unwrap();
}

/// Issue 18, point 9: the token's length in characters, not bytes, and never
/// only spaces; the scheme's name in any case.
#[tokio::test]
async fn the_admin_token_counts_characters_and_the_scheme_any_case() {
    let (_dir, url) = database();
    let mut config = common::config(&url);
    for weak in ["é".repeat(8), " ".repeat(16), "\t".repeat(20)] {
        config.admin_token = Some(weak.clone());
        let refused = kakor_log::start(&config).await.err().unwrap_or_else(|| panic!("{weak:?} was accepted"));
        assert!(refused.to_string().contains("shorter than 16 characters or only spaces"), "{refused}");
    }
    config.admin_token = Some("é".repeat(16));
    kakor_log::start(&config).await.expect("16 characters of two bytes each").stop().await.unwrap();
    let running = common::receiver(&url).await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let answer =
            request(running.addr, "GET", "/admin/counts", &[("authorization", &format!("{scheme} {TOKEN}"))], "").await;
        assert_eq!(answer.status, 200, "{scheme}");
    }
    let basic = [("authorization", "basic b3duZXI6dGVzdC1hZG1pbi10b2tlbi0wMTIzNDU2Nzg5")];
    assert_eq!(request(running.addr, "GET", "/admin/counts", &basic, "").await.status, 200);
    running.stop().await.unwrap();
}

/// Issue 18, point 9: retention judges each row by its own `received`. A
/// row stored last but stamped days earlier (the receiver's clock was set
/// back) must not take the recent rows before it along.
#[tokio::test]
async fn retention_purges_by_received_time_not_by_position() {
    let (_dir, url) = database();
    let running = common::receiver(&url).await;
    for n in 0..5 {
        assert_eq!(post(running.addr, &proof(n)).await.status, 201);
    }
    let day = 86_400_000;
    // Rows 1 and 2 are old; 3 and 4 recent; 5 was stamped by a clock ten days behind.
    for (seq, age) in [(1, 30 * day), (2, 30 * day), (5, 10 * day)] {
        sqlx::query("UPDATE proofs SET received = received - $1 WHERE seq = $2")
            .bind(age)
            .bind(seq)
            .execute(running.store.pool())
            .await
            .unwrap();
    }
    assert_eq!(running.store.purge(now_ms() - day).await.unwrap(), 2);
    let left: Vec<i64> =
        sqlx::query_scalar("SELECT seq FROM proofs ORDER BY seq").fetch_all(running.store.pool()).await.unwrap();
    assert_eq!(left, [3, 4, 5]);
    running.stop().await.unwrap();
}

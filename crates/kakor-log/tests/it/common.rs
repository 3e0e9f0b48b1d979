//! What every test needs: a receiver on a free port, an HTTP client, proofs.

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::HeaderMap;
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use kakor_log::{start, Config, Running};
use std::net::SocketAddr;
use std::sync::OnceLock;
use tokio::net::TcpStream;

pub const SITE: &str = "https://www.example.com";
pub const TOKEN: &str = "test-admin-token-0123456789";
pub const CONTROLLER: &str = "Norrsken Kaffe AB";

/// The address a spawned `kakor-log serve` listens on, from the line it
/// prints first on standard output.
pub fn listening_on(child: &mut std::process::Child) -> SocketAddr {
    use std::io::{BufRead, BufReader};
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line).unwrap();
    line.split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in `{line}`"))
        .parse()
        .unwrap()
}

pub fn config(database: &str) -> Config {
    Config {
        database: database.to_string(),
        listen: "127.0.0.1:0".parse().unwrap(),
        origins: vec![SITE.to_string()],
        admin_token: Some(TOKEN.to_string()),
        retention_days: kakor_log::DEFAULT_RETENTION_DAYS,
        allow_short_retention: false,
        max_connections: kakor_log::DEFAULT_MAX_CONNECTIONS,
        controller: Some(CONTROLLER.to_string()),
        cookie_domain: None,
    }
}

pub async fn receiver(database: &str) -> Running {
    start(&config(database)).await.expect("the receiver starts")
}

/// When the tests' proofs were given: this run's start, so the receiver's
/// clock takes them, and one time per run, so a retry is the same proof.
pub fn given() -> u64 {
    static GIVEN: OnceLock<u64> = OnceLock::new();
    *GIVEN.get_or_init(|| kakor_log::store::now_ms() as u64)
}

/// The UTC day of [`given`], as the admin API writes it.
pub fn today() -> String {
    kakor_log::store::day(given())
}

/// A proof as kakor sends it, distinct per `n`.
pub fn proof(n: u64) -> String {
    kakor_log::bench::proof(0x5eed, n, given())
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One request on a fresh connection.
pub async fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.unwrap();
    tokio::spawn(connection);
    let mut builder = Request::builder().method(method).uri(path).header("host", addr.to_string());
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = sender.send_request(builder.body(Full::new(Bytes::from(body.to_string()))).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    Answer { status, headers, body }
}

/// POSTs a proof as kakor does from a page on `SITE`.
pub async fn post(addr: SocketAddr, body: &str) -> Answer {
    request(addr, "POST", "/consent/proofs", &[("content-type", "application/json"), ("origin", SITE)], body).await
}

pub async fn admin(addr: SocketAddr, path: &str) -> Answer {
    request(addr, "GET", path, &[("authorization", &format!("Bearer {TOKEN}"))], "").await
}

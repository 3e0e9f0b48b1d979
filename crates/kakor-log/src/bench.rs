//! `kakor-log bench`: a bounded load on loopback. A receiver is started in
//! this process on a free port; `clients` connections (HTTP/1.1 keep-alive)
//! POST `proofs` distinct proofs between them as fast as answers come back.
//! It reports proofs per second and latency percentiles, and checks that
//! the number stored equals the number sent and that the chain verifies.

use crate::config::{Config, DEFAULT_MAX_CONNECTIONS, DEFAULT_RETENTION_DAYS};
use crate::receive::PATH;
use crate::server::start;
use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use kakor_core::consent::uuid_v4;
use kakor_core::time::{iso8601, DAY_MS};
use std::error::Error;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// One run's figures.
#[derive(Debug, Clone)]
pub struct Figures {
    pub engine: &'static str,
    pub sent: u64,
    pub stored: i64,
    pub clients: usize,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
}

impl Figures {
    pub fn per_second(&self) -> f64 {
        self.sent as f64 / self.elapsed.as_secs_f64()
    }
}

/// A proof as kakor writes it, unique per `(run, n)`.
pub fn proof(run: u64, n: u64, now: u64) -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&run.to_be_bytes());
    bytes[8..].copy_from_slice(&n.to_be_bytes());
    let method = ["accept-all", "reject-all", "custom"][(n % 3) as usize];
    let on = n % 3 != 1;
    format!(
        concat!(
            r#"{{"id":"{}","timestamp":"{}","expires":"{}","revision":"81215475","method":"{}","language":"en","#,
            r#""categories":{{"necessary":true,"preferences":{on},"statistics":{on},"marketing":false}},"#,
            r#""services":{{"kakor":true,"ga4":{on},"hubspot":false,"youtube":{on}}},"#,
            r#""gpc":false,"source":"{}","page":"https://norrsken.example/","#,
            r#""texts":"19ea747589e728e97987ac4571e0eb9cf8943da8ea3c3868e91aad17a04d8ca5","version":"{}"}}"#
        ),
        uuid_v4(bytes),
        iso8601(now),
        iso8601(now + 365 * DAY_MS),
        method,
        ["first-layer", "preferences", "api"][(n % 3) as usize],
        kakor_core::VERSION,
        on = on
    )
}

/// Loads a receiver on `database` (which should start empty) and measures.
pub async fn run(database: &str, sent: u64, clients: usize) -> Result<Figures, Box<dyn Error + Send + Sync>> {
    let running = start(&Config {
        database: database.to_string(),
        listen: "127.0.0.1:0".parse()?,
        origins: vec![],
        admin_token: None,
        retention_days: DEFAULT_RETENTION_DAYS,
        allow_short_retention: false,
        max_connections: DEFAULT_MAX_CONNECTIONS,
        controller: None,
        cookie_domain: None,
    })
    .await?;
    let engine = running.store.engine().name();
    let before = running.store.count().await?;
    let run_id = crate::store::now_ms() as u64;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients as u64 {
        let addr = running.addr;
        let share: Vec<u64> = (0..sent).filter(|n| n % clients as u64 == client).collect();
        tasks.push(tokio::spawn(async move { post_all(addr, run_id, share).await }));
    }
    let mut latencies = Vec::with_capacity(sent as usize);
    for task in tasks {
        latencies.extend(task.await??);
    }
    let elapsed = started.elapsed();
    let stored = running.store.count().await? - before;
    let verified = running.store.verify().await?;
    running.stop().await?;
    if let Err(broken) = verified {
        return Err(broken.to_string().into());
    }
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Ok(Figures { engine, sent, stored, clients, elapsed, p50: at(0.50), p99: at(0.99) })
}

/// One client: a keep-alive connection POSTing its share, one at a time.
async fn post_all(addr: SocketAddr, run: u64, share: Vec<u64>) -> Result<Vec<Duration>, Box<dyn Error + Send + Sync>> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let now = crate::store::now_ms() as u64;
    let mut latencies = Vec::with_capacity(share.len());
    for n in share {
        let request = Request::post(PATH)
            .header("host", addr.to_string())
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(proof(run, n, now))))?;
        sender.ready().await?;
        let sent = Instant::now();
        let response = sender.send_request(request).await?;
        let status = response.status();
        response.into_body().collect().await?;
        latencies.push(sent.elapsed());
        if status != StatusCode::CREATED {
            return Err(format!("proof {n} was answered {status}").into());
        }
    }
    Ok(latencies)
}

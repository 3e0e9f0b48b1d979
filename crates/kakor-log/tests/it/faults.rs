//! The receiver under faults and abuse, from outside: a full disk, idle
//! sockets by the thousand, SIGTERM mid-request, requests answered from
//! their headers, start-up flags that would delete everything.

use crate::common::{self, post, proof, request, SITE};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `kakor-log serve` process over a SQLite file; `Drop` kills it.
struct Served {
    child: Child,
    addr: SocketAddr,
}

impl Served {
    /// Starts `kakor-log serve` with `extra` flags, under `prlimit` when
    /// `nofile` is given (soft:hard), and waits for its listening line.
    fn start(database: &str, extra: &[&str], nofile: Option<&str>) -> Served {
        let binary = env!("CARGO_BIN_EXE_kakor-log");
        let mut command = match nofile {
            Some(limit) => {
                let mut command = Command::new("prlimit");
                command.arg(format!("--nofile={limit}")).arg("--").arg(binary);
                command
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0", "--origin", SITE, "--database", database])
            .args(extra)
            .env_remove("KAKOR_LOG_ADMIN_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn kakor-log");
        let addr = common::listening_on(&mut child);
        Served { child, addr }
    }

    /// Sends SIGTERM, as `systemctl stop` does.
    fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    /// Waits up to `limit` for the process to exit; how long it took.
    fn exited_within(&mut self, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.child.try_wait().unwrap().is_some() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sqlite() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    (dir, url)
}

/// The head of the first response on `stream` (status line and headers),
/// waiting at most `limit`.
fn response_head(stream: &mut TcpStream, limit: Duration) -> String {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            Ok(_) => break,
            Err(e) => panic!("no answer within {limit:?} (read so far: {:?}): {e}", String::from_utf8_lossy(&head)),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A 4 MB tmpfs of our own, unmounted on `Drop`.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path) -> Tmpfs {
        let status = Command::new("mount").args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"]).arg(dir).status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "this test fills a 4 MB tmpfs and needs to mount one: run it as root (or in a container allowed to mount)"
        );
        Tmpfs(dir.to_path_buf())
    }

    fn resize(&self, size: &str) {
        let status = Command::new("mount").args(["-o", &format!("remount,size={size}")]).arg(&self.0).status();
        assert!(status.unwrap().success(), "remount {size}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Issue 18, point 1: a full disk under load. Every proof answered 201 must
/// be in the database afterwards, `/healthz` must say 503 while appends
/// fail, and once there is space again the writer must take proofs again
/// without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_loses_no_acknowledged_proof_and_the_writer_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let disk = Tmpfs::mount(dir.path());
    let url = format!("sqlite://{}", dir.path().join("log.db").display());
    let running = common::receiver(&url).await;
    let addr = running.addr;

    // 8 clients post distinct proofs until each was refused 150 times: the
    // disk stays full a while, and some appends still fit between failures.
    const REFUSALS: usize = 150;
    let deadline = Instant::now() + Duration::from_secs(40);
    let mut clients = Vec::new();
    for client in 0..8u64 {
        clients.push(tokio::spawn(async move {
            let (mut acknowledged, mut refused, mut late) = (Vec::new(), 0, 0);
            for i in 0.. {
                let n = client * 1_000_000 + i;
                match post(addr, &proof(n)).await.status.as_u16() {
                    201 => {
                        acknowledged.push(n);
                        late += usize::from(refused > 0);
                    }
                    503 => refused += 1,
                    other => panic!("proof {n}: {other}"),
                }
                if refused >= REFUSALS || Instant::now() > deadline {
                    break;
                }
            }
            (acknowledged, refused, late)
        }));
    }
    // While appends fail, the health check says so.
    let mut unhealthy = false;
    while Instant::now() < deadline && !unhealthy {
        unhealthy = request(addr, "GET", "/healthz", &[], "").await.status == 503;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut acknowledged = HashSet::new();
    let (mut refused, mut late) = (0, 0);
    for client in clients {
        let (ok, no, after) = client.await.unwrap();
        acknowledged.extend(ok);
        refused += no;
        late += after;
    }
    assert!(refused >= 8 * REFUSALS, "the disk never filled: {refused} refusals, {} stored", acknowledged.len());
    assert!(unhealthy, "/healthz said ok all the while appends failed");

    // Space again: the same receiver takes proofs and reports healthy.
    disk.resize("64m");
    let mut recovered = None;
    for i in 0..100 {
        let n = 9_000_000 + i;
        if post(addr, &proof(n)).await.status == 201 {
            acknowledged.insert(n);
            recovered = Some(n);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered.is_some(), "no 201 within 20 s of space coming back");
    assert_eq!(request(addr, "GET", "/healthz", &[], "").await.body, "ok\n");
    running.stop().await.unwrap();

    // Every acknowledged proof is in the file, read by a fresh process.
    let store = kakor_log::Store::open(&url).await.unwrap();
    let ids: HashSet<String> =
        sqlx::query_scalar("SELECT id FROM proofs").fetch_all(store.pool()).await.unwrap().into_iter().collect();
    let missing: Vec<u64> = acknowledged
        .iter()
        .copied()
        .filter(|n| {
            let body: serde_json::Value = serde_json::from_str(&proof(*n)).unwrap();
            !ids.contains(body["id"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        missing,
        Vec::<u64>::new(),
        "acknowledged with 201 but not stored ({} acknowledged)",
        acknowledged.len()
    );
    assert!(store.verify().await.unwrap().is_ok());
    eprintln!(
        "full disk: {} proofs answered 201 ({late} after a 503), {refused} answered 503, none missing",
        acknowledged.len()
    );
    store.close().await;
}

/// Issue 18, point 2: under a service manager's usual soft file limit
/// (1,024), 2,000 idle sockets must not keep a normal client from its 201,
/// and an idle socket is closed after the header timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_idle_sockets_do_not_starve_a_normal_client() {
    // This process holds the 2,000 client ends: raise its own limit, bounded.
    let soft = rlimit::increase_nofile_limit(4_096).unwrap();
    assert!(soft >= 2_200, "the test needs 2,200 file descriptors, the hard limit allows {soft}");
    let (_dir, url) = sqlite();
    let served = Served::start(&url, &[], Some("1024:8192"));
    let idle: Vec<TcpStream> = (0..2_000).map(|_| TcpStream::connect(served.addr).unwrap()).collect();
    let asked = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(5), post(served.addr, &proof(1)))
        .await
        .expect("a normal client got no answer within 5 s beside 2,000 idle sockets");
    assert_eq!(answer.status, 201, "{}", answer.body);
    eprintln!("beside 2,000 idle sockets: 201 after {:?}", asked.elapsed());
    let health = tokio::time::timeout(Duration::from_secs(5), request(served.addr, "GET", "/healthz", &[], ""))
        .await
        .expect("/healthz answered");
    assert_eq!(health.status, 200);
    // The first idle socket is closed by the receiver after the header timeout.
    let mut first = &idle[0];
    first.set_read_timeout(Some(kakor_log::server::HEADER_TIMEOUT + Duration::from_secs(5))).unwrap();
    let mut byte = [0u8; 1];
    assert_eq!(first.read(&mut byte).expect("closed within the header timeout"), 0);
    drop(idle);
}

/// Issue 18, point 2: the connection cap holds (counted in the receiver's
/// own open files), and a client beyond it is served once idle connections
/// reach their header timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_cap_holds_and_a_client_past_it_is_served_after_the_idle_timeout() {
    let (_dir, url) = sqlite();
    let served = Served::start(&url, &["--max-connections", "50"], None);
    let sockets = || {
        std::fs::read_dir(format!("/proc/{}/fd", served.child.id())).unwrap().flatten().filter(|fd| {
            std::fs::read_link(fd.path()).is_ok_and(|target| target.to_string_lossy().starts_with("socket:"))
        })
    };
    let before = sockets().count();
    let idle: Vec<TcpStream> = (0..60).map(|_| TcpStream::connect(served.addr).unwrap()).collect();
    let started = Instant::now();
    let mut held = 0;
    while held < before + 50 && started.elapsed() < Duration::from_secs(5) {
        held = sockets().count();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(held, before + 50, "the receiver holds 50 connections, no more");
    let answer =
        tokio::time::timeout(kakor_log::server::HEADER_TIMEOUT + Duration::from_secs(5), post(served.addr, &proof(1)))
            .await
            .expect("served once the idle connections timed out");
    assert_eq!(answer.status, 201);
    drop(idle);
}

/// Issue 18, point 3: SIGTERM while a request is half sent ends within the
/// grace period, and what was acknowledged is stored.
#[tokio::test]
async fn sigterm_ends_within_the_grace_period_with_a_request_half_sent() {
    let (_dir, url) = sqlite();
    let mut served = Served::start(&url, &[], None);
    assert_eq!(post(served.addr, &proof(1)).await.status, 201);
    // A request whose body stops halfway: `100 Continue` shows the receiver
    // is reading it.
    let mut half = TcpStream::connect(served.addr).unwrap();
    let body = proof(2);
    write!(
        half,
        "POST /consent/proofs HTTP/1.1\r\nHost: x\r\nOrigin: {SITE}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    )
    .unwrap();
    assert!(response_head(&mut half, Duration::from_secs(5)).starts_with("HTTP/1.1 100"));
    half.write_all(&body.as_bytes()[..body.len() / 2]).unwrap();
    served.terminate();
    let took = served.exited_within(Duration::from_secs(15));
    let grace = kakor_log::server::SHUTDOWN_GRACE;
    assert!(took.is_some_and(|t| t <= grace + Duration::from_secs(2)), "still running after SIGTERM: {took:?}");
    eprintln!("SIGTERM with a request half sent: exited after {took:?}");
    let status = served.child.wait().unwrap();
    assert!(status.success(), "{status}");
    let store = kakor_log::Store::open(&url).await.unwrap();
    assert_eq!(store.count().await.unwrap(), 1);
    assert!(store.verify().await.unwrap().is_ok());
    store.close().await;
}

/// Issue 18, point 4: a retention that overflows, or is shorter than the
/// longest consent without the flag that says so, stops the receiver
/// before it deletes anything.
#[tokio::test]
async fn a_retention_that_overflows_or_undercuts_consent_is_refused() {
    let (_dir, url) = sqlite();
    let served = Served::start(&url, &[], None);
    assert_eq!(post(served.addr, &proof(1)).await.status, 201);
    drop(served);
    let serve = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kakor-log"))
            .args(["serve", "--listen", "127.0.0.1:0", "--database", &url])
            .args(extra)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    for days in ["18446744073709551615", "150000000000"] {
        let output = serve(&["--retention-days", days]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{days}: {stderr}");
        assert!(stderr.contains(&format!("a retention of {days} days is past what")), "{stderr}");
    }
    let output = serve(&["--retention-days", "30"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("add --allow-short-retention if you mean it"), "{stderr}");
    let store = kakor_log::Store::open(&url).await.unwrap();
    assert_eq!(store.count().await.unwrap(), 1, "nothing was purged");
    store.close().await;
    // With the flag, the owner's choice stands.
    let served = Served::start(&url, &["--retention-days", "30", "--allow-short-retention"], None);
    assert_eq!(request(served.addr, "GET", "/healthz", &[], "").await.status, 200);
}

/// Issue 18, point 8: a foreign origin's POST and a body announced too large
/// are answered from the headers, before any of the body is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_come_from_the_headers_without_reading_the_body() {
    let (_dir, url) = sqlite();
    let running = common::receiver(&url).await;
    let mut foreign = TcpStream::connect(running.addr).unwrap();
    write!(
        foreign,
        "POST /consent/proofs HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n\
         Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
    )
    .unwrap();
    let head = response_head(&mut foreign, Duration::from_secs(5));
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");

    let mut large = TcpStream::connect(running.addr).unwrap();
    write!(
        large,
        "POST /consent/proofs HTTP/1.1\r\nHost: x\r\nOrigin: {SITE}\r\nContent-Type: application/json\r\n\
         Content-Length: 10485760\r\nExpect: 100-continue\r\n\r\n"
    )
    .unwrap();
    let head = response_head(&mut large, Duration::from_secs(5));
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert_eq!(running.store.count().await.unwrap(), 0);
    running.stop().await.unwrap();
}

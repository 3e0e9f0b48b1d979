//! Against a real PostgreSQL server, started by the test itself (Debian's
//! `postgresql`) on a unix socket in a temporary directory, and stopped by a
//! Drop guard, also when the test fails.

use crate::common::{self, post, proof};
use std::collections::HashSet;
use std::os::unix::fs::chown;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A PostgreSQL cluster of our own; `Drop` stops it.
pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
}

fn bin_dir() -> PathBuf {
    let mut candidates: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| entries.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    candidates.sort();
    candidates.into_iter().rev().find(|dir| dir.join("initdb").exists()).unwrap_or_else(|| {
        panic!("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): `apt-get install postgresql`, or run ./build.sh test, which installs it")
    })
}

/// Runs a PostgreSQL tool as the `postgres` user when we are root (initdb
/// and postgres refuse to run as root).
fn tool(bin: &Path, name: &str) -> Command {
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(bin.join(name));
        command
    } else {
        Command::new(bin.join(name))
    }
}

fn must(command: &mut Command, what: &str) {
    let output = command.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

impl Postgres {
    pub fn start() -> Postgres {
        let bin = bin_dir();
        let dir = tempfile::Builder::new().prefix("kakor-log-pg-").tempdir().unwrap();
        let owner = Command::new("id")
            .args(["-u", "postgres"])
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse::<u32>().ok());
        if let Some(uid) = owner {
            chown(dir.path(), Some(uid), None).expect("chown the temporary directory to postgres");
        }
        let data = dir.path().join("data");
        must(
            tool(&bin, "initdb").args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "-D"]).arg(&data),
            "initdb",
        );
        let postgres = Postgres { dir, bin };
        postgres.up();
        postgres
    }

    fn pg_ctl(&self) -> Command {
        let mut command = tool(&self.bin, "pg_ctl");
        command.arg("-D").arg(self.dir.path().join("data"));
        command
    }

    /// Starts the server: socket only (no TCP), no fsync (a test cluster).
    pub fn up(&self) {
        let options = format!("-F -k {} -c listen_addresses=''", self.dir.path().display());
        let log = self.dir.path().join("log");
        must(self.pg_ctl().args(["-w", "-t", "30", "-o", &options, "-l"]).arg(&log).arg("start"), "pg_ctl start");
    }

    pub fn down(&self) {
        must(self.pg_ctl().args(["-w", "-m", "fast", "stop"]), "pg_ctl stop");
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@localhost/{database}?host={}", self.dir.path().display())
    }

    /// A new, empty database's URL.
    pub async fn database(&self, name: &str) -> String {
        use sqlx::Connection;
        let mut admin = sqlx::PgConnection::connect(&self.url("postgres")).await.expect("connect to the test cluster");
        sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str()).await.unwrap();
        admin.close().await.ok();
        self.url(name)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.pg_ctl().args(["-w", "-m", "immediate", "stop"]).stdin(Stdio::null()).output();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stores_once_refuses_bad_input_and_answers_503_while_down() {
    let cluster = Postgres::start();
    let url = cluster.database("receive").await;
    let running = common::receiver(&url).await;
    assert_eq!(running.store.engine(), kakor_log::store::Engine::Postgres);
    let addr = running.addr;
    assert_eq!(post(addr, &proof(1)).await.status, 201);
    assert_eq!(post(addr, &proof(1)).await.status, 200);
    assert_eq!(post(addr, "{\"id\": 1}").await.status, 422);
    assert_eq!(post(addr, &"x".repeat(17_000)).await.status, 413);
    assert_eq!(running.store.count().await.unwrap(), 1);

    cluster.down();
    let answer = post(addr, &proof(2)).await;
    assert_eq!(answer.status, 503, "{}", answer.body);
    let health = common::request(addr, "GET", "/healthz", &[], "").await;
    assert_eq!(health.status, 503);
    assert_eq!(answer.headers["access-control-allow-origin"], common::SITE);
    cluster.up();
    // The pool reconnects on its own; the retried proof is stored once.
    let mut status = 0;
    for _ in 0..20 {
        status = post(addr, &proof(2)).await.status.as_u16();
        if status == 201 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(status, 201);
    assert_eq!(running.store.count().await.unwrap(), 2);
    assert!(running.store.verify().await.unwrap().is_ok());
    running.stop().await.unwrap();
}

/// Two `kakor-log` processes behind one PostgreSQL, as behind a load
/// balancer: every proof is sent to both at once, and some twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_receivers_on_one_postgres_lose_nothing_and_double_nothing() {
    let cluster = Postgres::start();
    let url = cluster.database("shared").await;
    let receivers: Vec<Receiver> = (0..2).map(|_| Receiver::spawn(&url)).collect();
    let addrs: Vec<_> = receivers.iter().map(|r| r.addr).collect();
    const PROOFS: u64 = 600;
    let mut tasks = Vec::new();
    for client in 0..12u64 {
        let addrs = addrs.clone();
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for n in (0..PROOFS).filter(|n| n % 12 == client) {
                let body = proof(n);
                // The same proof to both receivers concurrently: a retry racing the original.
                let (a, b) = tokio::join!(post(addrs[0], &body), post(addrs[1], &body));
                statuses.push((n, a.status.as_u16(), b.status.as_u16()));
            }
            statuses
        }));
    }
    // `verify` while both append: it reads one snapshot, so it never
    // mistakes appends in flight for tampering.
    let checker = kakor_log::Store::open(&url).await.unwrap();
    let verifying = tokio::spawn(async move {
        let mut checks = 0;
        while checker.count().await.unwrap() < PROOFS as i64 {
            checker.verify().await.unwrap().expect("intact while appending");
            checks += 1;
        }
        checker.close().await;
        checks
    });
    let mut created = HashSet::new();
    for task in tasks {
        for (n, a, b) in task.await.unwrap() {
            let mut pair = [a, b];
            pair.sort();
            assert_eq!(pair, [200, 201], "proof {n}: one receiver stores it, the other finds it stored");
            created.insert(n);
        }
    }
    assert_eq!(created.len() as u64, PROOFS);
    assert!(verifying.await.unwrap() > 0, "verify ran during the load");
    let store = kakor_log::Store::open(&url).await.unwrap();
    assert_eq!(store.count().await.unwrap(), PROOFS as i64);
    let intact = store.verify().await.unwrap().expect("the chain is linear");
    assert_eq!(intact.rows, PROOFS);
    assert_eq!(intact.head_seq, PROOFS as i64);
    store.close().await;
    drop(receivers);
}

/// A `kakor-log serve` process; `Drop` kills it.
struct Receiver {
    child: std::process::Child,
    addr: std::net::SocketAddr,
}

impl Receiver {
    fn spawn(url: &str) -> Receiver {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kakor-log"))
            .args(["serve", "--listen", "127.0.0.1:0", "--origin", common::SITE, "--database", url])
            .env_remove("KAKOR_LOG_ADMIN_TOKEN")
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn kakor-log");
        let addr = common::listening_on(&mut child);
        Receiver { child, addr }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The texts archive and the evidence fields on PostgreSQL, as on SQLite.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_resolves_a_proofs_texts_hash_to_the_exact_bundle() {
    let cluster = Postgres::start();
    let url = cluster.database("evidence").await;
    let running = common::receiver(&url).await;
    crate::evidence::round_trip(running.addr).await;
    running.stop().await.unwrap();
}

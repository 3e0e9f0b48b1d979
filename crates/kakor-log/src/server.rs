//! The receiver: one router over one [`App`], served until told to stop, with
//! retention running beside it.
//!
//! Connections are served by hyper directly rather than `axum::serve`, which
//! has no timeouts: a client that opens sockets and sends nothing would
//! otherwise hold a file descriptor each until the receiver runs out and
//! answers no one, `/healthz` included.

use crate::config::Config;
use crate::cookie::Jar;
use crate::error::ApiError;
use crate::store::{days_ms, now_ms, Store, StoreError};
use crate::validate::MAX_BODY;
use crate::writer::{Health, Writer};
use crate::{admin, receive, texts};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};
use tokio::task::{JoinHandle, JoinSet};
use tower_http::timeout::TimeoutLayer;

/// How often retention runs.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// How long a client has to send a request's headers. hyper arms the same
/// timer while a keep-alive connection waits for its next request, so it is
/// also the idle timeout, and a socket that sends nothing is closed after it.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request may take once its headers are in: reading the body
/// (16 KB at most) and committing the proof. Past it the answer is 408 and
/// kakor sends the proof again later.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// How long stopping waits for requests in flight before it closes their
/// connections (systemd kills at 90 s).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// File descriptors needed beside the connections: the listener, the
/// database pool, SQLite's WAL and shared-memory files, stdio, and room.
const SPARE_FDS: u64 = 64;

/// What every request can reach.
pub struct App {
    pub origins: Vec<String>,
    pub admin_token: Option<String>,
    /// The data controller named in standard consent records.
    pub controller: Option<String>,
    pub store: Store,
    pub writer: Writer,
    /// Where the `kakor` cookie is set for same-origin pages.
    pub jar: Jar,
}

/// Every route. Built by a function so tests can drive it without a socket.
pub fn router(app: Arc<App>) -> Router {
    let admin = Router::new()
        .route("/admin", get(admin::page))
        .route("/admin/page.css", get(admin::stylesheet))
        .route("/admin/consents/{id}", get(admin::history))
        .route("/admin/export", get(admin::export))
        .route("/admin/counts", get(admin::counts))
        .route("/admin/texts", post(texts::publish))
        .route("/admin/texts/{sha256}", get(texts::show))
        .route_layer(axum::middleware::from_fn_with_state(app.clone(), admin::guard));
    Router::new()
        .route(receive::PATH, post(receive::receive).options(receive::preflight))
        .route("/healthz", get(health))
        .merge(admin)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .with_state(app)
}

/// `GET /healthz`: 200 while the database answers and takes writes, else
/// 503, so a load balancer sends proofs to a receiver that can store them.
/// The last append tells (a full disk fails appends, not reads); when none
/// ended lately, the check writes to the chain head itself, so a receiver
/// that no proof reaches any more still turns ok once the cause is gone.
async fn health(State(app): State<Arc<App>>) -> Result<&'static str, ApiError> {
    app.store.ping().await.map_err(|e| ApiError::from_store(&e))?;
    match app.writer.health() {
        Health::Writing => {}
        Health::Failing => return Err(ApiError::Unavailable),
        Health::Unknown => {
            let written = app.store.append(&[]).await;
            app.writer.record(written.is_err());
            written.map_err(|e| ApiError::from_store(&e))?;
        }
    }
    Ok("ok\n")
}

/// Why the receiver could not start.
#[derive(Debug)]
pub enum StartError {
    Config(crate::config::ConfigError),
    Store(StoreError),
    Listen(SocketAddr, std::io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Config(e) => write!(f, "{e}"),
            StartError::Store(e) => write!(f, "{e}"),
            StartError::Listen(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A receiver that is serving.
pub struct Running {
    pub addr: SocketAddr,
    pub store: Store,
    /// Connections served at once, after the file limit had its say.
    pub max_connections: usize,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Running {
    /// Stops taking connections, lets requests in flight finish for up to
    /// [`SHUTDOWN_GRACE`] and then closes what is left, commits every proof
    /// handed to the writer, and returns once the database is closed. A
    /// proof answered 201 was committed before its answer.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.stop.send(());
        let _ = self.task.await;
        let _ = self.writer.await;
        self.store.close().await;
        Ok(())
    }
}

/// Opens the database (migrating it), binds, and serves in the background.
pub async fn start(config: &Config) -> Result<Running, StartError> {
    config.check().map_err(StartError::Config)?;
    let max_connections = connection_cap(config.max_connections);
    let store = Store::open(&config.database).await.map_err(StartError::Store)?;
    let listener = TcpListener::bind(config.listen).await.map_err(|e| StartError::Listen(config.listen, e))?;
    let addr = listener.local_addr().map_err(|e| StartError::Listen(config.listen, e))?;
    let (writer, writing) = Writer::spawn(store.clone());
    let app = Arc::new(App {
        origins: config.origins.clone(),
        admin_token: config.admin_token.clone(),
        controller: config.controller.clone(),
        store: store.clone(),
        writer,
        jar: Jar { domain: config.cookie_domain.clone() },
    });
    let retention = days_ms(config.retention_days);
    let purger = store.clone();
    let purge = tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            match purger.purge(now_ms().saturating_sub(retention)).await {
                Ok(0) => {}
                Ok(n) => eprintln!("kakor-log: retention purged {n} proofs"),
                Err(e) => eprintln!("kakor-log: retention could not run: {e}"),
            }
        }
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        serve(listener, router(app), max_connections, stopped).await;
        purge.abort();
    });
    Ok(Running { addr, store, max_connections, stop, task, writer: writing })
}

/// How many connections to serve at once: `wanted`, if the file limit can
/// be raised to hold them (up to its hard limit, as Go's runtime does; a
/// service manager's usual soft limit, 1,024, is far below its hard one),
/// else as many as the limit leaves room for.
fn connection_cap(wanted: usize) -> usize {
    let needed = wanted as u64 + SPARE_FDS;
    match rlimit::increase_nofile_limit(needed) {
        Ok(soft) if soft >= needed => wanted,
        Ok(soft) => {
            let cap = soft.saturating_sub(SPARE_FDS).max(1) as usize;
            eprintln!(
                "kakor-log: the open-file limit is {soft}: serving at most {cap} connections at once, \
                 not {wanted} (raise LimitNOFILE)"
            );
            cap
        }
        Err(e) => {
            eprintln!("kakor-log: cannot read the open-file limit ({e}); serving up to {wanted} connections");
            wanted
        }
    }
}

/// Accepts connections while fewer than `cap` are open, each served over
/// HTTP/1.1 with [`HEADER_TIMEOUT`], until `stopped`; then shuts them down
/// gracefully within [`SHUTDOWN_GRACE`] and closes the rest.
async fn serve(listener: TcpListener, router: Router, cap: usize, mut stopped: oneshot::Receiver<()>) {
    let permits = Arc::new(Semaphore::new(cap));
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    loop {
        let permit = tokio::select! {
            _ = &mut stopped => break,
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
        };
        let stream = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before
                    // it was accepted: wait a moment rather than spin.
                    eprintln!("kakor-log: accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        while connections.try_join_next().is_some() {}
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        connections.spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        eprintln!(
            "kakor-log: closing {} connections still open {} s after the stop signal",
            connections.len(),
            SHUTDOWN_GRACE.as_secs()
        );
    }
    connections.shutdown().await;
}

//! The receiver: one router over one [`App`], served until told to stop, with
//! retention running beside it.

use crate::config::Config;
use crate::error::ApiError;
use crate::store::{days_ms, now_ms, Store, StoreError};
use crate::validate::MAX_BODY;
use crate::writer::Writer;
use crate::{admin, receive};
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::Router;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How often retention runs.
const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// What every request can reach.
pub struct App {
    pub origins: Vec<String>,
    pub admin_token: Option<String>,
    pub store: Store,
    pub writer: Writer,
}

/// Every route. Built by a function so tests can drive it without a socket.
pub fn router(app: Arc<App>) -> Router {
    let admin = Router::new()
        .route("/admin", get(admin::page))
        .route("/admin/page.css", get(admin::stylesheet))
        .route("/admin/consents/{id}", get(admin::history))
        .route("/admin/export", get(admin::export))
        .route("/admin/counts", get(admin::counts))
        .route_layer(axum::middleware::from_fn_with_state(app.clone(), admin::guard));
    Router::new()
        .route(receive::PATH, post(receive::receive).options(receive::preflight))
        .route("/healthz", get(health))
        .merge(admin)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}

/// `GET /healthz`: 200 while the database answers, else 503, so a load
/// balancer sends proofs to a receiver that can store them.
async fn health(State(app): State<Arc<App>>) -> Result<&'static str, ApiError> {
    app.store.ping().await.map_err(|e| ApiError::from_store(&e))?;
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
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops taking connections, lets requests in flight finish (their proofs
    /// are committed), and returns once the server is down.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.stop.send(());
        let served = self.task.await.unwrap_or(Ok(()));
        self.store.close().await;
        served
    }
}

/// Opens the database (migrating it), binds, and serves in the background.
pub async fn start(config: &Config) -> Result<Running, StartError> {
    config.check().map_err(StartError::Config)?;
    let store = Store::open(&config.database).await.map_err(StartError::Store)?;
    let listener = TcpListener::bind(config.listen).await.map_err(|e| StartError::Listen(config.listen, e))?;
    let addr = listener.local_addr().map_err(|e| StartError::Listen(config.listen, e))?;
    let app = Arc::new(App {
        origins: config.origins.clone(),
        admin_token: config.admin_token.clone(),
        store: store.clone(),
        writer: Writer::spawn(store.clone()),
    });
    let retention = days_ms(config.retention_days);
    let purger = store.clone();
    let purge = tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            match purger.purge(now_ms() - retention).await {
                Ok(0) => {}
                Ok(n) => eprintln!("kakor-log: retention purged {n} proofs"),
                Err(e) => eprintln!("kakor-log: retention could not run: {e}"),
            }
        }
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        purge.abort();
        served
    });
    Ok(Running { addr, store, stop, task })
}

//! SIGTERM and SIGINT as a value the scan can wait for, so that it closes the
//! browser and removes its profile before it exits instead of dying at once.

use super::ScanError;
use tokio::signal::unix::{signal, Signal, SignalKind};

pub struct Signals {
    terminate: Signal,
    interrupt: Signal,
}

impl Signals {
    pub fn listen() -> std::io::Result<Signals> {
        Ok(Signals { terminate: signal(SignalKind::terminate())?, interrupt: signal(SignalKind::interrupt())? })
    }

    /// Resolves when either signal arrives, to the error the scan ends with.
    pub async fn next(&mut self) -> ScanError {
        tokio::select! {
            _ = self.terminate.recv() => ScanError::Interrupted { signal: "SIGTERM", code: 128 + 15 },
            _ = self.interrupt.recv() => ScanError::Interrupted { signal: "SIGINT", code: 128 + 2 },
        }
    }
}

//! kakor-log, the consent log: receives the proofs kakor POSTs, stores them
//! append-only and hash-chained in SQLite or PostgreSQL, and answers the
//! owner's questions about them (docs/consent-log.md).
//!
//! `main.rs` parses the command line; everything else is here so the tests
//! and the benchmark run the same code.

pub mod admin;
pub mod bench;
pub mod chain;
pub mod config;
pub mod cookie;
pub mod error;
pub mod iso27560;
pub mod page;
pub mod receive;
pub mod server;
pub mod store;
pub mod texts;
pub mod validate;
pub mod writer;

pub use config::{Config, DEFAULT_MAX_CONNECTIONS, DEFAULT_RETENTION_DAYS};
pub use server::{start, Running};
pub use store::Store;

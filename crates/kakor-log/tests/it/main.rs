//! kakor-log's integration tests, one binary: the real HTTP server over real
//! SQLite files and a real PostgreSQL that the tests start themselves.

mod common;
mod cookie;
mod evidence;
mod faults;
mod iso27560;
mod postgres;
mod sqlite;

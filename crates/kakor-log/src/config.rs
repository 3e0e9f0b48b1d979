//! What an owner configures, checked before anything starts.

use std::fmt;
use std::net::SocketAddr;

/// How long proofs are kept by default: 1,490 days. A proof must outlive the
/// consent it proves, which kakor lets last up to 395 days, and then
/// stay while an authority may still ask about processing done under it: the
/// limitation period for administrative fines is three years (1,095 days) in
/// many member states (e.g. Germany's OWiG §31). 395 + 1,095 = 1,490; keeping
/// proofs longer than that is data you no longer need (GDPR Art. 5(1)(e)).
pub const DEFAULT_RETENTION_DAYS: u64 = 1_490;

/// The shortest admin token accepted: long enough that guessing is hopeless.
const MIN_TOKEN: usize = 16;

/// The receiver's settings (command-line flags or `KAKOR_LOG_*` variables).
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://FILE`, a file path, or `postgres://…`.
    pub database: String,
    pub listen: SocketAddr,
    /// Site origins allowed to POST proofs from a browser, as
    /// `scheme://host[:port]`.
    pub origins: Vec<String>,
    /// The admin API's bearer token; without one the admin API refuses all.
    pub admin_token: Option<String>,
    pub retention_days: u64,
}

/// A setting that cannot work, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    Origin(String),
    ShortToken,
    Retention,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Origin(origin) => write!(
                f,
                "origin `{origin}` is not scheme://host[:port] (no path, no trailing slash, no `*`): \
                 name each site origin that sends proofs"
            ),
            ConfigError::ShortToken => {
                write!(f, "the admin token is shorter than {MIN_TOKEN} characters: use a long random one")
            }
            ConfigError::Retention => write!(f, "the retention period must be at least one day"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Checks every setting; the receiver does not start on an error.
    pub fn check(&self) -> Result<(), ConfigError> {
        for origin in &self.origins {
            let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
            let host_ok = rest.is_some_and(|host| {
                !host.is_empty() && !host.contains(['/', '*', '?', '#', '@']) && !host.chars().any(char::is_whitespace)
            });
            if !host_ok {
                return Err(ConfigError::Origin(origin.clone()));
            }
        }
        if self.admin_token.as_ref().is_some_and(|token| token.len() < MIN_TOKEN) {
            return Err(ConfigError::ShortToken);
        }
        if self.retention_days == 0 {
            return Err(ConfigError::Retention);
        }
        Ok(())
    }
}

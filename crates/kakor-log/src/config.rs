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

/// The longest retention whose cutoff (now minus the period, in
/// milliseconds) an `i64` holds for any clock reading before the year
/// 292,000,000: `i64::MAX / 2` milliseconds, in days. Anything longer
/// overflowed into a cutoff in the future, which deleted every proof.
pub const MAX_RETENTION_DAYS: u64 = (i64::MAX as u64 / 2) / kakor_core::time::DAY_MS;

/// The shortest admin token accepted, in characters: long enough that
/// guessing is hopeless.
const MIN_TOKEN: usize = 16;

/// The longest consent kakor gives. A shorter retention deletes proofs of
/// consents that may still be in force, so it needs
/// [`Config::allow_short_retention`].
pub const LONGEST_CONSENT_DAYS: u64 = 395;

/// The longest controller name, in characters.
const MAX_CONTROLLER: usize = 200;

/// The most connections served at once unless `--max-connections` says
/// otherwise; each holds a file descriptor (see `LimitNOFILE`).
pub const DEFAULT_MAX_CONNECTIONS: usize = 4_096;

/// The receiver's settings: `kakor-log serve`'s flags, each also a
/// `KAKOR_LOG_*` variable (the doc comments are their help texts).
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// sqlite://FILE (or a plain file path), or postgres://USER@HOST/DB.
    #[arg(long, env = "KAKOR_LOG_DATABASE", default_value = "sqlite://kakor-log.db")]
    pub database: String,
    /// Address and port to listen on.
    #[arg(long, env = "KAKOR_LOG_LISTEN", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// A site origin (https://www.example.com) whose pages may send
    /// proofs; repeat it, or separate with commas in the variable.
    #[arg(long = "origin", env = "KAKOR_LOG_ORIGINS", value_delimiter = ',')]
    pub origins: Vec<String>,
    /// The admin API's bearer token (16 characters or more); without one the
    /// admin API refuses all. Prefer the variable: command lines are visible
    /// to other users.
    #[arg(long, env = "KAKOR_LOG_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Proofs received longer ago than this are deleted (at least 395,
    /// the longest consent, unless --allow-short-retention).
    #[arg(long, env = "KAKOR_LOG_RETENTION_DAYS", default_value_t = DEFAULT_RETENTION_DAYS)]
    pub retention_days: u64,
    /// Accept a --retention-days below 395: proofs of consents still in
    /// force may be deleted.
    #[arg(long, env = "KAKOR_LOG_ALLOW_SHORT_RETENTION")]
    pub allow_short_retention: bool,
    /// Connections served at once (more wait in the listen queue); each
    /// needs a file descriptor, so keep LimitNOFILE above it.
    #[arg(long, env = "KAKOR_LOG_MAX_CONNECTIONS", default_value_t = DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// The data controller's legal name ("Example AB"), written into
    /// the ISO/IEC TS 27560 consent records and receipts; without it
    /// those are refused.
    #[arg(long, env = "KAKOR_LOG_CONTROLLER")]
    pub controller: Option<String>,
    /// The Domain of the `kakor` cookie set for pages on the receiver's
    /// own origin: the catalogue's site.cookie_domain, when it has one.
    #[arg(long, env = "KAKOR_LOG_COOKIE_DOMAIN")]
    pub cookie_domain: Option<String>,
}

/// A setting that cannot work, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    Origin(String),
    CookieDomain(String),
    ShortToken,
    /// Past what a clock in milliseconds can hold.
    RetentionOverflow(u64),
    /// Shorter than the longest consent without `--allow-short-retention`.
    RetentionShort(u64),
    /// Zero days, or zero connections.
    Zero(&'static str),
    /// Empty, too long, or with a control or bidirectional character.
    Controller(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Origin(origin) => write!(
                f,
                "origin `{origin}` is not scheme://host[:port] (no path, no trailing slash, no `*`): \
                 name each site origin that sends proofs"
            ),
            ConfigError::CookieDomain(domain) => write!(
                f,
                "cookie domain `{domain}` is not a domain such as `.example.com` (lowercase letters, digits, \
                 `-`, two labels or more): give the catalogue's site.cookie_domain, or leave it out"
            ),
            ConfigError::ShortToken => write!(
                f,
                "the admin token is shorter than {MIN_TOKEN} characters or only spaces: use a long random one"
            ),
            ConfigError::RetentionOverflow(days) => write!(
                f,
                "a retention of {days} days is past what the receiver's clock can count: \
                 use {} days or fewer (the default is {DEFAULT_RETENTION_DAYS})",
                MAX_RETENTION_DAYS
            ),
            ConfigError::RetentionShort(days) => write!(
                f,
                "a retention of {days} days deletes proofs of consents that may still be in force \
                 (kakor's consents last up to {LONGEST_CONSENT_DAYS} days): use {LONGEST_CONSENT_DAYS} days or \
                 more, or add --allow-short-retention if you mean it"
            ),
            ConfigError::Zero(what) => write!(f, "{what} must be at least 1"),
            ConfigError::Controller(name) => write!(
                f,
                "controller `{name}` is not a name: give the data controller's legal name, 1 to \
                 {MAX_CONTROLLER} characters, without control or bidirectional characters"
            ),
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
        if let Some(domain) = self.cookie_domain.as_ref().filter(|d| !kakor_core::cookies::is_domain(d)) {
            return Err(ConfigError::CookieDomain(domain.clone()));
        }
        let weak = |token: &String| token.chars().count() < MIN_TOKEN || token.trim().is_empty();
        if self.admin_token.as_ref().is_some_and(weak) {
            return Err(ConfigError::ShortToken);
        }
        if self.retention_days == 0 {
            return Err(ConfigError::Zero("--retention-days"));
        }
        if self.retention_days > MAX_RETENTION_DAYS {
            return Err(ConfigError::RetentionOverflow(self.retention_days));
        }
        if self.retention_days < LONGEST_CONSENT_DAYS && !self.allow_short_retention {
            return Err(ConfigError::RetentionShort(self.retention_days));
        }
        if self.max_connections == 0 {
            return Err(ConfigError::Zero("--max-connections"));
        }
        if let Some(name) = &self.controller {
            let count = name.chars().count();
            if name.trim().is_empty() || count > MAX_CONTROLLER || name.chars().any(crate::validate::is_hidden) {
                let shown: String = name.chars().take(64).map(|c| c.escape_debug().to_string()).collect();
                return Err(ConfigError::Controller(shown));
            }
        }
        Ok(())
    }
}

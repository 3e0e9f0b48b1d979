//! The hash chain over stored proofs. Each row's hash covers its sequence
//! number, the time it was received, its body and the previous row's hash, so
//! an edited, inserted or deleted row breaks every link after it. What it does
//! not do on its own is stop someone who rewrites the whole chain: write the
//! head that `kakor-log verify` prints somewhere else now and then (a ticket,
//! a log shipped off the machine) to anchor it.

use sha2::{Digest, Sha256};
use std::fmt;

/// The `prev_hash` of the first row ever stored.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of a row: SHA-256 over its fields, one per line, in hex.
pub fn link(prev_hash: &str, seq: i64, received: i64, body: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [prev_hash, &seq.to_string(), &received.to_string()] {
        hasher.update(part.as_bytes());
        hasher.update(b"\n");
    }
    hasher.update(body.as_bytes());
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What `verify` found when the chain holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intact {
    /// Rows checked.
    pub rows: u64,
    /// The last row purged by retention (0 when none), where checking starts.
    pub base_seq: i64,
    /// The newest row and its hash: the value to anchor elsewhere.
    pub head_seq: i64,
    pub head_hash: String,
}

impl fmt::Display for Intact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.rows == 1 { "proof" } else { "proofs" };
        write!(
            f,
            "chain intact: {} {noun} (seq {} to {}), head {}",
            self.rows,
            self.base_seq + 1,
            self.head_seq,
            self.head_hash
        )
    }
}

/// Where and how the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub seq: i64,
    pub reason: String,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chain broken at seq {}: {}", self.seq, self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_depends_on_every_field() {
        let base = link(GENESIS, 1, 1000, "{}");
        assert_eq!(base.len(), 64);
        assert_ne!(base, link(GENESIS, 2, 1000, "{}"));
        assert_ne!(base, link(GENESIS, 1, 1001, "{}"));
        assert_ne!(base, link(GENESIS, 1, 1000, "{ }"));
        assert_ne!(base, link(&base, 1, 1000, "{}"));
    }
}

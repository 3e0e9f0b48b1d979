//! The stored decision: the value of the `kakor` cookie and of each line of
//! the `kakor.proofs` history (docs/contract.md, "Storage").
//!
//! ```text
//! 1.<id>.<timestamp>.<expires>.<revision>.<method>.<language>.<gpc>.<categories>.<services>.<checksum>
//! ```
//!
//! Fields are separated by `.`; times are milliseconds since the Unix epoch;
//! method is `a`, `r` or `c` (accept all, reject all, custom); gpc is `0` or `1`;
//! categories and services list the *granted* ids joined by `:` (`-` for none);
//! the checksum is FNV-1a 32 in hex over everything before the last `.`. Every
//! character is a valid cookie octet that no server URL-decodes, and ids cannot
//! contain `.` or `:` (validation forbids it), so the format needs no escaping.

use crate::catalogue::{Catalogue, NECESSARY};
use crate::consent::{is_uuid_v4, Consent, Method};
use crate::hash::{fnv1a, hex32};
use crate::time::{parse_uint, push_uint, DAY_MS};

/// The format version, the first field.
pub const VERSION: &str = "1";

/// Why a stored value is not a valid consent. Each counts as no consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// Not the shape above, or a field out of its range.
    Garbled,
    /// Another format version.
    Version,
    /// The checksum does not match: corrupted or edited.
    Checksum,
    /// Given under another catalogue revision.
    Revision,
    /// Past its expiry, or claiming a lifetime longer than `consent_days`.
    Expired,
    /// Grants a category or service the catalogue does not have.
    Unknown,
}

/// Writes `consent` in the stored format.
pub fn encode(consent: &Consent) -> String {
    let mut out = String::with_capacity(128);
    out.push_str(VERSION);
    out.push('.');
    out.push_str(&consent.id);
    out.push('.');
    push_uint(&mut out, consent.timestamp);
    out.push('.');
    push_uint(&mut out, consent.expires);
    out.push('.');
    out.push_str(&consent.revision);
    out.push('.');
    out.push(match consent.method {
        Method::AcceptAll => 'a',
        Method::RejectAll => 'r',
        Method::Custom => 'c',
    });
    out.push('.');
    out.push_str(&consent.language);
    out.push_str(if consent.gpc { ".1." } else { ".0." });
    push_granted(&mut out, &consent.categories);
    out.push('.');
    push_granted(&mut out, &consent.services);
    let sum = hex32(fnv1a(out.as_bytes()));
    out.push('.');
    out.push_str(&sum);
    out
}

fn push_granted(out: &mut String, entries: &[(String, bool)]) {
    let mut any = false;
    for (id, _) in entries.iter().filter(|(_, on)| *on) {
        if any {
            out.push(':');
        }
        out.push_str(id);
        any = true;
    }
    if !any {
        out.push('-');
    }
}

/// Reads a stored value back into the full consent, if it is valid for
/// `catalogue` at `now`.
pub fn decode(value: &str, catalogue: &Catalogue, now: u64) -> Result<Consent, Invalid> {
    let fields = checked_fields(value)?;
    let [_, id, timestamp, expires, revision, method, language, gpc, categories, services] = fields;
    let timestamp = parse_uint(timestamp).ok_or(Invalid::Garbled)?;
    let expires = parse_uint(expires).ok_or(Invalid::Garbled)?;
    let method = match method {
        "a" => Method::AcceptAll,
        "r" => Method::RejectAll,
        "c" => Method::Custom,
        _ => return Err(Invalid::Garbled),
    };
    let gpc = match gpc {
        "0" => false,
        "1" => true,
        _ => return Err(Invalid::Garbled),
    };
    let language_ok = !language.is_empty()
        && language.len() <= 16
        && language.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !is_uuid_v4(id) || !language_ok || expires < timestamp {
        return Err(Invalid::Garbled);
    }
    if revision != catalogue.revision() {
        return Err(Invalid::Revision);
    }
    if expires <= now || expires - timestamp > catalogue.site.consent_days as u64 * DAY_MS {
        return Err(Invalid::Expired);
    }
    let categories = flags(categories, catalogue.categories.iter().map(|c| c.id.as_str()))?;
    if !categories.iter().any(|(id, on)| id == NECESSARY && *on) {
        return Err(Invalid::Garbled);
    }
    let services = flags(services, catalogue.services.iter().map(|s| s.id.as_str()))?;
    Ok(Consent {
        id: id.to_string(),
        timestamp,
        expires,
        revision: revision.to_string(),
        method,
        language: language.to_string(),
        categories,
        services,
        gpc,
    })
}

/// The consent id of a stored value whose checksum holds, even if it expired
/// or belongs to an older revision: a renewed consent keeps its id.
pub fn id_of(value: &str) -> Option<&str> {
    let id = checked_fields(value).ok()?[1];
    is_uuid_v4(id).then_some(id)
}

/// The ten fields before the checksum, once version and checksum hold.
fn checked_fields(value: &str) -> Result<[&str; 10], Invalid> {
    let (body, sum) = value.rsplit_once('.').ok_or(Invalid::Garbled)?;
    let mut fields = [""; 10];
    let mut parts = body.split('.');
    for field in fields.iter_mut() {
        *field = parts.next().ok_or(Invalid::Garbled)?;
    }
    if parts.next().is_some() {
        return Err(Invalid::Garbled);
    }
    if fields[0] != VERSION {
        return Err(Invalid::Version);
    }
    if sum != hex32(fnv1a(body.as_bytes())) {
        return Err(Invalid::Checksum);
    }
    Ok(fields)
}

/// Expands a granted list into a flag for every id of the catalogue, refusing
/// ids the catalogue lacks.
fn flags<'a>(granted: &str, all: impl Iterator<Item = &'a str> + Clone) -> Result<Vec<(String, bool)>, Invalid> {
    let listed: Vec<&str> = if granted == "-" { Vec::new() } else { granted.split(':').collect() };
    if listed.iter().any(|id| !all.clone().any(|known| known == *id)) {
        return Err(Invalid::Unknown);
    }
    Ok(all.map(|id| (id.to_string(), listed.contains(&id))).collect())
}

#[cfg(test)]
mod tests;

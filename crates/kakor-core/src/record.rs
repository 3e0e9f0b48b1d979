//! The stored decision: the value of the `kakor` cookie and of each line of
//! the `kakor.proofs` history (docs/contract.md, "Storage").
//!
//! ```text
//! 2.<id>.<timestamp>.<expires>.<revision>.<method>.<source>.<language>.<gpc>.<categories>.<services>.<checksum>
//! ```
//!
//! Fields are separated by `.`; times are milliseconds since the Unix epoch;
//! method is `a`, `r` or `c` (accept all, reject all, custom); source is `f`,
//! `p`, `h`, `a` or `o` (first layer, preferences, placeholder, API, another
//! tab: [`Source`]); gpc is `0` or `1`;
//! categories and services list the *granted* ids joined by `:` (`-` for none);
//! the checksum is FNV-1a 32 in hex over everything before the last `.`. Every
//! character is a valid cookie octet that no server URL-decodes, and ids cannot
//! contain `.` or `:` (validation forbids it), so the format needs no escaping.
//!
//! Version 1, written by kakor before it recorded sources, is the same
//! without the source field. It is still read, as a consent whose source is
//! unknown (`Consent::source` is `None`), so no visitor is asked again only
//! because kakor was updated.

use crate::catalogue::{Catalogue, NECESSARY};
use crate::consent::{is_uuid_v4, Consent, Method, Source};
use crate::hash::{fnv1a, hex32};
use crate::time::{parse_uint, push_uint, DAY_MS};
use crate::validate::{is_identifier, MAX_CONSENT_DAYS};

/// The format version, the first field.
pub const VERSION: &str = "2";

/// The earlier version still read: no source field.
const VERSION_1: &str = "1";

/// The cookie's name.
pub const COOKIE: &str = "kakor";

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

/// Writes `consent` in the stored format: version 2, or version 1 for a
/// consent whose source is unknown (one a version 1 record or a proof
/// without `source` holds), so no record claims a source nobody recorded.
pub fn encode(consent: &Consent) -> String {
    let mut out = String::with_capacity(128);
    out.push_str(if consent.source.is_some() { VERSION } else { VERSION_1 });
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
    if let Some(source) = consent.source {
        out.push('.');
        out.push(source.letter());
    }
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
    let record = Record::parse(value)?;
    let site = &catalogue.site;
    record.valid(now, Some(&catalogue.revision()), site.consent_days.max(site.reject_days.unwrap_or(0)))?;
    let categories = flags(record.categories, catalogue.categories.iter().map(|c| c.id.as_str()))?;
    if !categories.iter().any(|(id, on)| id == NECESSARY && *on) {
        return Err(Invalid::Garbled);
    }
    let services = flags(record.services, catalogue.services.iter().map(|s| s.id.as_str()))?;
    Ok(record.into_consent(categories, services))
}

/// Reads the `kakor` cookie's value on a server, without the catalogue: the
/// consent it holds if version, checksum and shape hold, it has not expired
/// at `now_ms` (ms since the Unix epoch), it claims no lifetime beyond 395
/// days (the most any catalogue may set), and, when `revision` is given (the
/// catalogue's: `kakor check` prints it), it was given under that revision.
/// Anything else is `None`, as the banner would ask again.
///
/// The record lists only what was granted, so `categories` and `services`
/// hold exactly the granted ids, each `true`, in catalogue order; an id
/// absent from them was refused or is unknown. [`Consent::allows`] answers
/// as the banner's `kakor.has` does (a `!id` fallback in
/// [`Consent::unlocks`] needs the catalogue). The one check left to the catalogue is
/// a shorter `consent_days`: a record given for 395 days passes here even
/// when the catalogue now sets 180 (compare `expires - timestamp` if it
/// matters).
///
/// In an axum handler, with the value taken from the `Cookie` header by
/// [`from_cookie_header`]:
///
/// ```ignore
/// use axum::http::{header::COOKIE, HeaderMap};
/// use kakor_core::record;
/// use std::time::{SystemTime, UNIX_EPOCH};
///
/// /// The catalogue revision a decision must be for (`kakor check` prints it).
/// const REVISION: &str = "24bd2d2a";
///
/// async fn dashboard(headers: HeaderMap) -> &'static str {
///     let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
///     let consent = headers
///         .get_all(COOKIE)
///         .iter()
///         .filter_map(|header| header.to_str().ok())
///         .find_map(record::from_cookie_header)
///         .and_then(|value| record::read(value, now, Some(REVISION)));
///     match consent {
///         Some(consent) if consent.allows("statistics") => "dashboards with statistics",
///         _ => "dashboards without statistics",
///     }
/// }
/// ```
pub fn read(cookie_value: &str, now_ms: u64, revision: Option<&str>) -> Option<Consent> {
    let record = Record::parse(cookie_value).ok()?;
    record.valid(now_ms, revision, MAX_CONSENT_DAYS).ok()?;
    let categories = granted(record.categories)?;
    if !categories.iter().any(|(id, _)| id == NECESSARY) {
        return None;
    }
    let services = granted(record.services)?;
    Some(record.into_consent(categories, services))
}

/// The value of the first `kakor` cookie in a `Cookie` request header (the
/// one the banner itself reads when there are several), else `None`. Pairs
/// are separated by `;` and spaces, as browsers send them.
pub fn from_cookie_header(header: &str) -> Option<&str> {
    header.split(';').find_map(|pair| pair.trim_start_matches(' ').strip_prefix(COOKIE)?.strip_prefix('='))
}

/// The consent id of a stored value whose checksum holds, even if it expired
/// or belongs to an older revision: a renewed consent keeps its id.
pub fn id_of(value: &str) -> Option<&str> {
    let id = checked_fields(value).ok()?.0[0];
    is_uuid_v4(id).then_some(id)
}

/// The last moment a record may name, 9999-12-31T23:59:59.999Z: every time
/// up to it is written alike by [`crate::time::iso8601`] and by JavaScript's
/// `toISOString`, and is exact in a JavaScript number, so the JavaScript
/// reader (`kakor/server`) agrees with this one on any value.
const LAST_MS: u64 = 253_402_300_799_999;

/// A stored value's fields, read once for [`decode`] and [`read`] alike:
/// every check that needs no catalogue has passed.
struct Record<'a> {
    id: &'a str,
    timestamp: u64,
    expires: u64,
    revision: &'a str,
    method: Method,
    source: Option<Source>,
    language: &'a str,
    gpc: bool,
    categories: &'a str,
    services: &'a str,
}

// `decode` is the banner's only caller of these: inlined there, as the code
// was before `read` shared it (outlined, they added 470 B to the wasm
// before wasm-opt, measured).
impl<'a> Record<'a> {
    #[inline(always)]
    fn parse(value: &'a str) -> Result<Record<'a>, Invalid> {
        let ([id, timestamp, expires, revision, method, language, gpc, categories, services], source) =
            checked_fields(value)?;
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
        if !is_uuid_v4(id) || !language_ok || expires < timestamp || expires > LAST_MS {
            return Err(Invalid::Garbled);
        }
        Ok(Record { id, timestamp, expires, revision, method, source, language, gpc, categories, services })
    }

    /// Under `revision` (when known), not expired at `now`, and given for
    /// no longer than `days`.
    #[inline(always)]
    fn valid(&self, now: u64, revision: Option<&str>, days: u32) -> Result<(), Invalid> {
        if revision.is_some_and(|revision| revision != self.revision) {
            return Err(Invalid::Revision);
        }
        if self.expires <= now || self.expires - self.timestamp > days as u64 * DAY_MS {
            return Err(Invalid::Expired);
        }
        Ok(())
    }

    #[inline(always)]
    fn into_consent(self, categories: Vec<(String, bool)>, services: Vec<(String, bool)>) -> Consent {
        Consent {
            id: self.id.to_string(),
            timestamp: self.timestamp,
            expires: self.expires,
            revision: self.revision.to_string(),
            method: self.method,
            language: self.language.to_string(),
            categories,
            services,
            gpc: self.gpc,
            source: self.source,
        }
    }
}

/// The nine fields after the version and before the checksum, without
/// the source, and the source (`None` in a version 1 record), once version
/// and checksum hold.
fn checked_fields(value: &str) -> Result<([&str; 9], Option<Source>), Invalid> {
    let (body, sum) = value.rsplit_once('.').ok_or(Invalid::Garbled)?;
    let mut parts = body.split('.');
    let version = parts.next().ok_or(Invalid::Garbled)?;
    if version != VERSION && version != VERSION_1 {
        return Err(Invalid::Version);
    }
    let mut fields = [""; 9];
    let mut source = None;
    for (i, field) in fields.iter_mut().enumerate() {
        *field = parts.next().ok_or(Invalid::Garbled)?;
        // The source follows the method (the fifth field) in version 2.
        if i == 4 && version == VERSION {
            let letter = parts.next().ok_or(Invalid::Garbled)?;
            source = Some(Source::from_letter(letter).ok_or(Invalid::Garbled)?);
        }
    }
    if parts.next().is_some() {
        return Err(Invalid::Garbled);
    }
    if sum != hex32(fnv1a(body.as_bytes())) {
        return Err(Invalid::Checksum);
    }
    Ok((fields, source))
}

/// A granted list as flags, each `true`, without a catalogue: only ids a
/// catalogue could hold, each once.
fn granted(list: &str) -> Option<Vec<(String, bool)>> {
    if list == "-" {
        return Some(Vec::new());
    }
    let ids: Vec<&str> = list.split(':').collect();
    let unique = ids.iter().enumerate().all(|(i, id)| !ids[..i].contains(id));
    (unique && ids.iter().all(|id| is_identifier(id))).then(|| ids.iter().map(|id| (id.to_string(), true)).collect())
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

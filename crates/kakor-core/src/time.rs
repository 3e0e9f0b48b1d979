//! Timestamps as `Date.prototype.toISOString()` writes them, without `core::fmt`.
//!
//! `format!` would pull the formatting machinery into the wasm, so digits are
//! pushed by hand.

/// Milliseconds in a day.
pub const DAY_MS: u64 = 86_400_000;

/// `2026-11-23 11:48 UTC`: a moment as a visitor reads it, unambiguous in
/// every language.
pub fn moment(ms: u64) -> String {
    let iso = iso8601(ms);
    [&iso[..10], " ", &iso[11..16], " UTC"].concat()
}

/// `2026-11-23T11:48:44.000Z` for milliseconds since the Unix epoch.
pub fn iso8601(ms: u64) -> String {
    let days = ms / DAY_MS;
    let rest = ms % DAY_MS;
    let (year, month, day) = civil_from_days(days as i64);
    let mut out = String::with_capacity(24);
    push_padded(&mut out, year as u64, 4);
    out.push('-');
    push_padded(&mut out, month as u64, 2);
    out.push('-');
    push_padded(&mut out, day as u64, 2);
    out.push('T');
    push_padded(&mut out, rest / 3_600_000, 2);
    out.push(':');
    push_padded(&mut out, rest / 60_000 % 60, 2);
    out.push(':');
    push_padded(&mut out, rest / 1000 % 60, 2);
    out.push('.');
    push_padded(&mut out, rest % 1000, 3);
    out.push('Z');
    out
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 → (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Appends `value` in decimal.
pub fn push_uint(out: &mut String, value: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = value;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in digits[..len].iter().rev() {
        out.push(d as char);
    }
}

fn push_padded(out: &mut String, value: u64, width: usize) {
    let mut n = 1;
    let mut probe = value / 10;
    while probe > 0 {
        n += 1;
        probe /= 10;
    }
    for _ in n..width {
        out.push('0');
    }
    push_uint(out, value);
}

/// Parses an unsigned decimal with no sign, no spaces and no leading `+`.
pub fn parse_uint(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 19 {
        return None;
    }
    let mut value: u64 = 0;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + (b - b'0') as u64;
    }
    Some(value)
}

/// Milliseconds since the Unix epoch for a timestamp in exactly the form
/// [`iso8601`] writes (`Date.prototype.toISOString()`), else `None`: another
/// form, an impossible date (February 30th) or a year before 1970.
pub fn parse_iso8601(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    if b.len() != 24
        || !b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'.',
            23 => c == b'Z',
            _ => c.is_ascii_digit(),
        })
    {
        return None;
    }
    let number = |range: core::ops::Range<usize>| parse_uint(text.get(range)?);
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second, milli) = (number(11..13)?, number(14..16)?, number(17..19)?, number(20..23)?);
    if year < 1970 || !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year as i64, month as u32, day as u32);
    let ms = days as u64 * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    // Day 31 of a 30-day month would roll over: only the canonical text counts.
    (iso8601(ms) == text).then_some(ms)
}

/// Howard Hinnant's `days_from_civil`, the inverse of [`civil_from_days`].
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_matches_javascript() {
        // Values checked against `new Date(ms).toISOString()` in Chromium.
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(1_795_433_324_007), "2026-11-23T11:28:44.007Z");
        assert_eq!(iso8601(4_102_444_799_999), "2099-12-31T23:59:59.999Z");
    }

    #[test]
    fn a_moment_to_the_minute_in_utc() {
        assert_eq!(moment(1_795_433_324_007), "2026-11-23 11:28 UTC");
        assert_eq!(moment(0), "1970-01-01 00:00 UTC");
    }

    #[test]
    fn iso_parses_back() {
        for ms in [0, 951_782_400_000, 1_795_433_324_007, 4_102_444_799_999] {
            assert_eq!(parse_iso8601(&iso8601(ms)), Some(ms));
        }
        assert_eq!(parse_iso8601("2026-02-30T00:00:00.000Z"), None);
        assert_eq!(parse_iso8601("2026-11-23T11:28:44Z"), None);
        assert_eq!(parse_iso8601("2026-11-23T11:28:44.007+00:00"), None);
        assert_eq!(parse_iso8601("2026-11-23t11:28:44.007Z"), None);
        assert_eq!(parse_iso8601("2026-11-23T24:00:00.000Z"), None);
        assert_eq!(parse_iso8601("1969-12-31T23:59:59.999Z"), None);
    }

    #[test]
    fn uint_round_trip() {
        let mut s = String::new();
        push_uint(&mut s, 1_795_433_324_007);
        assert_eq!(s, "1795433324007");
        assert_eq!(parse_uint(&s), Some(1_795_433_324_007));
        assert_eq!(parse_uint("0"), Some(0));
        assert_eq!(parse_uint(""), None);
        assert_eq!(parse_uint("+1"), None);
        assert_eq!(parse_uint("1 "), None);
        assert_eq!(parse_uint("99999999999999999999"), None);
    }
}

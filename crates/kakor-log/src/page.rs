//! The admin page: proofs per day and method, rendered on the server. No
//! script, no external asset, no inline style: it works under the strict
//! policy it is sent with ([`CSP`]), its bars are `<meter>` elements and its
//! one stylesheet comes from the same origin.

use crate::store::DayCount;
use std::collections::BTreeMap;

/// Sent with the page: nothing loads but the same-origin stylesheet (and the
/// empty `data:` favicon that keeps browsers from asking for /favicon.ico).
pub const CSP: &str =
    "default-src 'none'; style-src 'self'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub const CSS: &str =
    "body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}\
table{border-collapse:collapse;width:100%}th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:right}\
th:first-child,td:first-child{text-align:left}meter{width:10rem}form{margin:1rem 0}";

const METHODS: [&str; 3] = ["accept-all", "reject-all", "custom"];

/// The whole page for `counts` between `from` and `to`.
pub fn render(counts: &[DayCount], from: &str, to: &str, total: i64) -> String {
    let mut days: BTreeMap<&str, [i64; 3]> = BTreeMap::new();
    for count in counts {
        if let Some(i) = METHODS.iter().position(|m| *m == count.method) {
            days.entry(count.day.as_str()).or_default()[i] += count.count;
        }
    }
    let busiest = days.values().map(|row| row.iter().sum::<i64>()).max().unwrap_or(0).max(1);
    let mut sums = [0i64; 3];
    let mut rows = String::new();
    for (day, row) in days.iter().rev() {
        let sum: i64 = row.iter().sum();
        for (total, n) in sums.iter_mut().zip(row) {
            *total += n;
        }
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{sum}</td><td><meter min=\"0\" max=\"{busiest}\" value=\"{sum}\">{sum}</meter></td></tr>\n",
            escape(day),
            row[0],
            row[1],
            row[2]
        ));
    }
    let in_range: i64 = sums.iter().sum();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>kakor consent log</title>\
<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/admin/page.css\"></head><body>\n\
<h1>Consent log</h1>\n<p>{total} proofs stored; {in_range} given from {from} to {to}.</p>\n\
<form method=\"get\" action=\"/admin\"><label>From <input type=\"date\" name=\"from\" value=\"{from}\"></label> \
<label>to <input type=\"date\" name=\"to\" value=\"{to}\"></label> <button>Show</button></form>\n\
<table><thead><tr><th>Day (UTC)</th><th>Accept all</th><th>Reject all</th><th>Custom</th><th>Total</th><th></th></tr></thead>\n\
<tbody>\n{rows}</tbody>\n<tfoot><tr><th>Total</th><th>{}</th><th>{}</th><th>{}</th><th>{in_range}</th><th></th></tr></tfoot></table>\n\
</body></html>\n",
        sums[0],
        sums[1],
        sums[2],
        from = escape(from),
        to = escape(to),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

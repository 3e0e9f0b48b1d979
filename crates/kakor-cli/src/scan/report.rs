//! The scan as a terminal table, Markdown or JSON. The JSON is the whole
//! `Scan` (every page, visit, cookie and finding); the tables show findings
//! first, then the inventory of cookies, third-party hosts and storage keys.

use super::findings::{lifetime_text, Severity};
use super::{Pass, Scan};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

pub fn render(scan: &Scan, format: Format) -> String {
    match format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(scan).expect("a scan always serialises");
            json.push('\n');
            json
        }
        Format::Table => text(scan, Style::Terminal),
        Format::Markdown => text(scan, Style::Markdown),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Terminal,
    Markdown,
}

fn passes(list: &[Pass]) -> String {
    Pass::ALL.iter().map(|pass| if list.contains(pass) { pass.short() } else { "-" }).collect::<Vec<_>>().join(" ")
}

fn pages(list: &[String]) -> String {
    match list {
        [] => "(catalogue)".to_string(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} (+{} more)", rest.len()),
    }
}

fn text(scan: &Scan, style: Style) -> String {
    let summary = &scan.summary;
    let leaks = scan.leaks();
    let warnings = summary.findings.len() - leaks;
    let mut out = String::new();
    let heading = |out: &mut String, title: &str| match style {
        Style::Terminal => out.push_str(&format!("\n{title}\n")),
        Style::Markdown => out.push_str(&format!("\n### {title}\n\n")),
    };
    match style {
        Style::Terminal => out.push_str(&format!("kakor scan of {}\n", scan.start)),
        Style::Markdown => out.push_str(&format!("## kakor scan of <{}>\n", scan.start)),
    }
    let scanned = scan.pages.iter().filter(|page| page.error.is_none() && page.left_to.is_none()).count();
    out.push_str(&format!(
        "{}{scanned} page(s) scanned, {} cookie(s), {} third-party host(s); {leaks} leak(s), {warnings} warning(s)\n",
        if style == Style::Markdown { "\n" } else { "" },
        summary.cookies.len(),
        summary.third_parties.len(),
    ));

    heading(&mut out, "Findings");
    if summary.findings.is_empty() {
        out.push_str("none: nothing is set or sent before a choice or after Reject all\n");
    } else {
        let rows = summary
            .findings
            .iter()
            .map(|finding| {
                vec![
                    match finding.severity {
                        Severity::Leak => "LEAK".to_string(),
                        Severity::Warning => "warning".to_string(),
                    },
                    serde_json::to_value(finding.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    finding.subject.clone(),
                    finding.message.clone(),
                    pages(&finding.pages),
                ]
            })
            .collect();
        out.push_str(&table(&["severity", "finding", "subject", "what", "page"], rows, style));
    }

    heading(&mut out, "Cookies");
    if summary.cookies.is_empty() {
        out.push_str("none\n");
    } else {
        let rows = summary
            .cookies
            .iter()
            .map(|cookie| {
                vec![
                    cookie.name.clone(),
                    cookie.class.label(),
                    cookie.domain.clone(),
                    cookie.path.clone(),
                    lifetime_text(cookie.lifetime_seconds),
                    cookie.party.to_string(),
                    passes(&cookie.passes),
                ]
            })
            .collect();
        out.push_str(&table(&["name", "category", "domain", "path", "expires", "party", "seen"], rows, style));
    }

    heading(&mut out, "Third-party hosts");
    if summary.third_parties.is_empty() {
        out.push_str("none\n");
    } else {
        let rows = summary
            .third_parties
            .iter()
            .map(|host| vec![host.host.clone(), passes(&host.passes), pages(&host.pages)])
            .collect();
        out.push_str(&table(&["host", "seen", "page"], rows, style));
    }

    if !summary.storage.is_empty() {
        heading(&mut out, "Storage keys");
        let rows = summary
            .storage
            .iter()
            .map(|key| vec![key.key.clone(), key.storage.to_string(), key.class.label(), passes(&key.passes)])
            .collect();
        out.push_str(&table(&["key", "storage", "category", "seen"], rows, style));
    }
    out
}

/// A table cell as Markdown shows it: one line, no HTML, no column break.
/// Cookie names, messages and URLs come from the site scanned, so they may
/// hold anything.
fn markdown_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Columns padded to their widest cell, or a Markdown table.
fn table(headers: &[&str], rows: Vec<Vec<String>>, style: Style) -> String {
    let mut out = String::new();
    if style == Style::Markdown {
        out.push_str(&format!("| {} |\n", headers.join(" | ")));
        out.push_str(&format!("|{}\n", " --- |".repeat(headers.len())));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|cell| markdown_cell(cell)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        return out;
    }
    let mut widths: Vec<usize> = headers.iter().map(|header| header.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
        format!("  {}\n", padded.join("  ").trim_end())
    };
    out.push_str(&line(headers.iter().map(|header| header.to_uppercase()).collect()));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_stay_one_plain_line() {
        assert_eq!(markdown_cell("a|b"), "a\\|b");
        assert_eq!(markdown_cell("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(markdown_cell("two\nlines\r\n"), "two lines  ");
        let table = table(&["name"], vec![vec!["x\n| --- |".to_string()]], Style::Markdown);
        assert_eq!(table.lines().count(), 3, "{table}");
    }
}

//! Compacts the Open Cookie Database (data/open-cookie-database/) into the few
//! columns `kakor scan` needs, one tab-separated line per cookie, written to
//! `OUT_DIR/ocd.tsv` and embedded in the binary by `scan::ocd`.
//!
//! Columns: name, category, wildcard (`1` when the name is a prefix),
//! platform, retention, data controller, privacy portal. The descriptions and
//! ids are left out: they are most of the file and the scanner never shows them.

use std::fmt::Write;
use std::path::Path;

const SOURCE: &str = "data/open-cookie-database/open-cookie-database.csv";

fn main() {
    println!("cargo::rerun-if-changed={SOURCE}");
    let mut reader = csv::Reader::from_path(SOURCE).unwrap_or_else(|e| panic!("reading {SOURCE}: {e}"));
    let headers = reader.headers().expect("the database has a header line").clone();
    let column = |name: &str| {
        headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("{SOURCE} has no column `{name}`"))
    };
    let columns = [
        column("Cookie / Data Key name"),
        column("Category"),
        column("Wildcard match"),
        column("Platform"),
        column("Retention period"),
        column("Data Controller"),
        column("User Privacy & GDPR Rights Portals"),
    ];
    let mut out = String::new();
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
        let fields: Vec<String> = columns
            .iter()
            .map(|&i| record.get(i).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if fields[0].is_empty() {
            continue;
        }
        writeln!(out, "{}", fields.join("\t")).unwrap();
    }
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("ocd.tsv");
    std::fs::write(&target, out).unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
}

// The size ledger: what each capability adds to a visitor's download.
//
// `node tools/ledger.mjs` builds the committed tree (HEAD) once as it is and
// once per capability with that capability cut out: a stub build, made in a
// temporary git worktree and used only for this measurement (the stubs below
// make a function return at once; wasm-opt then drops what only it reached).
// The difference in brotli -q 11 bytes of kakor.js + kakor_bg.wasm is the
// capability's marginal cost. Prints a markdown table (docs/size.md keeps the
// latest) and writes the raw figures to bench/ledger.json.
//
// A stub whose text is no longer in the code stops the run: the ledger must
// measure the code as it is, not silently measure nothing. Words given on the
// command line pick the capabilities whose names contain one of them
// (`node tools/ledger.mjs "Consent Mode"`); the table then has those rows.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, symlinkSync, mkdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, constants as zlib } from "node:zlib";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

// A stub: in `file`, the body of the first item whose line contains `at`
// starts with `insert` (put after the first line from there ending in `{`).
const after = (file, at, insert) => ({ file, at, insert });

const MINIMAL_CATALOGUE = `[site]
name = "Ledger"
policy_url = "https://example.com/privacy"
languages = ["en"]

[[categories]]
id = "necessary"
title = { en = "Necessary" }
description = { en = "Needed for the site to work." }
`;

const CAPABILITIES = [
  {
    name: "gating (queue, live copies, nonce rule)",
    stubs: [
      after("src/gate.rs", "pub fn unlocked(", "return Vec::new();"),
      after("src/gate.rs", "pub fn run(next", "return false;"),
    ],
  },
  {
    name: "proof history + delivery to the endpoint",
    stubs: [
      after("src/app.rs", "fn record_proof(", "return JsValue::NULL;"),
      after("src/deliver.rs", "pub fn deliver(", "return;"),
      after("src/deliver.rs", "pub fn retry(", "return;"),
      after("src/deliver.rs", "pub fn withdrawn(", "return;"),
    ],
  },
  {
    name: "first layer",
    stubs: [after("src/banner.rs", "fn first_layer(", "return None;")],
  },
  {
    name: "preferences layer (switches, service facts, cookie tables, access)",
    stubs: [
      after("src/banner.rs", "fn preferences_layer(", "return None;"),
      after("src/banner.rs", "pub fn expand(", "return;"),
    ],
  },
  {
    name: "runtime validation rules (shape checks kept)",
    stubs: [after("crates/kakor-core/src/validate.rs", "pub fn validate(", "return Vec::new();")],
  },
  {
    name: "Google Consent Mode",
    stubs: [
      after("src/app.rs", "fn signal(app: &App)", "return None;"),
      after("src/consent_mode.rs", "pub fn update(gtag", "return;"),
    ],
  },
  {
    name: "other tabs follow a decision",
    stubs: [
      after("src/app.rs", "fn on_storage(", "return;"),
      after("src/storage.rs", "pub fn announce(", "return;"),
    ],
  },
  {
    name: "iframe placeholders",
    stubs: [after("src/placeholder.rs", "pub fn show_all(", "return;")],
  },
  {
    name: "proof history download (right of access)",
    stubs: [after("src/page.rs", "pub fn download(", "return;")],
  },
  { name: "five languages beside English (sv, nb, da, fi, de)", env: { KAKOR_LANGUAGES: "en" } },
  ...["sv", "nb", "da", "fi", "de"].map((lang) => ({
    name: `  of which ${lang}`,
    env: { KAKOR_LANGUAGES: ["en", "sv", "nb", "da", "fi", "de"].filter((l) => l !== lang).join(",") },
  })),
  { name: "the built-in demo catalogue (against a one-category one)", catalogue: MINIMAL_CATALOGUE },
];

function sh(cmd, args, options = {}) {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], ...options });
}

const brotli = (path) =>
  brotliCompressSync(readFileSync(path), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;

const tree = mkdtempSync(join(tmpdir(), "kakor-ledger-"));
sh("git", ["-C", ROOT, "worktree", "add", "--detach", "--quiet", tree, "HEAD"]);
symlinkSync(join(ROOT, "node_modules"), join(tree, "node_modules"));
// One target directory for every variant: only kakor and kakor-core rebuild.
mkdirSync(join(ROOT, "target", "ledger"), { recursive: true });
symlinkSync(join(ROOT, "target", "ledger"), join(tree, "target"));

function build(variant) {
  sh("git", ["-C", tree, "checkout", "--quiet", "--", "."]);
  // A checked-out package-lock.json is newer than the installed packages,
  // which would make build.sh run `npm ci` and empty the shared folder
  // through the link: give it the repository's own time, after each checkout.
  const lock = statSync(join(ROOT, "package-lock.json"));
  utimesSync(join(tree, "package-lock.json"), lock.atime, lock.mtime);
  for (const { file, at, insert } of variant.stubs ?? []) {
    const path = join(tree, file);
    const text = readFileSync(path, "utf8");
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.includes(at));
    const line = start < 0 ? -1 : lines.findIndex((l, i) => i >= start && l.trimEnd().endsWith("{"));
    if (line < 0) throw new Error(`ledger: \`${at}\` is no longer in ${file}; update the stub of "${variant.name}"`);
    lines[line] = lines[line] + " " + insert;
    writeFileSync(path, lines.join("\n"));
  }
  const env = { ...process.env, ...variant.env };
  delete env.KAKOR_CATALOGUE;
  if (variant.catalogue) {
    const path = join(tree, "ledger-catalogue.toml");
    writeFileSync(path, variant.catalogue);
    env.KAKOR_CATALOGUE = path;
  }
  if (!variant.env?.KAKOR_LANGUAGES) delete env.KAKOR_LANGUAGES;
  sh("./build.sh", [], { cwd: tree, env, stdio: ["ignore", "ignore", "inherit"] });
  const js = brotli(join(tree, "www/dist/kakor.js"));
  const wasm = brotli(join(tree, "www/dist/kakor_bg.wasm"));
  return { js, wasm, total: js + wasm };
}

const results = [];
try {
  const base = build({ name: "as shipped" });
  process.stderr.write(`as shipped: ${base.total} B\n`);
  const wanted = process.argv.slice(2);
  const chosen = CAPABILITIES.filter((c) => wanted.length === 0 || wanted.some((w) => c.name.includes(w)));
  if (chosen.length === 0) throw new Error(`ledger: no capability is named like ${wanted.join(", ")}`);
  for (const capability of chosen) {
    const without = build(capability);
    const cost = base.total - without.total;
    process.stderr.write(`${capability.name}: ${cost} B\n`);
    results.push({ name: capability.name, without: without.total, cost });
  }
  const lines = [
    `| capability | brotli bytes it adds | share of ${base.total} B |`,
    "| --- | ---: | ---: |",
    ...results.map((r) => `| ${r.name} | ${r.cost} | ${((100 * r.cost) / base.total).toFixed(1)} % |`),
    `| **everything (kakor.js ${base.js} B + kakor_bg.wasm ${base.wasm} B)** | **${base.total}** | 100 % |`,
  ];
  console.log(lines.join("\n"));
  // Only a whole run replaces the recorded figures.
  if (wanted.length === 0) {
    mkdirSync(join(ROOT, "bench"), { recursive: true });
    writeFileSync(join(ROOT, "bench", "ledger.json"), JSON.stringify({ base, results }, null, 2) + "\n");
  }
} finally {
  sh("git", ["-C", ROOT, "worktree", "remove", "--force", tree]);
  rmSync(tree, { recursive: true, force: true });
}

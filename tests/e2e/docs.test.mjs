// The documentation stands on its own: every relative link in README.md,
// ARCHITECTURE.md and docs/*.md reaches a file (and a heading, for a
// `#fragment`) in the repository, no file cites a contract kept outside it,
// the README's first screen says how to build with your own catalogue, and
// the whole catalogues it shows pass `kakor check`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const DOCS = ["README.md", "ARCHITECTURE.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** The text of a Markdown file outside its fenced code blocks. */
function prose(file) {
  let fenced = false;
  return readFileSync(join(root, file), "utf8")
    .split("\n")
    .filter((line) => {
      if (line.startsWith("```")) fenced = !fenced;
      return !fenced && !line.startsWith("```");
    });
}

/** The anchors GitHub gives a file's headings: lowercased, punctuation
 *  dropped, spaces as hyphens, a repeated one numbered. */
function anchors(file) {
  const seen = new Map();
  return new Set(
    prose(file)
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => {
        const slug = line
          .replace(/^#+ /, "")
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, "")
          .replace(/ /g, "-");
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        return count === 0 ? slug : `${slug}-${count}`;
      }),
  );
}

/** Every link target in a file's prose (inline code left out), with its line. */
function links(file) {
  return prose(file).flatMap((line, i) =>
    [...line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ target: m[1], line: i + 1 })),
  );
}

test("the documentation has the pages the README links to", () => {
  for (const page of ["contract", "catalogue", "banner", "javascript", "proofs", "consent-log", "scan", "security", "size-and-speed"]) {
    assert.ok(DOCS.includes(`docs/${page}.md`), `docs/${page}.md is missing`);
  }
});

test("every relative link in README.md, ARCHITECTURE.md and docs/*.md reaches a file and a heading", () => {
  const broken = [];
  let checked = 0;
  for (const file of DOCS) {
    for (const { target, line } of links(file)) {
      if (/^[a-z]+:/i.test(target)) continue;
      checked += 1;
      const [path, fragment] = target.split("#");
      const resolved = path ? join(dirname(join(root, file)), decodeURIComponent(path)) : join(root, file);
      const where = `${file}:${line}: ${target}`;
      if (!existsSync(resolved)) {
        broken.push(`${where} (no ${relative(root, resolved)})`);
      } else if (fragment !== undefined) {
        if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) broken.push(`${where} (a fragment on a non-Markdown file)`);
        else if (!anchors(relative(root, resolved)).has(fragment)) broken.push(`${where} (no heading #${fragment})`);
      }
    }
  }
  assert.ok(checked > 40, `only ${checked} links found: is the parser still finding them?`);
  assert.deepEqual(broken, []);
});

test("the link check catches a missing file and a missing heading", () => {
  // The checks above pass only if anchors() and links() see what a reader sees.
  assert.ok(anchors("docs/catalogue.md").has("kakor-check-and-kakor-json"));
  assert.ok(anchors("docs/javascript.md").has("google-consent-mode"));
  assert.ok(!anchors("docs/javascript.md").has("no-such-heading"));
  assert.ok(links("README.md").some((l) => l.target === "docs/catalogue.md"));
});

test("no file cites a contract or notes kept outside the repository", () => {
  // The project's own files: tracked, or new and not ignored (builds are).
  const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  assert.equal(listed.status, 0, listed.stderr);
  const skip = /(^|\/)(node_modules|dist|screenshots|data)\//;
  const cited = [];
  for (const path of listed.stdout.split("\n")) {
    if (!/\.(md|rs|mjs|js|ts|mts|toml|sh)$/.test(path) || skip.test(path) || !existsSync(join(root, path))) continue;
    readFileSync(join(root, path), "utf8")
      .split("\n")
      .forEach((text, i) => {
        if (/SPEC(\.md)? ?§|\.\.\/shared\/|\/work\/shared|TOOLCHAIN\.md|STYLE\.md/.test(text)) cited.push(`${path}:${i + 1}: ${text.trim()}`);
      });
  }
  assert.deepEqual(cited, []);
});

test("the README keeps the two commands and shows KAKOR_CATALOGUE in its first screen", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8").split("\n");
  const text = readme.join("\n");
  assert.match(text, /^\.\/build\.sh serve +# builds, then serves the demo site/m);
  assert.match(text, /^\.\/build\.sh test +# builds, then runs every test/m);
  const first = readme.slice(0, 50).join("\n");
  assert.match(first, /^KAKOR_CATALOGUE=path\/to\/categories\.toml \.\/build\.sh$/m);
  assert.match(first, /npm install kakor` answers 404/);
  assert.ok(readme.length <= 300, `README.md has ${readme.length} lines; the long parts belong in docs/`);
});

const KAKOR = join(root, "target", "debug", "kakor");
test(
  "every whole catalogue the README and docs show passes kakor check",
  { skip: !existsSync(KAKOR) && "target/debug/kakor is not built (cargo build -p kakor-cli)" },
  () => {
    const dir = mkdtempSync(join(tmpdir(), "kakor-docs-"));
    try {
      const examples = DOCS.flatMap((file) =>
        [...readFileSync(join(root, file), "utf8").matchAll(/^```toml\n(\[site\][^]*?)^```$/gm)].map((m, i) => {
          const path = join(dir, `${file.replace(/\W/g, "-")}-${i}.toml`);
          writeFileSync(path, m[1]);
          return path;
        }),
      );
      assert.ok(examples.length >= 2, `only ${examples.length} whole catalogues found`);
      const check = spawnSync(KAKOR, ["check", ...examples], { encoding: "utf8" });
      assert.equal(check.status, 0, check.stdout + check.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

/** The fenced code block in `file` that follows the line `after`. */
function block(file, after) {
  const text = readFileSync(join(root, file), "utf8");
  const from = text.indexOf(after);
  assert.ok(from >= 0, `${file}: no ${after}`);
  const open = text.indexOf("```", from);
  const start = text.indexOf("\n", open) + 1;
  return text.slice(start, text.indexOf("```", start));
}

test("the server snippets in the docs read the test vectors as kakor/server does", async () => {
  // Cookies the banner wrote in Chromium (tools/vectors.mjs; server.test.mjs
  // checks they still match what it writes).
  const { readConsent } = await import("../../src/server.mjs");
  const file = JSON.parse(readFileSync(join(root, "tests/vectors/cookies.json"), "utf8"));
  const value = (cookie) => /(?:^|;\s*)kakor=([^;]*)/.exec(cookie)?.[1] ?? cookie;

  const js = block("docs/javascript.md", "## On a server");
  const revision = /const REVISION = "([0-9a-f]{8})";/.exec(js)?.[1];
  assert.equal(revision, file.revision, "the snippet's REVISION is the vectors' catalogue's, so both outcomes occur");
  const served = pathToFileURL(join(root, "www/dist/server.mjs")).href;
  assert.match(js, /from "kakor\/server";/);
  const module = await import(`data:text/javascript,${encodeURIComponent(js.replace('"kakor/server"', JSON.stringify(served)))}`);
  // The snippet reads the clock: set it to the moment the vectors are read at.
  const clock = Date.now;
  Date.now = () => file.now;
  let fromDocs;
  try {
    fromDocs = file.vectors.map((v) => module.statisticsAllowed(`other=1; kakor=${value(v.cookie)}`));
  } finally {
    Date.now = clock;
  }
  const fromReader = file.vectors.map((v) => readConsent(value(v.cookie), { revision, now: file.now })?.categories.statistics === true);
  assert.deepEqual(fromDocs, fromReader);
  assert.ok(fromDocs.includes(true) && fromDocs.includes(false), JSON.stringify(fromDocs));

  const python = block("docs/security.md", "A server can read");
  // Both format versions: version 1 cookies are still read.
  const version1 = JSON.parse(readFileSync(join(root, "tests/vectors/cookies-v1.json"), "utf8"));
  for (const vectors of [file, version1]) {
    const cases = vectors.vectors.map((v) => [value(v.cookie), v.revision]);
    const run = spawnSync(
      "python3",
      ["-c", `${python}\nimport json, sys\nprint(json.dumps([read_consent(v, r, ${vectors.now}) for v, r in json.load(sys.stdin)]))`],
      { input: JSON.stringify(cases), encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);
    const fromPython = JSON.parse(run.stdout);
    vectors.vectors.forEach((v, i) => assert.deepEqual(fromPython[i], v.expected, v.name));
  }
});

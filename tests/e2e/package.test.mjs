// The npm package: what `npm pack` would publish, that every path package.json
// names is there after a build and resolves as a consumer's would, the ES
// module entry for bundled code (kakor.mjs) in Chromium and in Node, that an
// unbuilt clone refuses to pack, and that a packed tarball's kakor.js works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { serve } from "../../tools/serve.mjs";
import { harness } from "./harness.mjs";

const site = harness();
const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const DIST = ["kakor.js", "kakor_bg.wasm", "kakor-declaration.js", "kakor-declaration_bg.wasm", "kakor.d.ts", "kakor.mjs", "kakor.d.mts", "react.mjs", "react.d.mts", "vue.mjs", "vue.d.mts", "server.mjs", "server.d.mts"].map((f) => `www/dist/${f}`);
// The word lists a catalogue includes for a language kakor does not ship.
const LANGUAGE_LISTS = readdirSync(join(root, "languages")).map((f) => `languages/${f}`);
// npm adds licence files at the root whatever "files" says.
const LICENCES = readdirSync(root).filter((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));

/** The files `npm pack` would put in the tarball, sorted. */
function packed() {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [tarball] = JSON.parse(out);
  return { tarball, files: tarball.files.map((f) => f.path).sort() };
}

/** A throwaway project with the packed files installed as node_modules/kakor. */
function consumer() {
  const dir = mkdtempSync(join(tmpdir(), "kakor-consumer-"));
  const into = join(dir, "node_modules", "kakor");
  for (const file of packed().files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(root, file), join(into, file));
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  return dir;
}

/** Every path in a package.json value: strings, arrays and condition objects. */
const paths = (value) =>
  typeof value === "string" ? [value] : Object.values(value ?? {}).flatMap((v) => paths(v));

test("npm would publish the dist files, the word lists, package.json and README.md, nothing else", () => {
  const { tarball, files } = packed();
  assert.equal(tarball.name, "kakor");
  assert.equal(tarball.version, pkg.version);
  assert.equal(pkg.private, undefined, "a private package cannot be published");
  assert.ok(LANGUAGE_LISTS.includes("languages/fr.toml"), LANGUAGE_LISTS.join(", "));
  assert.deepEqual(files, [...DIST, ...LANGUAGE_LISTS, "README.md", "package.json", ...LICENCES].sort());
  assert.deepEqual([...pkg.files].sort(), [...DIST, "languages"].sort(), '"files" names exactly the dist files and languages/');
});

test("every path package.json names exists after a build and resolves as a consumer's would", () => {
  const named = [
    ...paths(pkg.exports),
    pkg.types,
    pkg.module,
    ...pkg.files,
    ...paths(pkg.sideEffects),
  ];
  assert.ok(named.length > 8, named.join(", "));
  for (const path of named) assert.ok(existsSync(join(root, path)), `${path} is missing`);
  assert.deepEqual(pkg.exports["."], {
    types: "./www/dist/kakor.d.mts",
    import: "./www/dist/kakor.mjs",
    default: "./www/dist/kakor.mjs",
  });

  // Node, in a project that installed the packed files, resolves through "exports".
  const dir = consumer();
  try {
    const script = `
      const resolve = (s) => { try { return import.meta.resolve(s).replace(/^.*node_modules\\/kakor\\//, ""); }
                               catch (e) { return e.code; } };
      const { kakor } = await import("kakor");
      const { readConsent } = await import("kakor/server");
      let use;
      try { kakor.ready; use = "no error"; } catch (e) { use = e.message; }
      console.log(JSON.stringify({
        main: resolve("kakor"), script: resolve("kakor/kakor.js"), wasm: resolve("kakor/kakor_bg.wasm"),
        types: resolve("kakor/kakor.d.ts"), pkg: resolve("kakor/package.json"), server: resolve("kakor/server"),
        inner: resolve("kakor/www/dist/kakor.js"), use, read: [readConsent("garbage"), readConsent("a=1")] }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8" });
    const seen = JSON.parse(out);
    assert.match(seen.use, /kakor\.js/);
    assert.deepEqual({ ...seen, use: true }, {
      main: "www/dist/kakor.mjs",
      script: "www/dist/kakor.js",
      wasm: "www/dist/kakor_bg.wasm",
      types: "www/dist/kakor.d.ts",
      pkg: "package.json",
      server: "www/dist/server.mjs",
      inner: "ERR_PACKAGE_PATH_NOT_EXPORTED",
      use: true,
      read: [null, null],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("in Node, with no window, importing kakor.mjs works and any use throws naming kakor.js", async () => {
  assert.equal(typeof globalThis.window, "undefined");
  const module = await import(pathToFileURL(join(root, "www/dist/kakor.mjs")).href);
  const { kakor } = module;
  assert.equal(module.default, kakor);
  for (const use of [() => kakor.ready, () => kakor.has("statistics"), () => "get" in kakor, () => (kakor.x = 1)]) {
    assert.throws(use, (error) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /^kakor: window\.kakor is not defined/);
      assert.match(error.message, /<script src="[^"]*kakor\.js"><\/script>/);
      assert.match(error.message, /first script in <head>/);
      return true;
    });
  }
  // Not a thenable: awaiting it or returning it from an async function is harmless.
  assert.equal(await Promise.resolve(kakor), kakor);
});

test("the module entry hands bundled code the window.kakor the script tag defined", async () => {
  site.servePage(
    "/package-module.html",
    `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8"><link rel="icon" href="data:,">
  <script src="/dist/kakor.js"></script>
  <title>module entry</title>
  <script type="module">
    import kakorDefault, { kakor } from "/dist/kakor.mjs";
    window.fromModule = kakor;
    window.fromDefault = kakorDefault;
    window.throughModule = (async () => {
      const before = await kakor.ready;
      const consent = await kakor.acceptAll();
      return { before, method: consent.method, statistics: kakor.has("statistics"), same: kakor.get().id === consent.id };
    })();
  </script>
</head>
<body><p>A page that uses kakor from a module.</p></body>
</html>`,
  );
  const page = await site.page();
  await page.goto(site.url("/package-module.html"));
  await page.waitForFunction(() => "throughModule" in window);
  assert.deepEqual(
    await page.evaluate(() => ({
      named: window.fromModule.acceptAll === window.kakor.acceptAll,
      default: window.fromDefault.acceptAll === window.kakor.acceptAll,
    })),
    { named: true, default: true },
  );
  assert.deepEqual(await page.evaluate(() => window.throughModule), {
    before: null,
    method: "accept-all",
    statistics: true,
    same: true,
  });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("without the script tag, importing the module works and its first use says what is missing", async () => {
  site.servePage(
    "/package-no-tag.html",
    `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8"><link rel="icon" href="data:,">
  <title>no tag</title>
  <script type="module">
    import { kakor } from "/dist/kakor.mjs";
    window.imported = true;
    try {
      kakor.has("statistics");
      window.outcome = "no error";
    } catch (error) {
      window.outcome = error instanceof Error ? error.message : "not an Error";
    }
  </script>
</head>
<body><p>A page that forgot kakor.js.</p></body>
</html>`,
  );
  const page = await site.page();
  await page.goto(site.url("/package-no-tag.html"));
  await page.waitForFunction(() => "outcome" in window);
  assert.equal(await page.evaluate(() => window.imported), true);
  assert.match(await page.evaluate(() => window.outcome), /^kakor: window\.kakor is not defined.*kakor\.js/);
  assert.deepEqual(page.errors, [], "importing threw");
  assert.ok(!page.requests.includes("/dist/kakor_bg.wasm"), "the module entry must not load kakor");
  await page.context().close();
});

const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
test(
  "TypeScript types `import { kakor } from \"kakor\"` and window.kakor, and rejects misuse",
  { skip: !existsSync(tsc) && "typescript is not installed in node_modules" },
  () => {
    const dir = consumer();
    try {
      writeFileSync(
        join(dir, "good.ts"),
        `import kakorDefault, { kakor, type Consent, type KakorEvent, type Proof } from "kakor";
import { readConsent } from "kakor/server";
const onServer: Consent | null = readConsent("a=1; kakor=x", { revision: "24bd2d2a", now: new Date() });
const consent: Consent | null = kakor.get();
const granted: boolean = kakor.has("statistics");
const event: KakorEvent = "change";
const listener = (c: Consent | null): void => void c?.id;
kakor.on(event, listener);
kakor.off(event, listener);
const proofs: Proof[] = kakor.proofs();
const ready: Promise<Consent | null> = kakor.ready;
const same: typeof kakor = window.kakor;
const again: typeof kakor = kakorDefault;
window.addEventListener("kakor:change", (e) => void (e.detail satisfies Consent | null));
export { consent, granted, proofs, ready, same, again, onServer };
`,
      );
      // No import: the global, as a plain script or CommonJS file sees it.
      const global = `/// <reference types="kakor/kakor.d.ts" />
const granted: boolean = kakor.has("statistics");
kakor.on("change", (c) => void c?.id);
const same: typeof kakor = window.kakor;
export { granted, same };
`;
      writeFileSync(join(dir, "global.ts"), global);
      writeFileSync(join(dir, "global.cts"), global);
      writeFileSync(
        join(dir, "bad.ts"),
        `import { kakor } from "kakor";\nimport { readConsent } from "kakor/server";\nkakor.on("nope", () => {});\nexport const n: number = kakor.has("x");\nreadConsent("kakor=x", { revision: 1 });\n`,
      );
      const settings = [
        { module: "esnext", moduleResolution: "bundler" },
        { module: "node16", moduleResolution: "node16" },
      ];
      for (const setting of settings) {
        const check = (file) => {
          const options = { ...setting, target: "es2022", lib: ["es2022", "dom"], strict: true, noEmit: true, types: [], skipLibCheck: false };
          writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: options, files: [file] }));
          return spawnSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8" });
        };
        for (const file of ["good.ts", "global.ts", "global.cts"]) {
          const good = check(file);
          assert.equal(good.status, 0, `${setting.moduleResolution} ${file}: ${good.stdout}${good.stderr}`);
        }
        const bad = check("bad.ts");
        assert.notEqual(bad.status, 0, `${setting.moduleResolution}: bad.ts type-checked`);
        for (const line of [3, 4, 5]) assert.match(bad.stdout, new RegExp(`bad\\.ts\\(${line},`), bad.stdout);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

/** The files a fresh clone of this tree holds: tracked or new, not ignored
 *  (so no www/dist/, target/ or node_modules/). */
function cloneFiles() {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return out.split("\0").filter((file) => file && existsSync(join(root, file)));
}

test("npm pack of a clone that was never built refuses, saying to run ./build.sh", () => {
  const clone = mkdtempSync(join(tmpdir(), "kakor-clone-"));
  try {
    for (const file of cloneFiles()) {
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(root, file), join(clone, file));
    }
    assert.ok(existsSync(join(clone, "package.json")));
    assert.ok(!existsSync(join(clone, "www", "dist")), "the clone must not have www/dist/");
    const pack = spawnSync("npm", ["pack", "--pack-destination", clone], { cwd: clone, encoding: "utf8" });
    assert.notEqual(pack.status, 0, `npm pack succeeded:\n${pack.stdout}${pack.stderr}`);
    assert.match(pack.stderr, /kakor: cannot pack, www\/dist\/kakor\.js, www\/dist\/kakor_bg\.wasm, .* are missing/);
    assert.match(pack.stderr, /run \.\/build\.sh first \(it writes www\/dist\/\), then npm pack again/);
    assert.deepEqual(readdirSync(clone).filter((f) => f.endsWith(".tgz")), [], "a tarball was written");
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
});

test("npm pack of the built tree makes a package whose kakor.js works in Chromium", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kakor-packed-"));
  let server;
  try {
    // Scripts on: prepack runs, and lets a built tree through.
    execFileSync("npm", ["pack", "--pack-destination", dir], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    const tarball = join(dir, `kakor-${pkg.version}.tgz`);
    assert.ok(existsSync(tarball), `no ${tarball}`);
    const listed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
    for (const file of ["www/dist/kakor.js", "www/dist/kakor_bg.wasm", "www/dist/kakor.d.ts"]) {
      assert.ok(listed.includes(`package/${file}`), `${file} is not in the tarball: ${listed.join(", ")}`);
    }

    // A site that serves the unpacked package's files and nothing of this tree.
    execFileSync("tar", ["-xzf", tarball, "-C", dir]);
    const pages = new Map([
      [
        "/index.html",
        `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8"><link rel="icon" href="data:,">
  <script src="/www/dist/kakor.js"></script>
  <title>from the tarball</title>
  <script type="text/plain" data-category="statistics">window.statisticsRan = true;</script>
</head>
<body><p>A site that installed the packed kakor.</p></body>
</html>`,
      ],
    ]);
    server = await serve(join(dir, "package"), 0, pages);
    const url = `http://127.0.0.1:${server.address().port}/index.html`;
    const page = await site.page();
    await page.goto(url);
    await page.locator('[data-kakor="banner"]').waitFor();
    assert.equal(await page.evaluate(() => window.statisticsRan), undefined, "ran before a choice");
    await page.locator('[data-action="accept-all"]').click();
    await page.waitForFunction(() => window.statisticsRan === true);
    const consent = await page.evaluate(() => kakor.get());
    assert.equal(consent.method, "accept-all");
    assert.equal(consent.categories.statistics, true);
    assert.ok(page.requests.includes("/www/dist/kakor_bg.wasm"), page.requests.join(", "));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

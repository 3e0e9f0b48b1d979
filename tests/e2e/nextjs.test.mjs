// A real Next.js App Router app (tests/fixtures/next-app), built here and
// served by `next start`, following docs/frameworks.md: a nonce CSP with
// 'strict-dynamic' from the proxy, gated scripts in <head> and in a page,
// a held-back iframe. It navigates back and forth with no error, no script
// run twice, and nothing run that lacked the nonce.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "./harness.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const app = `${root}tests/fixtures/next-app`;
const next = `${root}node_modules/next/dist/bin/next`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

let server;
let origin;
let browser;

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

before(async () => {
  rmSync(`${app}/public/kakor`, { recursive: true, force: true });
  mkdirSync(`${app}/public/kakor`, { recursive: true });
  cpSync(`${root}www/dist`, `${app}/public/kakor`, { recursive: true });
  const built = spawnSync(process.execPath, [next, "build", app], { env, encoding: "utf8" });
  assert.equal(built.status, 0, `next build failed:\n${built.stdout}\n${built.stderr}`);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [next, "start", app, "-p", String(port), "-H", "127.0.0.1"], { env, stdio: "pipe" });
  let output = "";
  await new Promise((resolve, reject) => {
    server.stdout.on("data", (chunk) => (output += chunk) && /Ready/.test(output) && resolve());
    server.stderr.on("data", (chunk) => (output += chunk));
    server.once("exit", (code) => reject(new Error(`next start exited ${code}:\n${output}`)));
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test("Next.js with a 'strict-dynamic' nonce policy: gated head and page scripts, a held-back iframe, navigation back and forth", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
    if (m.type() === "warning") warnings.push(m.text());
  });
  await page.goto(`${origin}/other`);
  await page.locator('[data-kakor="banner"]').waitFor();
  await page.frameLocator("iframe").locator('[data-kakor="placeholder"]').waitFor();

  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.headRuns === 1 && window.otherRuns === 1);
  await page.waitForFunction(() => document.querySelector("iframe").getAttribute("src") === "/embed.html");
  assert.ok(warnings.some((w) => w.includes("without the nonce")), warnings.join("\n"));
  assert.equal(await page.evaluate(() => window.injected), undefined, "a script without the nonce ran");

  // Client navigation away from the page whose gated script ran, and back.
  for (const round of [1, 2]) {
    await page.locator("#to-home").click();
    await page.locator("h1", { hasText: "Home" }).waitFor();
    await page.locator("#to-other").click();
    await page.locator("h1", { hasText: "Other" }).waitFor();
    await page.waitForFunction(() => document.querySelector("iframe")?.getAttribute("src") === "/embed.html");
    assert.deepEqual(await page.evaluate(() => [window.headRuns, window.otherRuns]), [1, 1], `round ${round}`);
  }
  assert.equal(await page.locator("#kakor").count(), 1);

  // A returning visitor: everything consented runs at start, once.
  await page.reload();
  await page.waitForFunction(() => window.headRuns === 1 && window.otherRuns === 1);
  await page.waitForFunction(() => document.querySelector("iframe").getAttribute("src") === "/embed.html");
  await page.locator("#to-home").click();
  await page.locator("h1", { hasText: "Home" }).waitFor();
  assert.equal(await page.evaluate(() => window.injected), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

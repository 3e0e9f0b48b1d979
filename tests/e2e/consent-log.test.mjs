// The consent log end to end: the demo page in Chromium delivering proofs
// to a real `kakor-log` process (target/debug, built by ./build.sh test) on
// another port, so CORS and its preflight are real.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { harness } from "./harness.mjs";

const site = harness();
const BIN = new URL("../../target/debug/kakor-log", import.meta.url).pathname;
const TOKEN = "e2e-admin-token-0123456789";
const dir = await mkdtemp(join(tmpdir(), "kakor-log-e2e-"));
const running = new Set();
after(async () => {
  for (const receiver of running) await stop(receiver);
  await rm(dir, { recursive: true, force: true });
});

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** `kakor-log serve` on `port`, taking proofs from the harness's origin. */
async function start(port, database) {
  const receiver = spawn(
    BIN,
    ["serve", "--listen", `127.0.0.1:${port}`, "--database", `sqlite://${join(dir, database)}`, "--origin", new URL(site.url()).origin],
    { env: { ...process.env, KAKOR_LOG_ADMIN_TOKEN: TOKEN }, stdio: ["ignore", "pipe", "inherit"] },
  );
  running.add(receiver);
  let out = "";
  await new Promise((done, fail) => {
    receiver.stdout.on("data", (chunk) => (out += chunk) && out.includes("listening on") && done());
    receiver.once("exit", (code) => fail(new Error(`kakor-log exited with ${code} before listening (is it built? cargo build -p kakor-log)`)));
  });
  return receiver;
}

async function stop(receiver) {
  running.delete(receiver);
  if (receiver.exitCode !== null) return;
  receiver.kill("SIGTERM");
  await once(receiver, "exit");
}

async function history(port, id) {
  const response = await fetch(`http://127.0.0.1:${port}/admin/consents/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return response.status === 404 ? [] : (await response.json()).proofs.map((entry) => entry.proof);
}

const demo = await readFile(new URL("../../www/index.html", import.meta.url), "utf8");

/** The demo page, its kakor sending proofs to the receiver on `port`. */
function pageFor(port) {
  const path = `/log-${port}.html`;
  const tag = '<script src="/dist/kakor.js">';
  assert.ok(demo.includes(tag), "the demo page includes kakor.js");
  site.servePage(path, demo.replace(tag, `<script src="/dist/kakor.js" data-endpoint="http://127.0.0.1:${port}/consent/proofs">`));
  return path;
}

const outbox = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("kakor.outbox") || '{"proofs":[]}').proofs.length);

test("accept all: the proof is in the log, exactly as kakor holds it", async () => {
  const port = await freePort();
  const receiver = await start(port, "accept.db");
  const page = await site.page();
  await page.goto(site.url(pageFor(port)));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox") || "{}").proofs?.length === 0);
  const [proof] = await page.evaluate(() => kakor.proofs());
  assert.deepEqual(await history(port, proof.id), [proof]);
  // A decision followed at once by leaving the page: keepalive carries it
  // through the preflight and the POST after the page is gone. (Accepting
  // again: refusing what already ran would make kakor reload the page.)
  site.servePage("/elsewhere.html", '<!doctype html><html lang="en"><head><link rel="icon" href="data:,"></head><body></body></html>');
  await page.evaluate(() => {
    kakor.acceptAll();
    location.href = "/elsewhere.html";
  });
  await page.waitForURL(site.url("/elsewhere.html"));
  let methods = [];
  for (let i = 0; i < 50 && methods.length < 2; i++) {
    methods = (await history(port, proof.id)).map((p) => p.method);
    await new Promise((done) => setTimeout(done, 100));
  }
  assert.deepEqual(methods, ["accept-all", "accept-all"]);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // The owner's page, in a browser, under the strict policy it is sent with.
  const day = proof.timestamp.slice(0, 10);
  const owner = await site.page({ httpCredentials: { username: "owner", password: TOKEN } });
  const response = await owner.goto(`http://127.0.0.1:${port}/admin?from=${day}&to=${day}`);
  assert.match(response.headers()["content-security-policy"], /^default-src 'none'; style-src 'self'/);
  assert.deepEqual(await owner.locator("tbody td").allTextContents(), [day, "2", "0", "0", "2", "2"]);
  assert.equal(await owner.locator("h1").evaluate((h1) => getComputedStyle(h1.ownerDocument.body).maxWidth), "960px", "the stylesheet applies");
  assert.deepEqual(owner.errors, [], "no CSP violation, nothing missing");
  await owner.context().close();
  await stop(receiver);
});

test("receiver down: the proof waits in the outbox and is stored once on the next page view", async () => {
  const port = await freePort();
  await stop(await start(port, "down.db"));
  const page = await site.page();
  const failed = page.waitForEvent("requestfailed", (request) => request.url().endsWith("/consent/proofs"));
  await page.goto(site.url(pageFor(port)));
  await page.locator('[data-action="accept-all"]').click();
  await failed;
  assert.equal(await outbox(page), 1);
  const [proof] = await page.evaluate(() => kakor.proofs());

  const receiver = await start(port, "down.db");
  assert.deepEqual(await history(port, proof.id), []);
  await page.reload();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox")).proofs.length === 0);
  assert.deepEqual(await history(port, proof.id), [proof]);
  // Another view sends nothing again; a decision later is a second proof.
  await page.reload();
  await page.evaluate(() => kakor.rejectAll());
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox")).proofs.length === 0);
  const stored = await history(port, proof.id);
  assert.deepEqual(stored.map((p) => p.method), ["accept-all", "reject-all"]);
  await page.context().close();
  await stop(receiver);
});

test("a site that is not configured is refused by the preflight, and nothing is stored", async () => {
  const port = await freePort();
  const receiver = await start(port, "foreign.db");
  const page = await site.page();
  const failed = page.waitForEvent("requestfailed", (request) => request.url().endsWith("/consent/proofs"));
  await page.goto(site.hostUrl("www.kakor.test", pageFor(port)));
  await page.locator('[data-action="accept-all"]').click();
  await failed;
  assert.equal(await outbox(page), 1);
  const [proof] = await page.evaluate(() => kakor.proofs());
  assert.deepEqual(await history(port, proof.id), []);
  await page.context().close();
  await stop(receiver);
});

test("the texts archive: a proof's texts resolves to the exact words the visitor saw", async () => {
  const port = await freePort();
  const receiver = await start(port, "texts.db");
  // Published as a deployment would: `kakor texts`, byte for byte.
  const { execFileSync } = await import("node:child_process");
  const kakor = new URL("../../target/debug/kakor", import.meta.url).pathname;
  const bundle = execFileSync(kakor, ["texts", "categories.toml", "--lang", "en"], { cwd: new URL("../../", import.meta.url) });
  const published = await fetch(`http://127.0.0.1:${port}/admin/texts`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    body: bundle,
  });
  assert.equal(published.status, 201, await published.clone().text());
  const { sha256 } = await published.json();

  const page = await site.page();
  await page.goto(site.url(pageFor(port)));
  await page.locator('[data-action="reject-all"]').click();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox") || "{}").proofs?.length === 0);
  const [proof] = await page.evaluate(() => kakor.proofs());
  const [stored] = await history(port, proof.id);
  assert.equal(stored.texts, sha256, "the banner names the bundle it was built with");
  const texts = await fetch(`http://127.0.0.1:${port}/admin/texts/${stored.texts}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(texts.status, 200);
  assert.deepEqual(Buffer.from(await texts.arrayBuffer()), bundle, "the exact bytes");
  const words = JSON.parse(bundle.toString("utf8")).words;
  assert.equal(await page.locator('[data-action="reopen"]').textContent(), words.reopen, "and they are the words shown");
  await page.context().close();
  await stop(receiver);
});

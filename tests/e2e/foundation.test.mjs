// One script tag → banner → gated scripts, as a visitor and a site owner see it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, runs, traces } from "./harness.mjs";

const site = harness();
const banner = '[data-kakor="banner"]';

test("a first visit shows the banner and stores nothing; gated scripts stay inert", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator(banner).waitFor();
  assert.equal(await page.locator(banner).getAttribute("role"), "dialog");
  await page.evaluate(() => kakor.ready);
  assert.deepEqual(await runs(page), {});
  assert.deepEqual(await traces(page), { cookies: [], local: [], session: [] });
  assert.ok(!page.requests.includes("/js/statistics.js"), "the gated external script was fetched");
  assert.equal(await page.locator("#status-statistics").textContent(), "blocked");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("accept all runs statistics and marketing without a reload, and again after one", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.evaluate(() => (window.sameDocument = true));
  await page.locator('[data-action="accept-all"]').click();
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  await page.locator("#status-marketing", { hasText: "ran" }).waitFor();
  assert.equal(await page.evaluate(() => window.sameDocument), true, "the page reloaded");
  assert.deepEqual(await runs(page), { statistics: 1, marketing: 1 });
  assert.equal(await page.locator(banner).count(), 0, "the banner closed");

  const [cookie] = (await traces(page)).cookies;
  assert.equal(cookie.name, "kakor");
  assert.equal(cookie.path, "/");
  assert.equal(cookie.sameSite, "Lax");
  assert.equal(cookie.secure, false);
  const consent = await page.evaluate(() => kakor.get());
  assert.equal(consent.method, "accept-all");
  const lifetime = cookie.expires * 1000 - Date.now();
  assert.ok(Math.abs(lifetime - 365 * 86400e3) < 60e3, `cookie lives ${lifetime} ms`);
  assert.ok(Math.abs(cookie.expires * 1000 - Date.parse(consent.expires)) < 2000);
  assert.deepEqual((await traces(page)).local, ["kakor.proofs"]);

  await page.reload();
  await page.evaluate(() => kakor.ready);
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  await page.locator("#status-marketing", { hasText: "ran" }).waitFor();
  assert.deepEqual(await runs(page), { statistics: 1, marketing: 1 });
  assert.equal(await page.locator(banner).count(), 0, "the banner showed again");
  await page.locator('[data-action="reopen"]').waitFor();
  assert.deepEqual(await page.evaluate(() => kakor.get()), consent);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("reject all runs nothing gated but the fallback, also after a reload", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator('[data-action="reject-all"]').click();
  await page.locator("#status-fallback", { hasText: "ran" }).waitFor();
  assert.deepEqual(await runs(page), { fallback: 1 });
  assert.equal(await page.locator(banner).count(), 0);
  assert.equal(await page.evaluate(() => kakor.has("statistics") || kakor.has("marketing")), false);

  await page.reload();
  await page.evaluate(() => kakor.ready);
  await page.locator("#status-fallback", { hasText: "ran" }).waitFor();
  assert.deepEqual(await runs(page), { fallback: 1 });
  assert.equal(await page.locator(banner).count(), 0);
  assert.ok(!page.requests.includes("/js/statistics.js"));
  assert.equal((await page.evaluate(() => kakor.get())).method, "reject-all");
  await page.context().close();
});

test("an external gated script finishes loading before the next gated script runs", async () => {
  const page = await site.page();
  await page.route("**/js/statistics.js", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await page.goto(site.url());
  await page.locator('[data-action="accept-all"]').click();
  await page.locator("#status-marketing", { hasText: "ran" }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.demo.order), ["statistics", "marketing"]);
  await page.context().close();
});

test("calls made before the module is ready are queued and then run", async () => {
  const page = await site.page();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/dist/kakor_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(site.url());
  const before = await page.evaluate(() => ({
    get: kakor.get(),
    necessary: kakor.has("necessary"),
    statistics: kakor.has("statistics"),
    version: kakor.version,
  }));
  assert.deepEqual(before, { get: null, necessary: true, statistics: false, version: "0.1.0" });
  const decided = page.evaluate(() => kakor.acceptAll());
  // Two frames later the loader has done all it can without the module,
  // which is still held back.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.deepEqual(await runs(page), {}, "ran before the module was ready");
  release();
  const consent = await decided;
  assert.equal(consent.method, "accept-all");
  assert.equal(consent.categories.marketing, true);
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  assert.equal(await page.locator(banner).count(), 0, "no banner after a decision");
  await page.context().close();
});

test("a module that fails to load keeps everything gated and throws nothing into the page", async () => {
  const page = await site.page();
  await page.route("**/dist/kakor_bg.wasm", (route) => route.fulfill({ status: 404, body: "gone" }));
  await page.goto(site.url());
  const outcome = await page.evaluate(async () => {
    const ready = await kakor.ready.then(() => "resolved", (error) => error instanceof Error && error.message);
    const accept = await kakor.acceptAll().then(() => "resolved", (error) => error instanceof Error);
    kakor.show();
    kakor.showPreferences();
    kakor.hide();
    return { ready, accept, has: kakor.has("statistics"), get: kakor.get() };
  });
  assert.match(outcome.ready, /^kakor: /);
  assert.deepEqual({ ...outcome, ready: true }, { ready: true, accept: true, has: false, get: null });
  assert.deepEqual(await runs(page), {});
  assert.deepEqual(await traces(page), { cookies: [], local: [], session: [] });
  // One report on the console, the 404 itself, and nothing uncaught.
  assert.equal(page.errors.filter((e) => e.startsWith("kakor: ")).length, 1, page.errors.join("\n"));
  assert.ok(page.errors.every((e) => e.startsWith("kakor: ") || e.includes("404")), page.errors.join("\n"));
  await page.context().close();
});

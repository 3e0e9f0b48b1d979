// Consent proofs: their shape, lifetime, tampering, storage that throws,
// withdrawal with cookie clean-up on parent domains, delivery to an endpoint,
// the visitor's right of access, GPC, and kakor.set().
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { harness, runs } from "./harness.mjs";

const site = harness();
const banner = '[data-kakor="banner"]';
const DAY = 86400e3;

/** FNV-1a 32 in hex, as kakor checksums its cookie (docs/security.md, "What kakor stores"). */
function fnv(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}
const reseal = (body) => `${body}.${fnv(body)}`;

test("a proof has the documented shape, and names the page without its query", async () => {
  const page = await site.page();
  await page.goto(site.url("/?utm_source=newsletter&email=a@b.example#top"));
  await page.locator('[data-action="accept-all"]').click();
  const [proof] = await page.evaluate(() => kakor.proofs());
  assert.deepEqual(Object.keys(proof), [
    "id", "timestamp", "expires", "revision", "method", "language", "categories", "services", "gpc", "source", "page",
    "texts", "version",
  ]);
  assert.match(proof.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(new Date(proof.timestamp).toISOString(), proof.timestamp);
  assert.equal(Date.parse(proof.expires) - Date.parse(proof.timestamp), 365 * DAY);
  assert.equal(proof.page, site.url("/"));
  // The SHA-256 of the language's texts bundle, computed at build time.
  assert.match(proof.texts, /^[0-9a-f]{64}$/);
  assert.equal(proof.texts, await builtinTextsSha256("en"));
  assert.equal(proof.version, JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")).version);
  assert.equal(proof.method, "accept-all");
  assert.equal(proof.source, "first-layer");
  assert.equal(proof.gpc, false);
  const consent = await page.evaluate(() => kakor.get());
  const proofOnly = ["page", "texts", "version"];
  assert.deepEqual(consent, Object.fromEntries(Object.entries(proof).filter(([k]) => !proofOnly.includes(k))));
  // The stored history is versioned and bounded.
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("kakor.proofs")));
  assert.equal(stored.v, 1);
  assert.deepEqual(stored.proofs, [proof]);
  for (let i = 0; i < 55; i++) await page.evaluate(() => kakor.acceptAll());
  const proofs = await page.evaluate(() => kakor.proofs());
  assert.equal(proofs.length, 50);
  assert.equal(proofs.at(-1).source, "api", "a script's call is no click");
  await page.context().close();
});

/** The SHA-256 of the built-in catalogue's texts bundle in `lang`, as
 *  `kakor texts` (target/debug, built by ./build.sh test) prints it, hashed
 *  here with WebCrypto. */
async function builtinTextsSha256(lang) {
  const { execFileSync } = await import("node:child_process");
  const root = new URL("../../", import.meta.url);
  const kakor = new URL("target/debug/kakor", root).pathname;
  const bundle = execFileSync(kakor, ["texts", "categories.toml", "--lang", lang], { cwd: root });
  const digest = await crypto.subtle.digest("SHA-256", bundle);
  return Buffer.from(digest).toString("hex");
}

test("a version 1 cookie, from before kakor recorded sources, still holds: read without a source", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator('[data-action="accept-all"]').click();
  const decided = await page.evaluate(() => kakor.get());
  const [cookie] = await page.context().cookies();
  const fields = cookie.value.slice(0, cookie.value.lastIndexOf(".")).split(".");
  assert.equal(fields[0], "2");
  assert.equal(fields[6], "f", "the first layer's letter");
  const version1 = reseal(["1", ...fields.slice(1, 6), ...fields.slice(7)].join("."));
  await page.context().clearCookies();
  await page.context().addCookies([{ name: "kakor", value: version1, url: site.url() }]);
  await page.reload();
  const { source, ...rest } = decided;
  assert.equal(source, "first-layer");
  assert.deepEqual(await page.evaluate(() => kakor.ready), rest, "the same consent, its source unknown");
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  assert.equal(await page.locator(banner).isVisible(), false, "no one is asked again");
  await page.context().close();
});

test("consent expires after consent_days: the banner asks again and the id is kept", async () => {
  const page = await site.page();
  const start = new Date("2026-11-23T10:00:00Z");
  await page.clock.install({ time: start });
  await page.goto(site.url());
  await page.locator('[data-action="accept-all"]').click();
  const first = await page.evaluate(() => kakor.get());

  await page.clock.setSystemTime(new Date(start.getTime() + 364 * DAY));
  await page.reload();
  assert.deepEqual(await page.evaluate(() => kakor.ready), first, "still valid a day before expiry");

  await page.clock.setSystemTime(new Date(start.getTime() + 366 * DAY));
  await page.reload();
  assert.equal(await page.evaluate(() => kakor.ready), null);
  await page.locator(banner).waitFor();
  assert.deepEqual(await runs(page), {});
  await page.locator('[data-action="reject-all"]').click();
  const renewed = await page.evaluate(() => kakor.get());
  assert.equal(renewed.id, first.id);
  assert.ok(Math.abs(Date.parse(renewed.timestamp) - (start.getTime() + 366 * DAY)) < 10e3, renewed.timestamp);
  await page.context().close();
});

test("tampered cookies and storage count as no consent, and nothing throws", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator('[data-action="reject-all"]').click();
  const [cookie] = await page.context().cookies();
  const body = cookie.value.slice(0, cookie.value.lastIndexOf("."));
  const fields = body.split(".");
  const forged = {
    "an edited character": cookie.value.replace(".r.", ".a."),
    "a resealed grant of an unknown category": reseal(body.replace(".necessary.", ".necessary:spyware.")),
    "a resealed expiry beyond consent_days": reseal([...fields.slice(0, 3), String(Number(fields[2]) + 400 * DAY), ...fields.slice(4)].join(".")),
    "a resealed other revision": reseal(body.replace(`.${fields[4]}.`, ".00000000.")),
    "another format version": reseal(["3", ...fields.slice(1)].join(".")),
    "garbage": "%%%not-a-record",
  };
  for (const [name, value] of Object.entries(forged)) {
    await page.context().addCookies([{ name: "kakor", value, url: site.url() }]);
    await page.evaluate(() => localStorage.setItem("kakor.proofs", "{not json"));
    await page.reload();
    assert.equal(await page.evaluate(() => kakor.ready), null, name);
    await page.locator(banner).waitFor();
    assert.deepEqual(await runs(page), {}, name);
    assert.deepEqual(await page.evaluate(() => kakor.proofs()), [], name);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("where storage and cookies throw, the decision holds in memory for the page view", async () => {
  const page = await site.page();
  await page.addInitScript(() => {
    const blocked = () => { throw new DOMException("blocked", "SecurityError"); };
    Object.defineProperty(Document.prototype, "cookie", { get: blocked, set: blocked });
    Object.defineProperty(window, "localStorage", { get: blocked });
  });
  await page.goto(site.url());
  await page.locator('[data-action="accept-all"]').click();
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  assert.equal((await page.evaluate(() => kakor.get())).method, "accept-all");
  assert.equal(await page.evaluate(() => kakor.has("marketing")), true);
  assert.equal((await page.evaluate(() => kakor.proofs())).length, 1);
  assert.deepEqual(page.errors, []);
  await page.reload();
  await page.locator(banner).waitFor();
  assert.deepEqual(await page.context().cookies(), []);
  await page.context().close();
});

const SHOP = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js"></script></head><body><h1>Shop</h1>
<script type="text/plain" data-category="statistics">
  for (const c of ["_ga=1; domain=kakor.test; path=/", "_ga=2; domain=sub.kakor.test; path=/", "_ga=3; path=/",
                   "_ga_ABC=4; path=/shop", "_ga_XYZ=5; path=/shop/cart/", "_ga_HOST=6; domain=app.sub.kakor.test; path=/shop/cart"])
    document.cookie = c;
  window.ranStatistics = (window.ranStatistics || 0) + 1;
</script>
<script type="text/plain" data-category="marketing">document.cookie = "__hstc=1; domain=kakor.test; path=/";</script>
<script>document.cookie = "session=1; path=/";</script>
</body></html>`;

test("withdrawing deletes the category's cookies on every parent domain and path, then reloads", async () => {
  const page = await site.page();
  site.servePage("/shop/cart/", SHOP);
  const url = site.hostUrl("app.sub.kakor.test", "/shop/cart/");
  await page.goto(url);
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.ranStatistics === 1);
  const names = async () => (await page.context().cookies()).map((c) => `${c.name}@${c.domain}${c.path}`).sort();
  assert.deepEqual(await names(), [
    "__hstc@.kakor.test/", "_ga@.kakor.test/", "_ga@.sub.kakor.test/", "_ga@app.sub.kakor.test/",
    "_ga_ABC@app.sub.kakor.test/shop", "_ga_HOST@.app.sub.kakor.test/shop/cart", "_ga_XYZ@app.sub.kakor.test/shop/cart/",
    "kakor@app.sub.kakor.test/", "session@app.sub.kakor.test/",
  ]);

  // Statistics off: its cookies go everywhere, and the page reloads.
  // Not awaiting set()'s promise: the reload may destroy the page before it
  // reaches the test.
  const reloaded = page.waitForEvent("load");
  await page.evaluate(() => void kakor.set({ categories: { statistics: false } }));
  await reloaded;
  assert.deepEqual(await names(), ["__hstc@.kakor.test/", "kakor@app.sub.kakor.test/", "session@app.sub.kakor.test/"]);
  assert.equal(await page.evaluate(() => window.ranStatistics), undefined);

  // Withdraw: every non-necessary cookie and the decision go; the banner asks.
  const again = page.waitForEvent("load");
  await page.evaluate(() => void kakor.withdraw());
  await again;
  await page.locator(banner).waitFor();
  assert.deepEqual(await names(), ["session@app.sub.kakor.test/"]);
  assert.equal(await page.evaluate(() => kakor.get()), null);
  assert.equal((await page.evaluate(() => kakor.proofs())).length, 2, "the history stays");
  await page.context().close();
});

test("proofs reach the endpoint; a failed delivery waits and is sent on the next page view", async () => {
  const page = await site.page();
  const received = [];
  let answer = 500;
  await page.route("**/endpoint.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-endpoint="/consent/proofs"></script></head><body></body></html>`,
    }),
  );
  await page.route("**/consent/proofs", async (route) => {
    const request = route.request();
    received.push({ method: request.method(), type: request.headers()["content-type"], cookie: request.headers().cookie, body: request.postDataJSON() });
    await route.fulfill({ status: answer, body: "" });
  });
  await page.goto(site.url("/endpoint.html"));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox") || "{}").proofs?.length === 1);
  const [proof] = await page.evaluate(() => kakor.proofs());
  assert.equal(received.length, 1);
  // Same origin: fetch's default credentials send the site's cookies, so the
  // endpoint may answer with Set-Cookie (docs/consent-log.md).
  const cookie = await page.evaluate(() => document.cookie);
  assert.deepEqual(received[0], { method: "POST", type: "application/json", cookie, body: proof });

  answer = 204;
  await page.reload();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox")).proofs.length === 0);
  assert.equal(received.length, 2);
  assert.deepEqual(received[1].body, proof);

  await page.evaluate(() => kakor.rejectAll());
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("kakor.outbox")).proofs.length === 0);
  assert.equal(received.length, 3);
  assert.equal(received[2].body.method, "reject-all");
  assert.ok(received.every((r) => r.method === "POST" && r.body.id === proof.id), "something else was sent");

  // A decision followed at once by leaving the page is delivered all the same.
  await page.evaluate(() => {
    kakor.set({ categories: { preferences: false } });
    location.href = "/";
  });
  await page.waitForURL(site.url("/"));
  for (const end = Date.now() + 5000; received.length < 4 && Date.now() < end; ) {
    await new Promise((done) => setTimeout(done, 20));
  }
  assert.equal(received.length, 4);
  assert.equal(received[3].body.method, "custom");
  await page.context().close();
});

test("the preferences show the current consent and download the proof history", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator('[data-action="accept-all"]').click();
  await page.evaluate(() => kakor.set({ categories: { preferences: false } }));
  const consent = await page.evaluate(() => kakor.get());
  await page.locator('[data-action="reopen"]').click();
  const facts = await page.locator(".access dd").allTextContents();
  assert.equal(facts[0], consent.id);
  assert.equal(facts[1], `${consent.timestamp.slice(0, 10)} ${consent.timestamp.slice(11, 16)} UTC`);
  assert.equal(facts[2], `${consent.expires.slice(0, 10)} ${consent.expires.slice(11, 16)} UTC`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-action="download"]').click()]);
  assert.equal(download.suggestedFilename(), "kakor-consent-history.json");
  const history = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.deepEqual(history, await page.evaluate(() => kakor.proofs()));
  assert.deepEqual(history.map((p) => p.method), ["accept-all", "custom"]);
  await page.context().close();
});

test("Global Privacy Control keeps marketing off unless the visitor turns it on", async () => {
  const page = await site.page();
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  await page.goto(site.url());
  await page.locator(`${banner} .gpc`).waitFor();
  assert.match(await page.locator(`${banner} .gpc`).textContent(), /Global Privacy Control/);
  await page.locator('[data-action="accept-all"]').click();
  const consent = await page.evaluate(() => kakor.get());
  assert.deepEqual(consent.categories, { necessary: true, preferences: true, statistics: true, marketing: false });
  assert.equal(consent.gpc, true);
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  assert.deepEqual(await runs(page), { statistics: 1 });
  await page.locator('[data-action="reopen"]').click();
  await page.locator('input[data-category="marketing"]').check();
  await page.locator('[data-action="save"]').click();
  await page.locator("#status-marketing", { hasText: "ran" }).waitFor();
  assert.equal((await page.evaluate(() => kakor.get())).categories.marketing, true);
  await page.context().close();
});

test("set() changes categories and services by name, and refuses what is not in the catalogue", async () => {
  const page = await site.page();
  await page.goto(site.url());
  let consent = await page.evaluate(() => kakor.set({ categories: { statistics: true } }));
  assert.deepEqual(consent.categories, { necessary: true, preferences: false, statistics: true, marketing: false });
  assert.equal(consent.method, "custom");
  consent = await page.evaluate(() => kakor.set({ services: { hubspot: true } }));
  assert.equal(consent.categories.statistics, true, "a category not named keeps its state");
  assert.equal(consent.services.hubspot, true);
  assert.equal(consent.services["meta-pixel"], false);
  await page.locator("#status-marketing", { hasText: "ran" }).waitFor();
  const refused = await page.evaluate(() =>
    Promise.all([
      kakor.set({ categories: { nope: true } }).catch((e) => e.message),
      kakor.set({ categories: { statistics: "yes" } }).catch((e) => e.message),
      kakor.set({ purposes: {} }).catch((e) => e.message),
    ]),
  );
  assert.deepEqual(refused, [
    "set(): unknown category or service `nope`",
    "set(): categories.statistics: expected `true` or `false`",
    "set(): purposes: unknown field `purposes`; expected one of `categories`, `services`",
  ]);
  await page.context().close();
});

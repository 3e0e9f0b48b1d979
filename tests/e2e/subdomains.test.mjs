// One decision across a site's subdomains: `site.cookie_domain` puts the
// `kakor` cookie on a parent domain. Hosts under *.kakor.test resolve to
// loopback (harness.mjs), so each is a real host with real parent domains.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { harness } from "./harness.mjs";

const site = harness();
const base = JSON.parse(await readFile(new URL("../../www/examples/swedish-saas/catalogue.json", import.meta.url)));
const withDomain = (domain) => JSON.stringify({ ...base, site: { ...base.site, cookie_domain: domain } });

/** A page whose runtime catalogue is `catalogue`, with a gated script. */
async function open(page, host, catalogue) {
  await page.route("**/shared.json", (route) => route.fulfill({ contentType: "application/json", body: catalogue }));
  site.servePage(
    "/shared.html",
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/shared.json"></script></head><body>
<script type="text/plain" data-category="marketing">window.ran = true;</script></body></html>`,
  );
  await page.goto(site.hostUrl(host, "/shared.html"));
}

const kakorCookies = async (page) =>
  (await page.context().cookies()).filter((c) => c.name === "kakor").map((c) => c.domain).sort();

test("a decision on www holds on app: no banner there, and its gated script runs", async () => {
  const page = await site.page();
  await open(page, "www.kakor.test", withDomain(".kakor.test"));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.ran === true);
  assert.deepEqual(await kakorCookies(page), [".kakor.test"]);

  await page.unroute("**/shared.json");
  await open(page, "app.kakor.test", withDomain(".kakor.test"));
  const consent = await page.evaluate(() => kakor.ready);
  assert.equal(consent.method, "accept-all");
  await page.waitForFunction(() => window.ran === true);
  assert.equal(await page.locator('[data-kakor="banner"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a cookie domain that is not the host or a parent of it fails closed, naming the field", async () => {
  const page = await site.page();
  await open(page, "www.kakor.test", withDomain(".example.com"));
  const failure = await page.evaluate(() => kakor.ready.then(() => "ready", (e) => e.message));
  assert.match(failure, /site\.cookie_domain: `\.example\.com` is not this page's host `www\.kakor\.test` or a parent of it/);
  assert.equal(await page.evaluate(() => kakor.acceptAll().then(() => "accepted", () => "refused")), "refused");
  assert.equal(await page.evaluate(() => window.ran), undefined);
  assert.equal(await page.locator("#kakor").count(), 0);
  assert.deepEqual(await kakorCookies(page), []);
  await page.context().close();
});

test("a host-only kakor cookie from before is replaced by the shared one, and withdrawal deletes both", async () => {
  const page = await site.page();
  // Before the owner shared the decision: a host-only cookie.
  await open(page, "www.kakor.test", JSON.stringify(base));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.ran === true);
  assert.deepEqual(await kakorCookies(page), ["www.kakor.test"]);

  // Now shared: the old decision still holds (same catalogue revision)…
  await page.unroute("**/shared.json");
  await open(page, "www.kakor.test", withDomain("kakor.test"));
  assert.equal((await page.evaluate(() => kakor.ready)).method, "accept-all");
  // …and the next one replaces the host-only cookie with the shared one.
  await page.evaluate(() => kakor.set({ categories: { marketing: true } }));
  assert.deepEqual(await kakorCookies(page), [".kakor.test"]);

  // Both at once (another tab wrote the old kind): withdrawing leaves neither.
  const [shared] = (await page.context().cookies()).filter((c) => c.name === "kakor");
  await page.context().addCookies([{ name: "kakor", value: shared.value, domain: "www.kakor.test", path: "/" }]);
  assert.deepEqual(await kakorCookies(page), [".kakor.test", "www.kakor.test"]);
  await page.evaluate(() => kakor.withdraw());
  await page.waitForURL(/shared\.html/);
  assert.deepEqual(await kakorCookies(page), []);
  await page.context().close();
});

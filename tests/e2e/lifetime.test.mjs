// How long a choice holds: a refusal for `site.reject_days`, a consent for
// `consent_days`; and `site.purposes_version`, which asks everyone again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { harness } from "./harness.mjs";

const site = harness();
const DAY = 86_400_000;
const base = JSON.parse(await readFile(new URL("../../www/examples/swedish-saas/catalogue.json", import.meta.url)));
const catalogue = (siteFields) => JSON.stringify({ ...base, site: { ...base.site, ...siteFields } });

async function open(page, body) {
  await page.unroute("**/lifetime.json");
  await page.route("**/lifetime.json", (route) => route.fulfill({ contentType: "application/json", body }));
  site.servePage(
    "/lifetime.html",
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/lifetime.json"></script></head><body><p>lifetime</p></body></html>`,
  );
  await page.goto(site.url("/lifetime.html"));
  return page.evaluate(() => kakor.ready);
}

/** Days from now until the kakor cookie expires, as the browser keeps it. */
const cookieDays = async (page) => {
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === "kakor");
  return Math.round((cookie.expires * 1000 - Date.now()) / DAY);
};

test("a refusal holds for reject_days, a consent for consent_days", async () => {
  const page = await site.page();
  await open(page, catalogue({ consent_days: 365, reject_days: 180 }));
  const refusal = await page.evaluate(() => kakor.rejectAll());
  assert.equal(Math.round((Date.parse(refusal.expires) - Date.parse(refusal.timestamp)) / DAY), 180);
  assert.equal(await cookieDays(page), 180);
  const consent = await page.evaluate(() => kakor.acceptAll());
  assert.equal(Math.round((Date.parse(consent.expires) - Date.parse(consent.timestamp)) / DAY), 365);
  assert.equal(await cookieDays(page), 365);
  // A returning visitor's refusal, read back from the cookie, still holds.
  await page.evaluate(() => kakor.rejectAll());
  assert.equal((await open(page, catalogue({ consent_days: 365, reject_days: 180 }))).method, "reject-all");
  await page.context().close();
});

test("a new purposes_version asks every visitor again; the same one does not", async () => {
  const page = await site.page();
  await open(page, catalogue({ purposes_version: "2026-01" }));
  await page.evaluate(() => kakor.acceptAll());
  assert.equal((await open(page, catalogue({ purposes_version: "2026-01" }))).method, "accept-all");
  assert.equal(await open(page, catalogue({ purposes_version: "2026-11" })), null);
  await page.locator('[data-kakor="banner"]').waitFor();
  await page.context().close();
});

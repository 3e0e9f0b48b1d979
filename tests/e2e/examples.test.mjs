// Each example site in www/examples/: its own catalogue loads, the banner
// speaks the page's language, and each service's gated script follows the
// visitor's choice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { harness } from "./harness.mjs";

const site = harness();
const root = new URL("../../www/examples/", import.meta.url);
const examples = readdirSync(root).filter((name) => existsSync(new URL(`${name}/catalogue.json`, root)));
const ACCEPT = { en: "Accept all", sv: "Godkänn alla", nb: "Godta alle" };

test("there are four example sites", () => {
  assert.deepEqual(examples.sort(), ["construction-tech", "fintech", "norwegian-software", "swedish-saas"]);
});

for (const name of examples) {
  const catalogue = JSON.parse(readFileSync(new URL(`${name}/catalogue.json`, root), "utf8"));
  const html = readFileSync(new URL(`${name}/index.html`, root), "utf8");
  const lang = html.match(/<html lang="([a-z]+)"/)[1];
  const gated = catalogue.services.filter((s) => s.category !== "necessary").map((s) => s.id);

  test(`${name}: banner in ${lang}, accept all runs every service`, async () => {
    const page = await site.page();
    await page.goto(site.url(`/examples/${name}/`));
    await page.locator('[data-kakor="banner"]').waitFor();
    assert.equal(await page.locator('[data-action="accept-all"]').textContent(), ACCEPT[lang]);
    assert.match(await page.locator('[data-kakor="banner"]').textContent(), new RegExp(catalogue.site.name));
    for (const id of gated) {
      assert.equal(await page.locator(`#status-${id}`).textContent(), "blocked", id);
    }
    await page.locator('[data-action="accept-all"]').click();
    for (const id of gated) {
      await page.locator(`#status-${id}`, { hasText: "ran" }).waitFor();
    }
    const consent = await page.evaluate(() => kakor.get());
    assert.deepEqual(Object.keys(consent.services).sort(), catalogue.services.map((s) => s.id).sort());
    assert.deepEqual(Object.keys(consent.categories).sort(), catalogue.categories.map((c) => c.id).sort());
    assert.equal(consent.language, lang);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`${name}: reject all runs none of them, also after a reload`, async () => {
    const page = await site.page();
    await page.goto(site.url(`/examples/${name}/`));
    await page.locator('[data-action="reject-all"]').click();
    await page.reload();
    await page.evaluate(() => kakor.ready);
    assert.equal(await page.locator('[data-kakor="banner"]').count(), 0);
    assert.deepEqual(await page.evaluate(() => ({ ...window.demo.runs })), {});
    await page.context().close();
  });
}

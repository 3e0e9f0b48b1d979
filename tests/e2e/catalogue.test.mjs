// Runtime catalogues (data-catalogue): loaded, validated with a JSON path,
// failing closed, and re-prompting only when what consent depends on changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./harness.mjs";

const site = harness();

/** A small valid runtime catalogue; `edit` changes a copy. */
function catalogue(edit = () => {}) {
  const text = (en, sv) => ({ en, sv });
  const value = {
    site: { name: "Testbolaget AB", policy_url: "https://testbolaget.example/integritet", languages: ["sv", "en"], consent_days: 30 },
    categories: [
      { id: "necessary", title: text("Necessary", "Nödvändiga"), description: text("Always on.", "Alltid på.") },
      { id: "statistics", title: text("Statistics", "Statistik"), description: text("Visits.", "Besök.") },
      { id: "marketing", title: text("Marketing", "Marknadsföring"), description: text("Ads.", "Annonser.") },
    ],
    services: [
      {
        id: "matomo", name: "Matomo", category: "statistics", provider: "Testbolaget AB",
        policy_url: "https://testbolaget.example/integritet", data_location: text("Sweden", "Sverige"), safeguard: text("Stays in the EU/EEA", "Stannar inom EU/EES"),
        description: text("Counts visits.", "Räknar besök."),
        cookies: [{ name: "_pk_id.*", purpose: text("Visitor id.", "Besökar-id."), duration: "13 months", party: "first" }],
      },
    ],
  };
  edit(value);
  return value;
}

const PAGE = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/runtime/catalogue.json"></script></head>
<body><h1>Testbolaget</h1>
<script type="text/plain" data-category="statistics">window.ranStatistics = (window.ranStatistics || 0) + 1;</script>
<script type="text/plain" data-category="marketing">window.ranMarketing = (window.ranMarketing || 0) + 1;</script>
</body></html>`;

/** A page whose catalogue request is answered by `answer()` each time. */
async function runtimePage(answer) {
  const page = await site.page();
  await page.route("**/runtime/page.html", (route) =>
    route.fulfill({ contentType: "text/html", body: PAGE }),
  );
  await page.route("**/runtime/catalogue.json", (route) => route.fulfill(answer()));
  return page;
}

const json = (value) => ({ contentType: "application/json", body: JSON.stringify(value) });
const ran = (page) => page.evaluate(() => ({ statistics: window.ranStatistics ?? 0, marketing: window.ranMarketing ?? 0 }));
const outcome = (page) =>
  page.evaluate(() => kakor.ready.then((consent) => ({ consent }), (error) => ({ error: error.message })));

test("a runtime catalogue replaces the built-in one", async () => {
  const page = await runtimePage(() => json(catalogue()));
  await page.goto(site.url("/runtime/page.html"));
  const banner = page.locator('[data-kakor="banner"]');
  await banner.waitFor();
  assert.match(await banner.textContent(), /Testbolaget AB använder cookies/);
  assert.equal(await page.locator('[data-action="accept-all"]').textContent(), "Godkänn alla");
  assert.equal(await page.locator('[data-kakor="banner"] a').getAttribute("href"), "https://testbolaget.example/integritet");
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.ranStatistics === 1 && window.ranMarketing === 1);
  const consent = await page.evaluate(() => kakor.get());
  assert.deepEqual(consent.categories, { necessary: true, statistics: true, marketing: true });
  assert.deepEqual(consent.services, { matomo: true });
  assert.equal(consent.language, "sv");
  assert.equal(Date.parse(consent.expires) - Date.parse(consent.timestamp), 30 * 86400e3);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [name, answer, message] of [
  ["is missing (404)", () => ({ status: 404, body: "not found" }), /^kakor: catalogue \/runtime\/catalogue\.json: HTTP 404$/],
  ["is not JSON", () => ({ contentType: "application/json", body: "{ site: " }), /^kakor: catalogue \/runtime\/catalogue\.json is not JSON: /],
  [
    "names an unknown category",
    () => json(catalogue((c) => (c.services[0].category = "ads"))),
    /^kakor: catalogue \/runtime\/catalogue\.json: services\[0\]\.category: unknown category `ads`/,
  ],
  [
    "has a misspelt field",
    () => json(catalogue((c) => (c.site.consent_dayz = 10))),
    /^kakor: catalogue \/runtime\/catalogue\.json: site\.consent_dayz: unknown field `consent_dayz`/,
  ],
  [
    "has a wrong type",
    () => json(catalogue((c) => (c.services[0].cookies[0].duration = 13))),
    /services\[0\]\.cookies\[0\]\.duration: expected a string$/,
  ],
  [
    "lacks necessary and a Swedish text",
    () => json(catalogue((c) => { c.categories.shift(); delete c.services[0].description.sv; })),
    /categories: the `necessary` category is missing.*\n.*services\[0\]\.description\.sv: missing the `sv` text/,
  ],
]) {
  test(`a catalogue that ${name} fails closed with a clear error`, async () => {
    const page = await runtimePage(answer);
    await page.goto(site.url("/runtime/page.html"));
    const result = await outcome(page);
    assert.match(result.error ?? "resolved", message);
    assert.ok(page.errors.some((e) => e.startsWith("kakor: ")), "no console.error: " + page.errors);
    assert.ok(page.errors.every((e) => e.startsWith("kakor: ") || e.includes("404")), page.errors.join("\n"));
    // Whatever the visitor or the page does, nothing gated runs.
    const accept = await page.evaluate(() => kakor.acceptAll().then(() => "resolved", (e) => e.message));
    assert.match(accept, /^kakor: /);
    assert.equal(await page.locator("#kakor").count(), 0, "a banner for a broken catalogue");
    assert.deepEqual(await ran(page), { statistics: 0, marketing: 0 });
    assert.deepEqual(await page.context().cookies(), []);
    await page.context().close();
  });
}

test("a catalogue with mistakes of every kind names them all at once", async () => {
  const page = await runtimePage(() =>
    json(
      catalogue((c) => {
        c.site.consent_dayz = 10;
        c.services[0].category = "ads";
        const cookie = c.services[0].cookies[0];
        c.services[0].cookies.push({ ...cookie });
        cookie.duration = 13;
        cookie.party = "firts";
      }),
    ),
  );
  await page.goto(site.url("/runtime/page.html"));
  const { error } = await outcome(page);
  const lines = (error ?? "resolved").replace(/^kakor: /, "").split("\n");
  const at = (path) => lines.filter((line) => line.startsWith(`catalogue /runtime/catalogue.json: ${path}: `));
  assert.equal(lines.length, 5, error);
  assert.match(at("site.consent_dayz")[0], /unknown field `consent_dayz`/);
  assert.match(at("services[0].category")[0], /unknown category `ads`/);
  assert.match(at("services[0].cookies[0].duration")[0], /expected a string$/);
  assert.match(at("services[0].cookies[0].party")[0], /expected `first` or `third`$/);
  assert.match(at("services[0].cookies[1].name")[0], /cookie `_pk_id\.\*` is already declared by service `matomo`/);
  assert.deepEqual(await ran(page), { statistics: 0, marketing: 0 });
  await page.context().close();
});

test("a changed revision asks again and keeps the consent id; a text edit does not", async () => {
  let current = catalogue();
  const page = await runtimePage(() => json(current));
  await page.goto(site.url("/runtime/page.html"));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.ranStatistics === 1);
  const first = await page.evaluate(() => kakor.get());

  // Texts, names and cookie details change: same revision, no banner.
  current = catalogue((c) => {
    c.site.name = "Testbolaget i Sverige AB";
    c.categories[1].title.sv = "Besöksstatistik";
    c.services[0].name = "Matomo Analytics";
    c.services[0].cookies[0].duration = "12 months";
  });
  await page.reload();
  assert.deepEqual((await outcome(page)).consent, first);
  await page.waitForFunction(() => window.ranStatistics === 1 && window.ranMarketing === 1);
  assert.equal(await page.locator('[data-kakor="banner"]').count(), 0);

  // A service moves to another category: the revision changes.
  current = catalogue((c) => (c.services[0].category = "marketing"));
  await page.reload();
  assert.equal((await outcome(page)).consent, null);
  await page.locator('[data-kakor="banner"]').waitFor();
  assert.deepEqual(await ran(page), { statistics: 0, marketing: 0 });
  await page.locator('[data-action="reject-all"]').click();
  const second = await page.evaluate(() => kakor.get());
  assert.notEqual(second.revision, first.revision);
  assert.equal(second.id, first.id, "the consent id is kept across a re-prompt");

  // A service added: asked again too.
  current = catalogue((c) =>
    c.services.push({ ...c.services[0], id: "hotjar", name: "Hotjar", category: "statistics", cookies: [] }),
  );
  await page.reload();
  assert.equal((await outcome(page)).consent, null);
  await page.locator('[data-kakor="banner"]').waitFor();
  await page.context().close();
});

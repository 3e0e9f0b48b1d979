// The cookie declaration in the page: `<div data-kakor-declaration>` filled
// by kakor-declaration.js in the banner's language, with the very markup
// `kakor declaration` prints (its golden files), the visitor's consent kept
// up to date (also after a choice in another tab), a button that opens the
// preferences, catalogue text only ever as text, and nothing at all on a
// page without the element.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { harness } from "./harness.mjs";

const site = harness();
const root = new URL("../../", import.meta.url);
const AXE = createRequire(import.meta.url).resolve("axe-core");
const POLICY = {
  "construction-tech": "privacy.html",
  fintech: "privacy.html",
  "norwegian-software": "personvern.html",
  "swedish-saas": "integritetspolicy.html",
};
const ELEMENT = "[data-kakor-declaration]";
const BUTTON = `${ELEMENT} [data-action="preferences"]`;
const read = (path) => readFileSync(new URL(path, root), "utf8");
const catalogueOf = (name) => JSON.parse(read(`www/examples/${name}/catalogue.json`));
/** How the state writes a moment: `2026-11-23 11:48 UTC`. */
const moment = (ms) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The element's consent facts, as `{label: value}`, once it shows them. */
async function facts(page) {
  await page.locator(`${ELEMENT} .kakor-declaration-status dl`).waitFor();
  return page.evaluate((element) => {
    const dl = document.querySelector(`${element} .kakor-declaration-status dl`);
    return Object.fromEntries([...dl.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
  }, ELEMENT);
}

for (const [name, file] of Object.entries(POLICY)) {
  test(`${name}: the policy page shows the declaration the command prints, every cookie once`, async () => {
    const page = await site.page();
    await page.goto(site.url(`/examples/${name}/`));
    // The site's footer links its policy page; the banner's bar is answered first.
    await page.locator('[data-kakor="banner"] [data-action="reject-all"]').click();
    await page.locator(`footer a[href="${file}"]`).click();
    await page.locator(`${ELEMENT} .kakor-declaration`).waitFor();
    // The golden file is the command's output in the catalogue's first language, the page's.
    const golden = read(`crates/kakor-cli/tests/golden/${name}.html`);
    const [shown, printed] = await page.evaluate(
      ([element, golden]) => {
        const template = document.createElement("template");
        template.innerHTML = golden;
        return [document.querySelector(`${element} .kakor-declaration`).outerHTML, template.content.firstElementChild.outerHTML];
      },
      [ELEMENT, golden],
    );
    assert.equal(shown, printed);
    const names = await page.locator(`${ELEMENT} tbody th[scope="row"] code`).allTextContents();
    for (const cookie of catalogueOf(name).services.flatMap((s) => s.cookies)) {
      assert.equal(names.filter((n) => n === cookie.name).length, 1, `${name}: ${cookie.name}`);
      const row = page.locator(`${ELEMENT} tbody tr`).filter({ has: page.locator("code", { hasText: new RegExp(`^${cookie.name.replace(/[.*]/g, "\\$&")}$`) }) });
      assert.notEqual((await row.locator("td").nth(1).textContent()).trim(), "", `${name}: ${cookie.name} has a duration`);
    }
    assert.equal(await page.locator(`${ELEMENT} script, ${ELEMENT} [style]`).count(), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`${name}: axe finds nothing on the policy page, before and after a choice`, async () => {
    const page = await site.page();
    await page.goto(site.url(`/examples/${name}/${file}`));
    await page.locator('[data-kakor="banner"]').waitFor();
    await page.locator(`${ELEMENT} .kakor-declaration`).waitFor();
    await page.addScriptTag({ path: AXE });
    const audit = () =>
      page.evaluate(async () => {
        const result = await axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
    assert.deepEqual(await audit(), [], "with the banner open");
    await page.locator('[data-action="accept-all"]').first().click();
    await facts(page);
    assert.deepEqual(await audit(), [], "after a choice");
    await page.context().close();
  });
}

test("the element speaks the banner's language, not the page's", async () => {
  site.servePage(
    "/declaration/lang.html",
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Privacy</title><link rel="icon" href="data:,">
<script src="/dist/kakor-declaration.js" data-lang="sv" data-catalogue="/examples/fintech/catalogue.json"></script></head>
<body><main><h1>Privacy</h1><div data-kakor-declaration></div></main></body></html>`,
  );
  const page = await site.page();
  await page.goto(site.url("/declaration/lang.html"));
  assert.equal(await page.locator('[data-kakor="banner"] [data-action="accept-all"]').textContent(), "Godkänn alla");
  await page.locator(`${ELEMENT} .kakor-declaration[lang="sv"]`).waitFor();
  assert.equal(await page.locator(`${ELEMENT} .kakor-declaration-title`).textContent(), "Cookieförklaring");
  assert.equal(await page.locator(`${ELEMENT} .kakor-declaration-state h2`).textContent(), "Ditt samtycke");
  assert.equal(await page.locator(BUTTON).textContent(), "Cookieinställningar");
  assert.match(await page.locator(`${ELEMENT} .kakor-declaration-status`).textContent(), /^Du har inte gjort något val/);
  await page.context().close();
});

test("the state shows the consent after a choice and follows a change made in another tab", async () => {
  const catalogue = catalogueOf("swedish-saas");
  const title = (id) => catalogue.categories.find((c) => c.id === id).title.sv;
  const first = await site.page();
  await first.goto(site.url("/examples/swedish-saas/integritetspolicy.html"));
  await first.locator('[data-kakor="banner"] [data-action="accept-all"]').click();
  const consent = await first.evaluate(() => kakor.get());
  assert.deepEqual(await facts(first), {
    "Samtyckes-ID": consent.id,
    Lämnat: moment(Date.parse(consent.timestamp)),
    "Giltigt till": moment(Date.parse(consent.expires)),
    Tillåtna: catalogue.categories.map((c) => c.title.sv).join(", "),
  });
  assert.equal(await first.locator(`${ELEMENT} time`).first().getAttribute("datetime"), consent.timestamp);

  // Another tab of the same browser refuses marketing: the first tab's element follows.
  // That tab shows the policy page too: no gated script runs there, so its own
  // narrowing and withdrawal reload nothing under the test's calls.
  const second = await first.context().newPage();
  await second.goto(site.url("/examples/swedish-saas/integritetspolicy.html"));
  await second.evaluate(() => kakor.ready);
  await second.evaluate(() => kakor.set({ categories: { marketing: false } }));
  await first.locator(`${ELEMENT} .kakor-declaration-status dd`, { hasText: new RegExp(`^${title("necessary")}$`) }).waitFor();
  const after = await first.evaluate(() => kakor.get());
  assert.equal(after.categories.marketing, false);
  assert.deepEqual(await facts(first), {
    "Samtyckes-ID": consent.id,
    Lämnat: moment(Date.parse(after.timestamp)),
    "Giltigt till": moment(Date.parse(after.expires)),
    Tillåtna: title("necessary"),
  });
  // Withdrawn there too: the element says no choice is made.
  await second.evaluate(() => kakor.withdraw());
  await first.locator(`${ELEMENT} .kakor-declaration-status p`).waitFor();
  assert.match(await first.locator(`${ELEMENT} .kakor-declaration-status`).textContent(), /^Du har inte gjort något val/);
  assert.deepEqual(first.errors, []);
  await first.context().close();
});

test("the element's button opens the preferences, and focus comes back to it", async () => {
  const page = await site.page();
  await page.goto(site.url("/examples/swedish-saas/integritetspolicy.html"));
  await page.locator('[data-kakor="banner"] [data-action="reject-all"]').click();
  await facts(page);
  await page.locator('[data-kakor="banner"]').waitFor({ state: "detached" });
  await page.evaluate((button) => (window.button = document.querySelector(button)), BUTTON);
  await page.locator(BUTTON).click();
  const preferences = page.locator('[data-kakor="preferences"]');
  await preferences.waitFor();
  assert.equal(await preferences.isVisible(), true);
  await page.keyboard.press("Escape");
  await preferences.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement === window.button), true, "focus is back on the button");
  // Saving in the preferences rewrites the state, and leaves the button in place.
  await page.locator(BUTTON).click();
  await page.locator('[data-kakor="preferences"] [data-category="marketing"]').check();
  await page.locator('[data-kakor="preferences"] [data-action="save"]').click();
  await preferences.waitFor({ state: "hidden" });
  await page.locator(`${ELEMENT} .kakor-declaration-status dd`, { hasText: /Marknadsföring/ }).waitFor();
  assert.equal(await page.evaluate(() => window.button.isConnected), true, "the same button");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("markup in the catalogue's texts shows as text: no element is injected", async () => {
  const attack = `<img src=x onerror="window.injected=1"><b>bold</b>`;
  const catalogue = catalogueOf("swedish-saas");
  catalogue.site.name = attack;
  for (const category of catalogue.categories) category.description.sv = attack;
  for (const service of catalogue.services) {
    service.name = `${service.name} ${attack}`;
    service.provider = attack;
    service.description.sv = attack;
    service.data_location.sv = attack;
    for (const cookie of service.cookies) cookie.purpose.sv = attack;
  }
  site.servePage(
    "/declaration/hostile.html",
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Integritet</title><link rel="icon" href="data:,">
<script src="/dist/kakor-declaration.js" data-catalogue="/declaration/hostile.json"></script></head>
<body><main><h1>Integritet</h1><div data-kakor-declaration></div></main></body></html>`,
  );
  const page = await site.page();
  await page.route("**/declaration/hostile.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify(catalogue) }),
  );
  await page.goto(site.url("/declaration/hostile.html"));
  await page.locator(`${ELEMENT} .kakor-declaration`).waitFor();
  await page.locator('[data-kakor="banner"] [data-action="accept-all"]').click();
  await facts(page);
  assert.equal(await page.locator(`${ELEMENT} img, ${ELEMENT} b`).count(), 0);
  const text = await page.locator(ELEMENT).textContent();
  assert.ok(text.includes(`webbläsare. ${attack} använder även`), text);
  assert.ok(text.includes(`HubSpot ${attack}`), text);
  assert.equal(await page.evaluate(() => window.injected), undefined);
  await page.context().close();
});

test("kakor's own names declared outside necessary: the element keeps its text and the console names the place", async () => {
  const catalogue = catalogueOf("swedish-saas");
  const marketing = catalogue.services.findIndex((s) => s.category === "marketing");
  catalogue.services[marketing].cookies.push({ name: "kakor.proofs", purpose: { sv: "Bevis.", en: "Proofs." }, duration: "1 year", party: "first" });
  site.servePage(
    "/declaration/own.html",
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Integritet</title><link rel="icon" href="data:,">
<script src="/dist/kakor-declaration.js" data-catalogue="/declaration/own.json"></script></head>
<body><main><h1>Integritet</h1><div data-kakor-declaration><p>Förklaringen saknas.</p></div></main></body></html>`,
  );
  const page = await site.page();
  const place = `services[${marketing}].cookies[${catalogue.services[marketing].cookies.length - 1}].name`;
  const warned = page.waitForEvent("console", {
    predicate: (message) => message.type() === "warning" && message.text().includes(place),
  });
  await page.route("**/declaration/own.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify(catalogue) }),
  );
  await page.goto(site.url("/declaration/own.html"));
  assert.match((await warned).text(), /^kakor: no cookie declaration: services\[\d+\]\.cookies\[\d+\]\.name: `kakor\.proofs` is kakor's own/);
  // The element is handled in the task that shows the banner; the banner works.
  await page.locator('[data-kakor="banner"]').waitFor();
  assert.equal(await page.locator(ELEMENT).innerHTML(), "<p>Förklaringen saknas.</p>");
  await page.context().close();
});

/** A policy page served with this Trusted Types `directive`. */
async function trustedTypesPage(path, directive) {
  site.servePage(
    path,
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Integritet</title><link rel="icon" href="data:,">
<script src="/dist/kakor-declaration.js" data-catalogue="/examples/swedish-saas/catalogue.json"></script></head>
<body><main><h1>Integritet</h1><div data-kakor-declaration><p>Förklaringen visas här.</p></div></main></body></html>`,
    { "Content-Security-Policy": `require-trusted-types-for 'script'; ${directive}` },
  );
  const page = await site.page();
  await page.goto(site.url(path));
  return page;
}

test("under Trusted Types the element is filled through the policy `kakor` the page allows", async () => {
  const page = await trustedTypesPage("/declaration/tt-allowed.html", "trusted-types kakor");
  await page.locator(`${ELEMENT} .kakor-declaration`).waitFor();
  await page.locator('[data-kakor="banner"] [data-action="accept-all"]').click();
  await facts(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("under Trusted Types without the policy `kakor` the element keeps its text, the console says why, the banner works", async () => {
  const page = await trustedTypesPage("/declaration/tt-refused.html", "trusted-types other");
  const warned = page.waitForEvent("console", {
    predicate: (message) => message.type() === "warning" && message.text().includes("does not allow the policy `kakor`"),
  });
  await page.locator('[data-kakor="banner"] [data-action="accept-all"]').click();
  await warned;
  assert.equal((await page.evaluate(() => kakor.get())).method, "accept-all");
  assert.equal(await page.locator(ELEMENT).innerHTML(), "<p>Förklaringen visas här.</p>");
  await page.context().close();
});

test("a page without the element is left as it was", async () => {
  const body = `<main><h1>Hem</h1><p id="own">Sidans eget innehåll.</p></main>`;
  site.servePage(
    "/declaration/none.html",
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Hem</title><link rel="icon" href="data:,">
<script src="/dist/kakor-declaration.js" data-catalogue="/examples/swedish-saas/catalogue.json"></script></head>
<body>${body}</body></html>`,
  );
  const page = await site.page();
  await page.goto(site.url("/declaration/none.html"));
  await page.locator('[data-kakor="banner"] [data-action="accept-all"]').click();
  await page.locator('[data-kakor="banner"]').waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.querySelector("main").outerHTML), body);
  assert.equal(await page.locator('[class^="kakor-declaration"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // The site's other pages load the banner without the declaration.
  const plain = await site.page();
  await plain.goto(site.url("/examples/swedish-saas/"));
  await plain.evaluate(() => kakor.ready);
  assert.ok(plain.requests.includes("/dist/kakor_bg.wasm"), plain.requests.join(", "));
  assert.ok(!plain.requests.some((path) => path.includes("declaration")), plain.requests.join(", "));
  await plain.context().close();
});

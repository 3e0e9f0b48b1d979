// kakor fails closed and leaks nothing when things go wrong (docs/contract.md): a
// strict CSP, hostile catalogue text, a mis-set tag, kakor twice or a page
// that already has window.kakor, and a module that is late, mistyped or broken.
import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, runs } from "./harness.mjs";

const site = harness();
const banner = '[data-kakor="banner"]';
const PAGE = (tag, body = "") => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
${tag}<script src="/js/demo.js"></script></head><body><output id="consent"></output><button id="accept"></button><button id="reject"></button>
<script type="text/plain" data-category="statistics">window.demo.ran("statistics");</script>${body}</body></html>`;

test("the demo works fully under a strict CSP, with no violation", async () => {
  const page = await site.page();
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(site.url("/strict/"));
  assert.match(response.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval' 'nonce-[A-Za-z0-9+/=]{24}'; style-src 'self'/);
  await page.locator(banner).waitFor();
  const looks = await page.locator('[data-action="accept-all"]').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(looks, "rgb(27, 27, 31)", "the banner's styles apply");
  await page.locator('[data-action="preferences"]').click();
  await page.locator('[data-kakor="preferences"] summary').first().click();
  await page.locator('[data-kakor="preferences"] [data-action="accept-all"]').click();
  await page.locator("#status-marketing", { hasText: "ran" }).waitFor();
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  await page.reload();
  await page.locator("#status-marketing", { hasText: "ran" }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

const PAYLOADS = [
  `<img src=x onerror="window.pwned='img'">`,
  `"><script>window.pwned='script'</script>`,
  `<svg onload="window.pwned='svg'">`,
  `{site}<style>*{display:none}</style>`,
];

test("catalogue text full of markup renders as text, and none of it runs", async () => {
  const page = await site.page();
  const catalogue = await (await fetch(site.url("/examples/construction-tech/catalogue.json"))).json();
  let i = 0;
  const poison = (value) => `${PAYLOADS[i++ % PAYLOADS.length]} ${value}`;
  catalogue.site.name = poison(catalogue.site.name);
  for (const category of catalogue.categories) {
    category.title.en = poison(category.title.en);
    category.description.en = poison(category.description.en);
  }
  for (const service of catalogue.services) {
    service.name = poison(service.name);
    service.provider = poison(service.provider);
    service.description.en = poison(service.description.en);
    service.data_location.en = poison(service.data_location.en);
    for (const cookie of service.cookies) cookie.purpose.en = poison(cookie.purpose.en);
  }
  catalogue.texts = { title: { en: poison("Cookies") }, accept_all: { en: poison("Accept all") } };
  await page.route("**/poisoned.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(catalogue) }));
  site.servePage("/poisoned.html", PAGE('<script src="/dist/kakor.js" data-catalogue="/poisoned.json"></script>',
    '<iframe data-category="marketing" data-service="youtube" data-src="/embed.html"></iframe>'));
  await page.goto(site.url("/poisoned.html"));
  await page.locator(banner).waitFor();
  assert.match(await page.locator("#kakor-title").textContent(), /^<img src=x onerror=/);
  await page.locator('[data-action="preferences"]').click();
  await page.locator('[data-kakor="preferences"] summary').evaluateAll((all) => all.forEach((s) => s.click()));
  // Every opened section has its services' facts filled in.
  await page.waitForFunction(() =>
    [...document.getElementById("kakor").shadowRoot.querySelectorAll("[data-facts-of]")].every((b) => b.childElementCount > 0),
  );
  await page.frameLocator("iframe").locator('[data-kakor="placeholder"]').waitFor();
  const inside = await page.evaluate(() => {
    const roots = [document.getElementById("kakor").shadowRoot, document.querySelector("iframe").contentDocument];
    return roots.flatMap((root) => [...root.querySelectorAll("img, svg, script, style")].map((e) => e.tagName));
  });
  assert.deepEqual(inside, [], "markup from the catalogue became elements");
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(await runs(page), {});
  await page.context().close();
});

test("a tag given async or defer by mistake warns and still gates", async () => {
  for (const attribute of ["async", "defer"]) {
    const page = await site.page();
    const warnings = [];
    page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    site.servePage(`/${attribute}.html`, PAGE(`<script src="/dist/kakor.js" ${attribute}></script>`));
    await page.goto(site.url(`/${attribute}.html`));
    await page.locator(banner).waitFor();
    assert.deepEqual(await runs(page), {}, attribute);
    assert.ok(warnings.some((w) => w.includes("without async or defer")), warnings.join("\n"));
    await page.locator('[data-action="accept-all"]').click();
    await page.waitForFunction(() => window.demo.runs.statistics === 1);
    await page.context().close();
  }
});

test("kakor.js included twice runs once", async () => {
  const page = await site.page();
  site.servePage("/twice.html", PAGE('<script src="/dist/kakor.js"></script><script src="/dist/kakor.js"></script>'));
  await page.goto(site.url("/twice.html"));
  await page.locator(banner).waitFor();
  // The second copy stops in its own first lines, before the page goes on.
  assert.equal(await page.locator("#kakor").count(), 1);
  assert.ok(page.errors.some((e) => e.includes("kakor.js is on this page twice")), page.errors.join("\n"));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.demo.runs.statistics === 1);
  assert.deepEqual(await runs(page), { statistics: 1 });
  assert.equal((await page.evaluate(() => kakor.proofs())).length, 1);
  await page.context().close();
});

test("a page whose window.kakor is someone else's gets a warning, and kakor takes over", async () => {
  const page = await site.page();
  const warnings = [];
  page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  site.servePage("/taken.html", `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/js/taken.js"></script><script src="/dist/kakor.js"></script></head><body>
<script type="text/plain" data-category="statistics">window.ranStatistics = true;</script></body></html>`);
  await page.route("**/js/taken.js", (route) => route.fulfill({ contentType: "text/javascript", body: "window.kakor = { mine: true };" }));
  await page.goto(site.url("/taken.html"));
  await page.locator(banner).waitFor();
  assert.equal(await page.evaluate(() => window.kakor.mine), undefined);
  assert.ok(warnings.some((w) => w.includes("defined by another script")), warnings.join("\n"));
  assert.equal(await page.evaluate(() => window.ranStatistics), undefined);
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.ranStatistics === true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a module served with the wrong MIME type still works", async () => {
  const page = await site.page();
  await page.route("**/dist/kakor_bg.wasm", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-type": "application/octet-stream" } });
  });
  await page.goto(site.url());
  await page.locator('[data-action="accept-all"]').click();
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  await page.context().close();
});

test("a broken module keeps everything gated and throws nothing into the page", async () => {
  const page = await site.page();
  await page.route("**/dist/kakor_bg.wasm", (route) =>
    route.fulfill({ contentType: "application/wasm", body: Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff, 0xff]) }),
  );
  await page.goto(site.url());
  const ready = await page.evaluate(() => kakor.ready.then(() => "resolved", (e) => e.message));
  assert.match(ready, /^kakor: /);
  assert.equal(await page.evaluate(() => kakor.acceptAll().then(() => "resolved", () => "rejected")), "rejected");
  // show() after a failure is refused at once: nothing is left to happen.
  await page.evaluate(() => kakor.show());
  assert.deepEqual(await runs(page), {});
  assert.equal(await page.locator("#kakor").count(), 0);
  assert.deepEqual(await page.context().cookies(), []);
  assert.equal(page.errors.filter((e) => e.startsWith("kakor: ")).length, 1, page.errors.join("\n"));
  await page.context().close();
});

test("a module arriving long after the page loaded gates all the same", async () => {
  const page = await site.page();
  // The module is held back until the page has fully loaded and been checked.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/dist/kakor_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(site.url(), { waitUntil: "load" });
  assert.deepEqual(await runs(page), {});
  assert.equal(await page.locator("#kakor").count(), 0);
  release();
  await page.locator('[data-action="accept-all"]').click();
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  await page.context().close();
});

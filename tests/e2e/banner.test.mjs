// The banner a visitor meets: both layers, keyboard use, accessibility by
// axe-core, languages, isolation from the page's CSS, and the JS controls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { harness } from "./harness.mjs";

const site = harness();
const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core");
const banner = '[data-kakor="banner"]';
const preferences = '[data-kakor="preferences"]';

/** axe-core's WCAG 2.2 AA violations on the page, the shadow root included. */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** The element focused inside kakor's shadow root, described. */
const focused = (page) =>
  page.evaluate(() => {
    const active = document.getElementById("kakor")?.shadowRoot?.activeElement;
    if (!active) return null;
    return active.dataset.action ?? active.dataset.kakor ?? active.dataset.category ?? active.dataset.service ?? active.tagName;
  });

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no WCAG 2.2 AA violation on either layer (${scheme})`, async () => {
    const page = await site.page({ colorScheme: scheme });
    await page.goto(site.url());
    await page.locator(banner).waitFor();
    assert.deepEqual(await violations(page), []);
    await page.locator('[data-action="preferences"]').click();
    await page.locator(preferences).waitFor();
    // Open every section so its services and cookie tables are checked too.
    await page.locator(`${preferences} summary`).evaluateAll((all) => all.forEach((s) => s.click()));
    assert.deepEqual(await violations(page), []);
    const colours = await page.locator(preferences).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(colours, scheme === "dark" ? "rgb(29, 30, 34)" : "rgb(255, 255, 255)");
    await page.context().close();
  });
}

test("the whole flow works by keyboard alone, with focus kept in the preferences", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator(banner).waitFor();
  await page.waitForFunction(() => document.getElementById("kakor").shadowRoot.activeElement?.id === "kakor-title");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "A", "the privacy policy link comes first");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "reject-all");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "accept-all");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "preferences");
  await page.keyboard.press("Enter");
  await page.locator(preferences).waitFor();
  assert.equal(await focused(page), "H2", "focus moves into the preferences layer");
  assert.equal(await page.locator(`${preferences} h2`).evaluate((h2) => h2.matches(":focus")), true);

  // Tab and Shift+Tab never leave the modal layer.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    assert.notEqual(await focused(page), null, `focus left the layer after ${i + 1} tabs`);
  }
  await page.keyboard.press("Shift+Tab");
  assert.notEqual(await focused(page), null);

  // Escape closes it and gives focus back to the Preferences button.
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(preferences).count(), 0);
  assert.equal(await focused(page), "preferences");

  // Open again, switch statistics on with Space, save with Enter.
  await page.keyboard.press("Enter");
  await page.locator(preferences).waitFor();
  await page.locator('input[data-category="statistics"]').focus();
  await page.keyboard.press("Space");
  assert.equal(await page.locator('input[data-service="ga4"]').isChecked(), true, "services follow their category");
  await page.locator('[data-action="save"]').focus();
  await page.keyboard.press("Enter");
  await page.locator("#status-statistics", { hasText: "ran" }).waitFor();
  const consent = await page.evaluate(() => kakor.get());
  assert.equal(consent.method, "custom");
  assert.deepEqual(consent.categories, { necessary: true, preferences: false, statistics: true, marketing: false });
  assert.deepEqual(await page.evaluate(() => ({ ...demo.runs })), { statistics: 1 });
  assert.equal(await page.locator('[data-kakor="status"]').textContent(), "Your cookie choice is saved.");

  // The reopen control is reachable and opens the preferences as saved.
  await page.locator('[data-action="reopen"]').focus();
  await page.keyboard.press("Enter");
  await page.locator(preferences).waitFor();
  assert.equal(await page.locator('input[data-category="statistics"]').isChecked(), true);
  assert.equal(await page.locator('input[data-category="marketing"]').isChecked(), false);
  await page.context().close();
});

/** The focused element's outline, and whether it is inside `layer`. */
const ring = (page, layer) =>
  page.evaluate((selector) => {
    const root = document.getElementById("kakor").shadowRoot;
    const active = root.activeElement;
    const style = getComputedStyle(active);
    const outline = style.outlineStyle === "none" ? "none" : `${style.outlineStyle} ${style.outlineWidth}`;
    return { tag: active.tagName, inside: root.querySelector(selector).contains(active), outline };
  }, layer);

test("focus moves into the first layer without a ring around it; keyboard focus then shows", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator(banner).waitFor();
  await page.waitForFunction(() => document.getElementById("kakor").shadowRoot.activeElement !== null);
  assert.deepEqual(await ring(page, banner), { tag: "H2", inside: true, outline: "none" });
  assert.equal(await page.locator(banner).evaluate((layer) => getComputedStyle(layer).outlineStyle), "none");
  // The heading is no tab stop: Tab goes on to the controls, whose rings show.
  assert.equal(await page.locator(`${banner} h2`).getAttribute("tabindex"), "-1");
  for (const tag of ["A", "BUTTON"]) {
    await page.keyboard.press("Tab");
    assert.deepEqual(await ring(page, banner), { tag, inside: true, outline: "solid 3px" });
  }
  // The preferences layer opens the same way.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "preferences");
  await page.keyboard.press("Enter");
  await page.locator(preferences).waitFor();
  assert.deepEqual(await ring(page, preferences), { tag: "H2", inside: true, outline: "none" });
  assert.equal(await page.locator(preferences).evaluate((layer) => getComputedStyle(layer).outlineStyle), "none");
  await page.context().close();
});

test("the preferences layer has the stable hooks", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.evaluate(() => kakor.ready);
  await page.evaluate(() => kakor.showPreferences());
  const layer = page.locator(preferences);
  await layer.waitFor();
  assert.equal(await layer.getAttribute("role"), "dialog");
  assert.equal(await layer.getAttribute("aria-modal"), "true");
  const necessary = page.locator('input[type=checkbox][data-category="necessary"]');
  assert.equal(await necessary.isChecked(), true);
  assert.equal(await necessary.isDisabled(), true);
  for (const id of ["preferences", "statistics", "marketing"]) {
    assert.equal(await page.locator(`input[type=checkbox][data-category="${id}"]`).isChecked(), false, `${id} pre-ticked`);
  }
  // Every service has its switch in the DOM, inside collapsed sections too.
  const services = await page.locator("input[type=checkbox][data-service]").evaluateAll((all) => all.map((i) => i.dataset.service));
  assert.deepEqual(services.sort(), ["albacross", "ga-audiences", "ga4", "google-ads", "hubspot", "kakor", "linkedin-ads", "linkedin-insight", "meta-pixel", "youtube"]);
  assert.equal(await page.locator(`${preferences} details[open]`).count(), 0);

  // A category switch sets its services alike; each can then change alone.
  await page.locator('input[data-category="marketing"]').check();
  assert.equal(await page.locator('input[data-service="hubspot"]').isChecked(), true);
  await page.locator(`${preferences} details`).last().locator("summary").click();
  await page.locator('input[data-service="youtube"]').uncheck();
  await page.locator('[data-action="save"]').click();
  const consent = await page.evaluate(() => kakor.get());
  assert.equal(consent.categories.marketing, true);
  assert.equal(consent.services.youtube, false);
  assert.equal(consent.services.hubspot, true);
  assert.equal(await page.locator(preferences).count(), 0);

  // A service row shows its facts and its cookie table.
  await page.evaluate(() => kakor.showPreferences());
  const hubspot = page.locator(".service", { has: page.locator('input[data-service="hubspot"]') });
  assert.equal(await hubspot.locator("dd").count(), 0, "details render when their section opens");
  await page.locator(`${preferences} details`).last().locator("summary").click();
  // The section's details are built on its toggle event, which fires after the click.
  await hubspot.locator("dd").first().waitFor();
  const facts = await hubspot.locator("dd").allTextContents();
  assert.deepEqual(facts, ["HubSpot, Inc.", "USA", "EU–US Data Privacy Framework"]);
  const rows = await hubspot.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(rows[0], ["__hstc", rows[0][1], "13 months", "This site"]);
  assert.equal(await hubspot.locator("a").getAttribute("href"), "https://legal.hubspot.com/privacy-policy");
  await page.context().close();
});

test("show(), showPreferences() and hide() open and close the layers", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator(banner).waitFor();
  await page.evaluate(() => kakor.hide());
  assert.equal(await page.locator(banner).count(), 0);
  assert.equal(await page.locator('[data-action="reopen"]').count(), 0, "no reopen control before a choice");
  await page.evaluate(() => kakor.show());
  await page.locator(banner).waitFor();
  await page.locator('[data-action="reject-all"]').click();
  assert.equal(await page.locator(banner).count(), 0);
  await page.locator('[data-action="reopen"]').waitFor();
  await page.evaluate(() => kakor.showPreferences());
  await page.locator(preferences).waitFor();
  await page.evaluate(() => kakor.hide());
  assert.equal(await page.locator(preferences).count(), 0);
  await page.locator('[data-action="reopen"]').waitFor();
  await page.context().close();
});

for (const width of [1280, 375]) {
  test(`Accept all and Reject all are equal in size and weight at ${width} px`, async () => {
    const page = await site.page({ viewport: { width, height: 800 } });
    await page.goto(site.url());
    await page.locator(banner).waitFor();
    for (const layer of [banner, preferences]) {
      if (layer === preferences) await page.locator('[data-action="preferences"]').click();
      const box = async (action) => page.locator(`${layer} [data-action="${action}"]`).boundingBox();
      const style = (action) =>
        page.locator(`${layer} [data-action="${action}"]`).evaluate((el) => {
          const s = getComputedStyle(el);
          return [s.backgroundColor, s.color, s.fontWeight, s.fontSize, s.borderColor].join();
        });
      const [accept, reject] = [await box("accept-all"), await box("reject-all")];
      assert.equal(Math.round(accept.width), Math.round(reject.width), layer);
      assert.equal(Math.round(accept.height), Math.round(reject.height), layer);
      assert.ok(accept.height >= 24 && accept.width >= 24);
      assert.equal(await style("accept-all"), await style("reject-all"), layer);
      const horizontal = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
      assert.ok(horizontal, "the page scrolls sideways");
    }
    await page.context().close();
  });
}

const HOSTILE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js"></script>
<style>
  * { font-size: 3px !important; color: transparent !important; }
  div, section { display: none !important; opacity: 0 !important; transform: scale(0.01) !important; }
  #kakor { visibility: hidden !important; position: absolute !important; left: -9999px !important; filter: blur(20px) !important; }
  button { background: hotpink !important; }
  body > * { pointer-events: none !important; }
</style></head>
<body><h2 class="probe">Page heading</h2><button class="primary probe-button">Page button</button>
<script type="text/plain" data-category="statistics">window.ranStatistics = true;</script></body></html>`;

test("a hostile page stylesheet can neither hide nor distort the banner, and nothing leaks out", async () => {
  const page = await site.page();
  await page.route("**/hostile.html", (route) => route.fulfill({ contentType: "text/html", body: HOSTILE }));
  await page.goto(site.url("/hostile.html"));
  const accept = page.locator('[data-action="accept-all"]');
  await accept.waitFor({ state: "visible" });
  const box = await accept.boundingBox();
  assert.ok(box.width > 100 && box.height >= 40, JSON.stringify(box));
  const looks = await accept.evaluate((el) => {
    const s = getComputedStyle(el);
    return { size: s.fontSize, colour: s.color, background: s.backgroundColor };
  });
  assert.deepEqual(looks, { size: "16px", colour: "rgb(255, 255, 255)", background: "rgb(27, 27, 31)" });
  await accept.click();
  await page.waitForFunction(() => window.ranStatistics === true);
  // kakor's styles stay in its shadow root: the page's own look is its own.
  const probe = await page.locator(".probe-button").evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(probe, "rgb(255, 105, 180)");
  await page.context().close();
});

const WORDS = {
  en: ["Accept all", "Reject all"],
  sv: ["Godkänn alla", "Avvisa alla"],
  nb: ["Godta alle", "Avvis alle"],
  da: ["Accepter alle", "Afvis alle"],
  fi: ["Hyväksy kaikki", "Hylkää kaikki"],
  de: ["Alle akzeptieren", "Alle ablehnen"],
};

function everyLanguage() {
  const all = (text) => Object.fromEntries(Object.keys(WORDS).map((lang) => [lang, `${text} (${lang})`]));
  return {
    site: { name: "Polyglot Oy", policy_url: "https://polyglot.example/privacy", languages: Object.keys(WORDS) },
    categories: [{ id: "necessary", title: all("Necessary"), description: all("Needed") }],
  };
}

test("every language renders its own words, chosen by data-lang, <html lang> or the browser", async () => {
  const seen = {};
  for (const lang of Object.keys(WORDS)) {
    const page = await site.page();
    await page.route("**/polyglot.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(everyLanguage()) }));
    await page.route("**/polyglot.html", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/polyglot.json" data-lang="${lang}"></script></head><body></body></html>`,
      }),
    );
    await page.goto(site.url("/polyglot.html"));
    await page.locator(banner).waitFor();
    const words = [await page.locator('[data-action="accept-all"]').textContent(), await page.locator('[data-action="reject-all"]').textContent()];
    assert.deepEqual(words, WORDS[lang], lang);
    assert.equal(await page.locator("#kakor").getAttribute("lang"), lang);
    seen[lang] = [await page.locator("#kakor-title").textContent(), await page.locator('[data-action="preferences"]').textContent()];
    await page.context().close();
  }
  const titles = Object.values(seen).map(([title]) => title);
  assert.equal(new Set(titles).size, titles.length, "two languages share a title: " + titles.join(" | "));
  const buttons = Object.values(seen).map(([, button]) => button);
  assert.equal(new Set(buttons).size, buttons.length, "two languages share a Preferences button: " + buttons.join(" | "));

  // Without data-lang: <html lang>, then the browser's languages.
  const page = await site.page({ locale: "fi-FI" });
  await page.route("**/polyglot.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(everyLanguage()) }));
  await page.route("**/page-*.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html${route.request().url().includes("page-de") ? ' lang="de-AT"' : ""}><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/polyglot.json"></script></head><body></body></html>`,
    }),
  );
  await page.goto(site.url("/page-de.html"));
  assert.equal(await page.locator('[data-action="accept-all"]').textContent(), WORDS.de[0]);
  await page.goto(site.url("/page-none.html"));
  assert.equal(await page.locator('[data-action="accept-all"]').textContent(), WORDS.fi[0]);
  await page.context().close();
});

test("the site owner's own wording replaces kakor's", async () => {
  const page = await site.page();
  const catalogue = everyLanguage();
  catalogue.texts = { accept_all: { sv: "Acceptera alla" }, title: { sv: "Kakor hos Polyglot" } };
  await page.route("**/owned.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(catalogue) }));
  await page.route("**/owned.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="sv"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/owned.json"></script></head><body></body></html>`,
    }),
  );
  await page.goto(site.url("/owned.html"));
  assert.equal(await page.locator('[data-action="accept-all"]').textContent(), "Acceptera alla");
  assert.equal(await page.locator('[data-action="reject-all"]').textContent(), "Avvisa alla");
  assert.equal(await page.locator("#kakor-title").textContent(), "Kakor hos Polyglot");
  await page.context().close();
});

test("the banner causes no layout shift and paints with the module's start", async () => {
  const page = await site.page();
  await page.addInitScript(() => {
    window.shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(site.url());
  await page.locator(banner).waitFor();
  // Two frames painted with the banner: any shift it caused is reported.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  assert.equal(await page.evaluate(() => window.shifts), 0);
  await page.context().close();
});

// 320 px is the narrowest phone; 640×400 is a 1280×800 window at 200 % zoom.
for (const [width, height] of [[320, 568], [640, 400]]) {
  test(`at ${width}×${height} (narrow phone, 200 % zoom) nothing is cut off`, async () => {
    const page = await site.page({ viewport: { width, height } });
    await page.goto(site.url());
    await page.locator(banner).waitFor();
    const inside = (selector) =>
      page.locator(selector).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
      });
    assert.ok(await inside(banner), "first layer outside the window");
    for (const action of ["reject-all", "accept-all", "preferences"]) {
      await page.locator(`${banner} [data-action="${action}"]`).scrollIntoViewIfNeeded();
      assert.ok(await inside(`${banner} [data-action="${action}"]`), action);
    }
    await page.locator('[data-action="preferences"]').click();
    assert.ok(await inside(preferences), "preferences outside the window");
    for (const action of ["reject-all", "accept-all", "save", "close"]) {
      assert.ok(await inside(`${preferences} [data-action="${action}"]`), action);
    }
    // The last service's switch can be scrolled to and used.
    await page.locator(`${preferences} details`).last().locator("summary").click();
    const last = page.locator("input[data-service]").last();
    await last.scrollIntoViewIfNeeded();
    await last.check();
    assert.equal(await last.isChecked(), true);
    await page.context().close();
  });
}

test("the preferences declare kakor's own cookie and storage under necessary, with the current decision's lifetime", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.evaluate(() => kakor.ready);
  await page.evaluate(() => kakor.showPreferences());
  const necessary = page.locator(`${preferences} section.category`, { has: page.locator('input[data-category="necessary"]') });
  const own = () => necessary.locator("p", { hasText: "local storage" }).textContent();
  assert.equal(
    await own(),
    "Your choice is kept in the cookie kakor for 365 days, and a record of your choices in this browser's local storage (kakor.proofs, kakor.decision) until you delete it.",
  );
  await page.locator(`${preferences} [data-action="reject-all"]`).click();
  assert.equal(await page.evaluate(() => kakor.get().source), "preferences", "a choice in the preferences names them");
  await page.evaluate(() => kakor.showPreferences());
  assert.match(await own(), /cookie kakor for 365 days/);
  await page.context().close();
});

// Gating in full and the developer API (docs/contract.md): failed and
// module scripts, nonces under a CSP, elements added later, iframes with
// their placeholder, images and stylesheets, events, Google Consent Mode, and
// decisions taken over from another tab.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { harness } from "./harness.mjs";

const site = harness();
const banner = '[data-kakor="banner"]';
const head = (extra = "") =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js"${extra}></script>`;

test("a failed external script does not stall the chain; data-type and nonce are carried over; a script without the nonce is skipped", async () => {
  const page = await site.page();
  const csp = "default-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval' 'nonce-r4nd0m'; style-src 'self'";
  await page.route("**/chain.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      headers: { "content-security-policy": csp },
      body: `${head(' nonce="r4nd0m"')}</head><body>
<script type="text/plain" data-category="statistics" src="/js/missing.js" nonce="r4nd0m"></script>
<script type="text/plain" data-category="statistics" nonce="r4nd0m">window.order = (window.order || []).concat("inline");</script>
<script type="text/plain" data-category="statistics" data-type="module" nonce="r4nd0m">window.order = (window.order || []).concat(typeof import.meta === "object" ? "module" : "classic");</script>
<script type="text/plain" data-category="statistics">window.order = (window.order || []).concat("no-nonce");</script>
</body></html>`,
    }),
  );
  const violations = [];
  const skipped = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
  page.on("console", (m) => m.type() === "warning" && m.text().includes("without the nonce") && skipped.push(m.text()));
  await page.goto(site.url("/chain.html"));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => (window.order || []).length >= 2);
  // The last script in the queue is the one without the nonce: once it is
  // reported skipped, the chain is done.
  while (skipped.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await page.evaluate(() => window.order), ["inline", "module"]);
  const live = await page.evaluate(() => [...document.scripts].filter((s) => !s.type || s.type === "module").map((s) => [s.type, s.nonce]));
  assert.ok(live.some(([type, nonce]) => type === "module" && nonce === "r4nd0m"), JSON.stringify(live));
  assert.deepEqual(violations, [], "kakor never creates a script the policy refuses");
  await page.context().close();
});

test("elements added after start are gated the same way; a script that ran does not run again", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.evaluate(() => kakor.ready);
  // Mutation observers are told in the order they were made: once this
  // one, made after kakor's, has seen the addition, kakor has handled it.
  const add = (code) =>
    page.evaluate(
      (code) =>
        new Promise((resolve) => {
          const seen = new MutationObserver(() => {
            seen.disconnect();
            resolve();
          });
          seen.observe(document.body, { childList: true });
          const script = document.createElement("script");
          script.type = "text/plain";
          script.dataset.category = "statistics";
          script.textContent = code;
          document.body.append(script);
        }),
      code,
    );
  await add("window.late = (window.late || 0) + 1;");
  assert.equal(await page.evaluate(() => window.late), undefined, "ran before a decision");
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.late === 1);
  await add("window.late += 10;");
  await page.waitForFunction(() => window.late === 11);
  // The same script again, as a framework re-rendering it would add it.
  await add("window.late = (window.late || 0) + 1;");
  await add("window.late += 100;");
  await page.waitForFunction(() => window.late === 111);
  await page.context().close();
});

const MEDIA = `${head()}</head><body>
<iframe data-category="marketing" data-service="youtube" data-src="/embed.html" width="560" height="315" title="Product video"></iframe>
<img data-category="statistics" data-src="/pixel.png" alt="">
<link rel="stylesheet" data-category="preferences" data-href="/theme.css">
</body></html>`;

test("a gated iframe shows a placeholder whose button allows that service alone", async () => {
  const page = await site.page();
  site.servePage("/media.html", MEDIA);
  await page.route("**/embed.html", (route) => route.fulfill({ contentType: "text/html", body: "<p>video</p>" }));
  await page.goto(site.url("/media.html"));
  await page.evaluate(() => kakor.set({ categories: { statistics: true }, services: { ga4: false } }));
  // Drawn inside the iframe's own empty document: the page's tree is untouched.
  const placeholder = page.frameLocator("iframe").locator('[data-kakor="placeholder"]');
  await placeholder.waitFor();
  const lines = await placeholder.locator("p").allTextContents();
  assert.match(lines[0], /^YouTube is off until you allow it\. It would store: VISITOR_INFO1_LIVE, YSC/);
  assert.match(lines[1], /^Provider: Google Ireland Limited · /);
  const policy = placeholder.locator("a");
  assert.match(await policy.getAttribute("href"), /^https:\/\/policies\.google\.com\//);
  assert.equal(await policy.getAttribute("rel"), "noopener noreferrer");
  assert.equal(await page.locator("iframe").getAttribute("src"), null);
  const box = await placeholder.boundingBox();
  assert.ok(Math.abs(box.width - 560) < 1 && Math.abs(box.height - 315) < 1, JSON.stringify(box));
  assert.ok(!page.requests.includes("/embed.html"));

  await placeholder.getByRole("button", { name: "Allow YouTube" }).click();
  await page.waitForFunction(() => document.querySelector("iframe").getAttribute("src") === "/embed.html");
  await page.frameLocator("iframe").getByText("video").waitFor();
  assert.equal(await page.locator("iframe").isVisible(), true);
  const consent = await page.evaluate(() => kakor.get());
  assert.equal(consent.services.youtube, true);
  assert.equal(consent.categories.marketing, false, "the category stays off");
  assert.equal(consent.services.ga4, false, "other services stay as they were");
  assert.equal(consent.categories.statistics, true);
  const proofs = await page.evaluate(() => kakor.proofs());
  assert.deepEqual(proofs.map((p) => p.method), ["custom", "custom"]);
  assert.deepEqual(proofs.map((p) => p.source), ["api", "placeholder"], "the placeholder's button is named as the source");
  await page.context().close();
});

test("the placeholder's words can be the owner's own", async () => {
  const page = await site.page();
  const catalogue = JSON.parse(await readFile(new URL("../../www/examples/swedish-saas/catalogue.json", import.meta.url)));
  catalogue.texts = {
    ...catalogue.texts,
    blocked: { sv: "{name} är avstängd tills du tillåter den." },
    allow: { sv: "Visa {name}" },
  };
  await page.route("**/own-words.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(catalogue) }));
  const hubspot = catalogue.services.find((s) => s.id === "hubspot");
  site.servePage(
    "/own-words.html",
    `${head(' data-catalogue="/own-words.json" data-lang="sv"')}</head><body>
<iframe data-category="${hubspot.category}" data-service="hubspot" data-src="/embed.html" title="Video"></iframe></body></html>`,
  );
  await page.goto(site.url("/own-words.html"));
  const placeholder = page.frameLocator("iframe").locator('[data-kakor="placeholder"]');
  await placeholder.waitFor();
  assert.equal(await placeholder.locator("p").first().textContent(), `${hubspot.name} är avstängd tills du tillåter den.`);
  assert.equal(await placeholder.locator("button").textContent(), `Visa ${hubspot.name}`);
  await page.context().close();
});

test("images and stylesheets load only once allowed", async () => {
  const page = await site.page();
  site.servePage("/media.html", MEDIA);
  await page.route("**/{pixel.png,theme.css}", (route) => route.fulfill({ status: 204, body: "" }));
  await page.goto(site.url("/media.html"));
  await page.locator(banner).waitFor();
  assert.ok(!page.requests.includes("/pixel.png") && !page.requests.includes("/theme.css"));
  await page.evaluate(() => kakor.set({ categories: { statistics: true } }));
  // The image loaded: the pass that gave it its src is over.
  await page.waitForFunction(() => document.querySelector("img").complete && document.querySelector("img").getAttribute("src") === "/pixel.png");
  assert.ok(page.requests.includes("/pixel.png"));
  assert.ok(!page.requests.includes("/theme.css"));
  assert.equal(await page.locator("link[data-href]").getAttribute("href"), null);
  await page.evaluate(() => kakor.set({ categories: { preferences: true } }));
  await page.waitForFunction(() => document.querySelector("link[rel=stylesheet]").getAttribute("href") === "/theme.css");
  await page.context().close();
});

test("events reach kakor.on listeners and window, in order, with the consent", async () => {
  const page = await site.page();
  await page.addInitScript(() => {
    window.heard = [];
    for (const name of ["ready", "change", "show", "hide"]) {
      addEventListener(`kakor:${name}`, (event) => heard.push(`window:${name}:${event.detail ? event.detail.method : null}`));
    }
    // kakor.js defines window.kakor when it runs; listen as early as a page can.
    Object.defineProperty(window, "kakor", {
      configurable: true,
      set(value) {
        Object.defineProperty(window, "kakor", { value, writable: true, configurable: true });
        value.on("ready", (consent) => heard.push(`on:ready:${consent} has:${value.has("necessary")}`));
        value.on("change", (consent) => heard.push(`on:change:${consent && consent.method}`));
      },
    });
  });
  await page.goto(site.url());
  await page.locator(banner).waitFor();
  await page.locator('[data-action="reject-all"]').click();
  const thrower = await page.evaluate(() => {
    const bad = () => { throw new Error("listener bug"); };
    kakor.on("change", bad);
    return kakor.set({ categories: { preferences: true } }).then(() => kakor.off("change", bad));
  });
  assert.equal(thrower, undefined);
  await page.evaluate(() => kakor.showPreferences());
  await page.evaluate(() => kakor.hide());
  const unknown = await page.evaluate(() => { try { kakor.on("click", () => {}); return "accepted"; } catch (e) { return e.message; } });
  assert.match(unknown, /unknown event "click"/);
  assert.deepEqual(await page.evaluate(() => window.heard), [
    "on:ready:null has:true",
    "window:ready:null",
    "window:show:null",
    "on:change:reject-all",
    "window:change:reject-all",
    "window:hide:reject-all",
    "on:change:custom",
    "window:change:custom",
    "window:show:custom",
    "window:hide:custom",
  ]);
  assert.ok(page.errors.some((e) => e.includes("a `change` listener threw")), page.errors.join("\n"));
  await page.context().close();
});

/** The page's dataLayer as plain arrays: what gtag.js would read. */
const dataLayer = (page) => page.evaluate(() => window.dataLayer.map((entry) => JSON.parse(JSON.stringify([...entry]))));
const DEFAULT = [
  ["consent", "default", {
    ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied",
    functionality_storage: "denied", personalization_storage: "denied", security_storage: "granted", wait_for_update: 500,
  }],
  ["set", "ads_data_redaction", true],
];
const update = (statistics, marketing, preferences) => [
  ["consent", "update", {
    ad_storage: marketing, ad_user_data: marketing, ad_personalization: marketing, analytics_storage: statistics,
    functionality_storage: preferences, personalization_storage: preferences,
  }],
  ["set", "ads_data_redaction", marketing === "denied"],
];

test("Consent Mode: the default goes out before any other script, an update on every change and on return", async () => {
  const page = await site.page();
  site.servePage("/tags.html", `${head()}
<script src="/js/record-datalayer.js"></script></head><body></body></html>`);
  await page.route("**/js/record-datalayer.js", (route) =>
    route.fulfill({ contentType: "text/javascript", body: "window.atFirstScript = JSON.parse(JSON.stringify(window.dataLayer.map((e) => [...e])));" }),
  );
  await page.goto(site.url("/tags.html"));
  assert.deepEqual(await page.evaluate(() => window.atFirstScript), DEFAULT);
  await page.evaluate(() => kakor.set({ categories: { statistics: true } }));
  await page.evaluate(() => kakor.acceptAll());
  assert.deepEqual(await dataLayer(page), [
    ...DEFAULT,
    ...update("granted", "denied", "denied"),
    ...update("granted", "granted", "granted"),
  ]);
  assert.ok(await page.evaluate(() => Object.prototype.toString.call(window.dataLayer[0]) === "[object Arguments]"), "gtag.js reads arguments objects");
  // Google Tag Manager runs tags inside dataLayer.push; they may ask kakor.
  const seen = await page.evaluate(async () => {
    const seen = [];
    const push = window.dataLayer.push;
    window.dataLayer.push = function (...entries) {
      seen.push(kakor.has("preferences"));
      return push.apply(this, entries);
    };
    await kakor.set({ categories: { preferences: false } });
    await kakor.set({ categories: { preferences: true } });
    window.dataLayer.push = push;
    return seen;
  });
  assert.deepEqual(seen, [false, false, true, true]);
  await page.reload();
  await page.evaluate(() => kakor.ready);
  assert.deepEqual(await dataLayer(page), [...DEFAULT, ...update("granted", "granted", "granted")]);
  await page.context().close();
});

test("Consent Mode from a runtime catalogue: regions, url_passthrough and a remapped signal", async () => {
  const page = await site.page();
  const catalogue = await (await fetch(site.url("/examples/fintech/catalogue.json"))).json();
  catalogue.consent_mode = { regions: ["SE", "NO"], url_passthrough: true, signals: { ad_user_data: "statistics" } };
  await page.route("**/cm.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(catalogue) }));
  site.servePage("/cm.html", `${head(' data-catalogue="/cm.json"')}</head><body>
<script type="text/plain" data-category="statistics">window.gatedSaw = window.dataLayer.length;</script></body></html>`);
  await page.goto(site.url("/cm.html"));
  await page.evaluate(() => kakor.ready);
  const layer = await dataLayer(page);
  assert.deepEqual(layer[0], ["consent", "default", { ...DEFAULT[0][2], region: ["SE", "NO"] }]);
  assert.deepEqual(layer.slice(1), [["set", "ads_data_redaction", true], ["set", "url_passthrough", true]]);
  await page.evaluate(() => kakor.set({ categories: { statistics: true } }));
  const last = (await dataLayer(page)).at(-2);
  assert.equal(last[2].ad_user_data, "granted");
  assert.equal(last[2].ad_storage, "denied");
  assert.equal(await page.evaluate(() => window.gatedSaw), 5, "the gated script ran after the default and the update");
  await page.context().close();
});

test("a decision in one tab shows in the site's other open tabs, gating included", async () => {
  const first = await site.page();
  await first.goto(site.url());
  await first.locator(banner).waitFor();
  const second = await first.context().newPage();
  await second.goto(site.url());
  await second.locator(banner).waitFor();
  await second.evaluate(() => kakor.on("change", (c) => (window.changedTo = c.method)));

  await first.locator('[data-action="accept-all"]').click();
  await second.locator("#status-statistics", { hasText: "ran" }).waitFor();
  await second.locator("#status-marketing", { hasText: "ran" }).waitFor();
  assert.equal(await second.locator(banner).count(), 0);
  assert.equal(await second.evaluate(() => window.changedTo), "accept-all");
  const { source, ...followed } = await second.evaluate(() => kakor.get());
  const { source: clicked, ...decided } = await first.evaluate(() => kakor.get());
  assert.deepEqual(followed, decided);
  assert.deepEqual([source, clicked], ["other-tab", "first-layer"], "the following tab names the other tab");
  assert.deepEqual(await second.evaluate(() => kakor.proofs().map((p) => p.source)), ["first-layer"], "no new proof");

  // Refusing in the second tab reloads the first, where those scripts ran.
  // Later, not inside evaluate: the second tab reloads itself too.
  const reloaded = first.waitForEvent("load");
  await second.evaluate(() => setTimeout(() => kakor.set({ categories: { marketing: false } })));
  await reloaded;
  await first.evaluate(() => kakor.ready);
  assert.equal(await first.evaluate(() => kakor.get().categories.marketing), false);
  // ready resolves before the external statistics script has loaded and run.
  await first.locator("#status-statistics", { hasText: "ran" }).waitFor();
  assert.deepEqual(await first.evaluate(() => ({ ...demo.runs })), { statistics: 1 });
  await first.context().close();
});

test("a withdrawal in one tab reloads another where gated scripts ran", async () => {
  const first = await site.page();
  await first.goto(site.url());
  await first.evaluate(() => kakor.acceptAll());
  const second = await first.context().newPage();
  await second.goto(site.url());
  await second.locator("#status-statistics", { hasText: "ran" }).waitFor();

  const reloaded = second.waitForEvent("load");
  // Later, not inside evaluate: the first tab reloads itself too.
  await first.evaluate(() => setTimeout(() => kakor.withdraw()));
  await reloaded;
  await second.locator(banner).waitFor();
  assert.equal(await second.evaluate(() => kakor.get()), null);
  assert.deepEqual(await second.evaluate(() => ({ ...demo.runs })), {});
  assert.equal(await second.evaluate(() => localStorage.getItem("kakor.decision")), null, "the signal leaves nothing stored");
  await first.context().close();
});

test("a withdrawal in one tab shows the banner in another where nothing ran", async () => {
  // Unlike the demo, this page has no fallback that a refusal would run.
  site.servePage("/quiet.html", `${head()}</head><body>
    <script type="text/plain" data-category="marketing">window.ran = true</script></body></html>`);
  const first = await site.page();
  await first.goto(site.url("/quiet.html"));
  await first.evaluate(() => kakor.rejectAll());
  const second = await first.context().newPage();
  await second.goto(site.url("/quiet.html"));
  await second.evaluate(() => kakor.ready);
  await second.evaluate(() => kakor.on("show", () => (window.shown = true)));
  await first.evaluate(() => kakor.withdraw());
  await second.locator(banner).waitFor();
  assert.equal(await second.evaluate(() => kakor.get()), null);
  assert.equal(await second.evaluate(() => window.shown), true, "the show event fired, without a reload");
  await first.context().close();
});

test("a withdrawal while a gated script loads: what waited behind it never runs, even without a reload", async () => {
  const base = JSON.parse(await readFile(new URL("../../www/examples/swedish-saas/catalogue.json", import.meta.url)));
  const catalogue = JSON.stringify({ ...base, site: { ...base.site, reload: false } });
  site.servePage("/withdraw-loading.html", `<!doctype html><html lang="sv"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/withdraw-loading.json"></script></head><body>
<script type="text/plain" data-category="marketing" src="/js/held.js"></script>
<script type="text/plain" data-category="marketing">window.behind = true</script>
<script type="text/plain" data-category="necessary" src="/js/after.js"></script></body></html>`);
  const page = await site.page();
  await page.route("**/withdraw-loading.json", (route) => route.fulfill({ contentType: "application/json", body: catalogue }));
  // The held script's answer waits for the test; a later necessary one is the sentinel.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let requested;
  const asked = new Promise((resolve) => (requested = resolve));
  await page.route("**/js/held.js", async (route) => {
    requested();
    await held;
    await route.fulfill({ contentType: "text/javascript", body: "window.held = true" });
  });
  await page.route("**/js/after.js", (route) => route.fulfill({ contentType: "text/javascript", body: "window.after = true" }));
  await page.goto(site.url("/withdraw-loading.html"));
  await page.evaluate(() => kakor.ready);
  await page.evaluate(() => kakor.acceptAll());
  await asked;
  await page.evaluate(() => kakor.withdraw());
  await page.evaluate(() => kakor.rejectAll());
  release();
  // The held script was already in the page, so it runs; the necessary one,
  // queued by the refusal behind it, shows that the queue moved on.
  await page.waitForFunction(() => window.held === true && window.after === true);
  assert.equal(await page.evaluate(() => window.behind), undefined, "a script queued behind the loading one ran after the withdrawal");
  await page.context().close();
});

// kakor inside pages that a framework owns, and under a 'strict-dynamic'
// Content Security Policy: no node of the page is replaced, moved or given a
// sibling; a script kakor's nonce does not vouch for never runs; the module
// is found whatever kakor.js is called.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { harness } from "./harness.mjs";

const site = harness();
const dist = new URL("../../www/dist/", import.meta.url);
const page_ = (head, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
${head}</head><body>${body}</body></html>`;

/** Collects console messages of `type` (warning, error) on `page`. */
function messages(page, type) {
  const seen = [];
  page.on("console", (m) => m.type() === type && seen.push(m.text()));
  return seen;
}

const STRICT_DYNAMIC = "script-src 'nonce-n0nce' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'";
const README_POLICY = "default-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval' 'nonce-n0nce'; style-src 'self'";

for (const [name, policy] of [["'strict-dynamic'", STRICT_DYNAMIC], ["the README's", README_POLICY]]) {
  test(`under ${name} policy only gated scripts with kakor's nonce run, also ones added later`, async () => {
    const page = await site.page();
    const warnings = messages(page, "warning");
    site.servePage(
      "/nonce.html",
      page_(
        `<script src="/dist/kakor.js" nonce="n0nce"></script>`,
        `<script type="text/plain" data-category="statistics" nonce="n0nce">window.ran = (window.ran || []).concat("nonced");</script>
<script type="text/plain" data-category="statistics">window.ran = (window.ran || []).concat("injected");</script>
<script type="text/plain" data-category="statistics" src="/js/injected.js"></script>
<script nonce="n0nce">window.cspTest = true;</script>`,
      ),
      { "content-security-policy": policy },
    );
    await page.route("**/js/injected.js", (route) =>
      route.fulfill({ contentType: "text/javascript", body: 'window.ran = (window.ran || []).concat("injected-src");' }),
    );
    await page.goto(site.url("/nonce.html"));
    assert.equal(await page.evaluate(() => window.cspTest), true, "the page's own nonced script ran");
    await page.locator('[data-action="accept-all"]').click();
    await page.waitForFunction(() => (window.ran || []).includes("nonced"));
    // The skips are announced: a positive signal that both were looked at.
    await waitUntil(() => warnings.filter((w) => w.includes("without the nonce")).length === 2);
    assert.deepEqual(await page.evaluate(() => window.ran), ["nonced"]);

    // Added after the decision (the MutationObserver's path): the same rule.
    await page.evaluate(() => {
      for (const nonce of ["", "n0nce"]) {
        const script = document.createElement("script");
        script.type = "text/plain";
        script.dataset.category = "statistics";
        if (nonce) script.setAttribute("nonce", nonce);
        script.textContent = `window.ran = window.ran.concat("late-${nonce || "injected"}");`;
        document.body.append(script);
      }
    });
    await page.waitForFunction(() => window.ran.includes("late-n0nce"));
    await waitUntil(() => warnings.filter((w) => w.includes("without the nonce")).length === 3);
    assert.deepEqual(await page.evaluate(() => window.ran), ["nonced", "late-n0nce"]);
    assert.ok(!page.requests.includes("/js/injected.js"), "the injected external script was never requested");
    await page.context().close();
  });
}

/** Polls `check` (a plain function of the test's own state) until it holds. */
async function waitUntil(check, timeout = 5000) {
  const end = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting for " + check);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// What React (and Svelte, Vue) do with nodes they rendered: keep references,
// compare them on hydration, remove them by reference on navigation.
const OWNED = page_(
  `<script src="/dist/kakor.js"></script>`,
  `<div id="app"><h1>Other page</h1>
<script type="text/plain" data-category="statistics" src="/js/other.js"></script>
<iframe data-category="marketing" data-service="youtube" data-src="/embed.html" width="560" height="315" title="Product video"></iframe>
<p>after</p></div>
<script>
  // The tree as the server rendered it, taken while the page is still parsing.
  const app = document.getElementById("app");
  window.rendered = { nodes: [...app.childNodes], body: [...document.body.childNodes] };
  window.sameTree = () =>
    rendered.nodes.length === app.childNodes.length && rendered.nodes.every((node, i) => app.childNodes[i] === node);
</script>`,
);

test("a framework's nodes are never replaced, moved or given siblings; its removeChild still works", async () => {
  const page = await site.page();
  site.servePage("/owned.html", OWNED);
  await page.route("**/js/other.js", (route) =>
    route.fulfill({ contentType: "text/javascript", body: "window.otherRuns = (window.otherRuns || 0) + 1;" }),
  );
  await page.route("**/embed.html", (route) => route.fulfill({ contentType: "text/html", body: "<p>video</p>" }));
  await page.goto(site.url("/owned.html"));
  await page.evaluate(() => kakor.ready);
  // The placeholder is drawn inside the iframe's own document.
  const placeholder = page.frameLocator("iframe").locator('[data-kakor="placeholder"]');
  await placeholder.waitFor();
  assert.match(await placeholder.textContent(), /YouTube is off until you allow it\./);
  assert.equal(await page.evaluate(() => sameTree()), true, "the placeholder added no node to the page");
  const bodyAdded = await page.evaluate(() =>
    [...document.body.childNodes].filter((n) => !rendered.body.includes(n)).map((n) => n.id),
  );
  assert.deepEqual(bodyAdded, ["kakor"], "kakor adds its own host and nothing else");

  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.otherRuns === 1);
  await page.waitForFunction(() => document.querySelector("iframe").getAttribute("src") === "/embed.html");
  assert.equal(await page.evaluate(() => sameTree()), true, "activation replaced no node");
  const live = await page.evaluate(() => document.querySelector('#kakor > script[src="/js/other.js"]') !== null);
  assert.ok(live, "the live copy runs from kakor's host");
  // Client navigation: the framework removes what it rendered, by reference.
  const removed = await page.evaluate(() => {
    const app = document.getElementById("app");
    for (const node of rendered.nodes) app.removeChild(node);
    return app.childNodes.length;
  });
  assert.equal(removed, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("after a re-render that drops kakor's host and re-creates gated scripts, the banner comes back and nothing runs twice", async () => {
  const page = await site.page();
  site.servePage("/owned.html", OWNED);
  await page.route("**/js/other.js", (route) =>
    route.fulfill({ contentType: "text/javascript", body: "window.otherRuns = (window.otherRuns || 0) + 1;" }),
  );
  await page.route("**/embed.html", (route) => route.fulfill({ contentType: "text/html", body: "<p>video</p>" }));
  await page.goto(site.url("/owned.html"));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => window.otherRuns === 1);
  // What React does after a hydration error: the document's body rendered
  // afresh from its own idea of it, every foreign node gone.
  await page.evaluate(() => {
    const app = document.getElementById("app").outerHTML.replace("Other page", "Re-rendered");
    document.body.innerHTML = app;
  });
  await page.waitForFunction(() => document.getElementById("kakor") !== null);
  await page.evaluate(() => kakor.show());
  await page.locator('[data-kakor="banner"]').waitFor();
  // The re-created inert copy was looked at (its iframe got its src again)…
  await page.waitForFunction(() => document.querySelector("iframe").getAttribute("src") === "/embed.html");
  // …and its script, which ran already, did not run again.
  assert.equal(await page.evaluate(() => window.otherRuns), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the module is found next to a kakor.js with a query string, or where data-wasm says", async () => {
  const page = await site.page();
  const [js, wasm] = await Promise.all([readFile(new URL("kakor.js", dist)), readFile(new URL("kakor_bg.wasm", dist))]);
  await page.route("**/assets/**", (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/assets/kakor.3f2a.js") return route.fulfill({ contentType: "text/javascript", body: js });
    if (path === "/assets/kakor.9c1d.wasm") return route.fulfill({ contentType: "application/wasm", body: wasm });
    return route.fulfill({ status: 404, body: "" });
  });
  site.servePage("/query.html", page_(`<script src="/dist/kakor.js?v=3"></script>`, "<p>query</p>"));
  await page.goto(site.url("/query.html"));
  assert.equal(await page.evaluate(() => kakor.ready.then(() => "ready")), "ready");
  assert.ok(page.requests.includes("/dist/kakor_bg.wasm"));

  site.servePage(
    "/fingerprinted.html",
    page_(`<script src="/assets/kakor.3f2a.js" data-wasm="kakor.9c1d.wasm"></script>`, "<p>fingerprinted</p>"),
  );
  await page.goto(site.url("/fingerprinted.html"));
  assert.equal(await page.evaluate(() => kakor.ready.then(() => "ready")), "ready");
  await page.locator('[data-kakor="banner"]').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a runtime catalogue that turns Consent Mode on without data-consent-mode is warned about", async () => {
  const page = await site.page();
  const warnings = messages(page, "warning");
  const catalogue = JSON.parse(await readFile(new URL("../../www/examples/swedish-saas/catalogue.json", import.meta.url)));
  catalogue.consent_mode = {};
  await page.route("**/cm-catalogue.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(catalogue) }));
  site.servePage("/cm.html", page_(`<script src="/dist/kakor.js" data-catalogue="/cm-catalogue.json"></script>`, "<p>cm</p>"));
  await page.goto(site.url("/cm.html"));
  await page.evaluate(() => kakor.ready);
  assert.ok(warnings.some((w) => w.includes("data-consent-mode")), warnings.join("\n"));
  await page.context().close();
});

test("on(): an unknown name is refused at the call and the banner still shows; a listener added twice runs once", async () => {
  const page = await site.page();
  site.servePage(
    "/on.html",
    page_(
      `<script src="/dist/kakor.js"></script>
<script>
  window.refused = [];
  try { kakor.on("chnage", () => {}); } catch (error) { refused.push(error.message); }
  window.changes = 0;
  const count = () => window.changes++;
  kakor.on("change", count);
  kakor.on("change", count);
</script>`,
      "<p>on</p>",
    ),
  );
  await page.goto(site.url("/on.html"));
  await page.locator('[data-kakor="banner"]').waitFor();
  assert.match((await page.evaluate(() => window.refused))[0], /unknown event "chnage"/);
  await page.locator('[data-action="reject-all"]').click();
  await page.waitForFunction(() => window.changes >= 1);
  const after = await page.evaluate(async () => {
    const again = () => window.changes++;
    kakor.on("change", again);
    kakor.on("change", again);
    await kakor.acceptAll();
    let late;
    try { kakor.on("shwo", () => {}); } catch (error) { late = error.message; }
    return { changes: window.changes, late };
  });
  assert.equal(after.changes, 3, "one run for the early pair, then one each for both listeners");
  assert.match(after.late, /unknown event "shwo"/);
  await page.context().close();
});

test("set() refuses to turn necessary off", async () => {
  const page = await site.page();
  await page.goto(site.url());
  const error = await page.evaluate(() => kakor.set({ categories: { necessary: false } }).then(() => null, (e) => e.message));
  assert.match(error, /`necessary` cannot be refused/);
  assert.equal(await page.evaluate(() => kakor.get()), null, "nothing was recorded");
  await page.context().close();
});

test("kakor.mjs reads window.kakor at every use", async () => {
  const page = await site.page();
  site.servePage(
    "/module.html",
    page_(
      `<script src="/dist/kakor.js"></script>
<script type="module">import { kakor } from "/dist/kakor.mjs"; window.imported = kakor;</script>`,
      "<p>module</p>",
    ),
  );
  await page.goto(site.url("/module.html"));
  await page.waitForFunction(() => window.imported !== undefined);
  const seen = await page.evaluate(async () => {
    await imported.ready;
    const first = imported.has("necessary");
    const real = window.kakor;
    window.kakor = { has: () => "replaced" };
    const second = imported.has("x");
    window.kakor = real;
    return [first, second];
  });
  assert.deepEqual(seen, [true, "replaced"]);
  await page.context().close();
});

// Site code that kakor itself sets off (a `fetch` wrapper while a proof is
// sent, a focus listener while a layer opens) gets true answers from
// window.kakor; and focus lands where the visitor is, whatever the order in
// which the layers open and close.
import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./harness.mjs";

const site = harness();
const page_ = (tag, body = "<p>page</p>") => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
${tag}</head><body>${body}</body></html>`;

/** Where focus is inside kakor's shadow root: the `data-kakor` layer (or
 *  `data-action` control) holding it, after two frames have passed. */
const focusIn = (page) =>
  page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const active = document.getElementById("kakor").shadowRoot.activeElement;
    if (!active) return document.activeElement.tagName;
    return active.closest("[data-kakor]")?.getAttribute("data-kakor") ?? active.getAttribute("data-action");
  });

test("a fetch wrapper called while kakor sends a proof gets true answers and may decide again", async () => {
  const page = await site.page();
  await page.route("**/proofs", (route) => route.fulfill({ status: 201, body: "" }));
  await page.addInitScript(() => {
    window.seen = [];
    const fetch = window.fetch;
    window.fetch = function (...args) {
      // kakor.js fetches its module through here too: only proofs count.
      if (!String(args[0]).endsWith("/proofs")) return fetch.apply(this, args);
      seen.push(`fetch has(statistics)=${kakor.has("statistics")} get=${kakor.get()?.method}`);
      if (seen.length === 1) {
        kakor.rejectAll().then((c) => seen.push(`nested ${c.method}`), (e) => seen.push(`nested failed: ${e.message}`));
      }
      return fetch.apply(this, args);
    };
  });
  site.servePage("/fetch.html", page_(`<script src="/dist/kakor.js" data-endpoint="/proofs"></script>`));
  await page.goto(site.url("/fetch.html"));
  await page.locator('[data-action="accept-all"]').click();
  await page.waitForFunction(() => seen.some((line) => line.startsWith("nested")));
  const seen = await page.evaluate(() => seen);
  assert.equal(seen[0], "fetch has(statistics)=true get=accept-all");
  assert.ok(seen.includes("nested reject-all"), seen.join("\n"));
  assert.equal(await page.evaluate(() => kakor.get().method), "reject-all");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a focus listener called while a layer takes focus gets true answers and may decide", async () => {
  const page = await site.page();
  // No gated script on the page: narrowing the choice then needs no reload.
  site.servePage("/focus.html", page_(`<script src="/dist/kakor.js"></script>`));
  await page.goto(site.url("/focus.html"));
  await page.evaluate(() => kakor.acceptAll());
  await page.evaluate(() => {
    window.seen = [];
    document.addEventListener("focusin", () => {
      seen.push(`focus has(statistics)=${kakor.has("statistics")} get=${kakor.get()?.method}`);
      if (seen.length === 1) {
        kakor.set({ categories: { marketing: false } }).then((c) => seen.push(`set ${c.method}`), (e) => seen.push(`set failed: ${e.message}`));
      }
    });
    kakor.showPreferences();
  });
  await page.waitForFunction(() => seen.some((line) => line.startsWith("set")));
  const seen = await page.evaluate(() => seen);
  assert.equal(seen[0], "focus has(statistics)=true get=accept-all");
  assert.ok(seen.includes("set custom"), seen.join("\n"));
  await page.context().close();
});

test("preferences opened as soon as kakor is ready keep focus; the first layer does not take it behind them", async () => {
  const page = await site.page();
  site.servePage(
    "/prefs-at-once.html",
    page_(`<script src="/dist/kakor.js"></script><script>kakor.ready.then(() => kakor.showPreferences());</script>`),
  );
  await page.goto(site.url("/prefs-at-once.html"));
  await page.locator('[data-kakor="preferences"]').waitFor();
  assert.equal(await focusIn(page), "preferences");
  await page.context().close();
});

/** A page whose `ready` listener (`onReady`, source text) runs while the
 *  document is still loading: a parser-blocking script after it is held back
 *  until kakor is ready. Returns once the document has been parsed. */
async function readyBeforeParsed(page, path, onReady) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/held.js", async (route) => {
    await held;
    await route.fulfill({ contentType: "text/javascript", body: "window.heldRan = true;" });
  });
  site.servePage(
    path,
    page_(`<script src="/dist/kakor.js"></script><script>kakor.ready.then(() => { ${onReady} });</script><script src="/held.js"></script>`),
  );
  await page.goto(site.url(path), { waitUntil: "commit" });
  // Polled by timer: animation frames may wait for the first paint.
  await page.waitForFunction(() => window.kakor, null, { polling: 20 });
  assert.equal(await page.evaluate(() => kakor.ready.then(() => document.readyState)), "loading");
  release();
  await page.waitForFunction(() => document.readyState !== "loading", null, { polling: 20 });
}

test("preferences opened before the page is parsed open once it is, over the first layer, with focus", async () => {
  const page = await site.page();
  await readyBeforeParsed(page, "/prefs-early.html", "kakor.showPreferences();");
  await page.locator('[data-kakor="preferences"]').waitFor();
  assert.equal(await focusIn(page), "preferences");
  assert.equal(await page.locator('[data-kakor="banner"]').count(), 1, "the first layer stays behind the preferences");
  await page.context().close();
});

test("a decision made before the page is parsed closes the layers opened before it", async () => {
  const page = await site.page();
  await readyBeforeParsed(page, "/decide-early.html", "kakor.showPreferences(); kakor.acceptAll();");
  // The reopen control is drawn in the same task as any layer would be.
  await page.locator('[data-action="reopen"]').waitFor();
  assert.equal(await page.locator('[data-kakor="preferences"], [data-kakor="banner"]').count(), 0);
  assert.equal(await page.evaluate(() => kakor.get().method), "accept-all");
  await page.context().close();
});

test("Reject all, then Cookie settings, then Escape or ×: focus goes back to the Cookie settings control", async () => {
  const page = await site.page();
  await page.goto(site.url());
  await page.locator('[data-action="reject-all"]').click();
  for (const close of ["Escape", "×"]) {
    await page.locator('[data-action="reopen"]').click();
    await page.locator('[data-kakor="preferences"]').waitFor();
    if (close === "Escape") await page.keyboard.press("Escape");
    else await page.locator('[data-action="close"]').click();
    await page.locator('[data-kakor="preferences"]').waitFor({ state: "detached" });
    assert.equal(await focusIn(page), "reopen", close);
  }
  await page.context().close();
});

// The flows a visitor goes through, run in one engine of engines.mjs against
// www/ served on loopback: first visit, Reject all, Accept all, the
// preferences by keyboard, withdrawal, the strict-CSP page, a second tab, and
// where focus goes when the layers open over and after each other.
//
// The functions handed to `page.eval` run inside the page, so each is whole
// in itself: it names no variable of this file.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { serve } from "../../tools/serve.mjs";

const banner = '[data-kakor="banner"]';
const preferences = '[data-kakor="preferences"]';

/** How long a wait for something the visitor should see may take. */
const WAIT_MS = 10_000;

/** In the page: whether `selector` in kakor's shadow root is rendered. */
function shown(selector) {
  const element = document.getElementById("kakor")?.shadowRoot?.querySelector(selector);
  return Boolean(element && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden");
}

/** In the page: whether kakor's shadow root holds no `selector`. */
function absent(selector) {
  const root = document.getElementById("kakor")?.shadowRoot;
  return Boolean(root) && root.querySelector(selector) === null;
}

/** In the page, two frames later (when a layer that takes focus late has
 *  taken it): the layer and control focused inside kakor's shadow root, or
 *  the focused element of the page outside it. */
async function focused() {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const active = document.getElementById("kakor")?.shadowRoot?.activeElement;
  if (!active) return { layer: null, control: document.activeElement?.tagName ?? null };
  const category = active.getAttribute("data-category");
  return {
    layer: active.closest("[data-kakor]")?.getAttribute("data-kakor") ?? null,
    control: active.getAttribute("data-action") ?? (category ? `category:${category}` : active.tagName),
  };
}

/** In the page: the demo's record of the gated scripts that ran. */
const runs = () => ({ ...window.demo.runs });

/** Waits until `fn(...args)` in the page is truthy and returns its value.
 *  An error while the page navigates counts as not yet. */
async function until(page, what, fn, ...args) {
  const deadline = Date.now() + WAIT_MS;
  let last;
  for (;;) {
    try {
      last = await page.eval(fn, ...args);
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const cookieNames = async (context) => (await context.cookies()).map((cookie) => cookie.name).sort();

/** A page of our own: kakor with the built-in catalogue, a necessary cookie,
 *  and gated scripts that set their category's cookies. */
const WITHDRAW_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js"></script>
<script>window.demo = { runs: {}, ran: (name) => (demo.runs[name] = (demo.runs[name] || 0) + 1) };
document.cookie = "session=1; path=/";</script></head><body><p>withdraw</p>
<script type="text/plain" data-category="statistics">document.cookie = "_ga=1; path=/"; document.cookie = "_ga_XYZ=2; path=/"; demo.ran("statistics");</script>
<script type="text/plain" data-category="marketing">document.cookie = "__hstc=3; path=/"; demo.ran("marketing");</script>
</body></html>`;

/** A page that opens the preferences as soon as kakor is ready. */
const PREFERENCES_AT_ONCE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js"></script><script>kakor.ready.then(() => kakor.showPreferences());</script>
</head><body><p>preferences at once</p></body></html>`;

/** Registers the smoke flows for `engine` (engines.mjs), each in a fresh
 *  context. */
export function smoke(engine) {
  const pages = new Map([
    ["/withdraw.html", WITHDRAW_PAGE],
    ["/prefs-at-once.html", PREFERENCES_AT_ONCE],
  ]);
  let server;
  const url = (path = "/") => `http://127.0.0.1:${server.address().port}${path}`;
  before(async () => {
    server = await serve(new URL("../../www", import.meta.url).pathname, 0, pages);
    await engine.start();
  });
  after(async () => {
    await engine.stop();
    server?.close();
  });
  const flow = (name, body) =>
    test(`${engine.name}: ${name}`, { timeout: 60_000 }, async (t) => {
      const context = await engine.context();
      try {
        await body(context, await context.page(), t);
      } finally {
        await context.close();
      }
    });

  flow("first visit: the banner shows, nothing gated runs, nothing is stored", async (context, page, t) => {
    t.diagnostic(engine.version);
    await page.goto(url());
    await until(page, "the banner", shown, banner);
    const seen = await page.eval(async () => {
      await kakor.ready;
      return {
        consent: kakor.get(),
        runs: { ...window.demo.runs },
        inert: document.querySelectorAll('script[type="text/plain"][data-category]').length,
        stored: Object.keys(localStorage),
      };
    });
    assert.deepEqual(seen, { consent: null, runs: {}, inert: 3, stored: [] });
    assert.deepEqual(await cookieNames(context), []);
  });

  flow("Reject all: only the script for a refusal runs, the decision is kept", async (context, page) => {
    await page.goto(url());
    await page.click('[data-action="reject-all"]');
    await until(page, "the refusal's fallback script", () => window.demo.runs.fallback === 1);
    assert.deepEqual(await page.eval(runs), { fallback: 1 });
    assert.equal(await page.eval(() => kakor.get().method), "reject-all");
    await until(page, "the banner to go", absent, banner);
    assert.deepEqual(await cookieNames(context), ["kakor"]);
  });

  flow("Accept all: the gated scripts run", async (context, page) => {
    await page.goto(url());
    await page.click('[data-action="accept-all"]');
    await until(page, "both gated scripts", () => window.demo.runs.statistics === 1 && window.demo.runs.marketing === 1);
    assert.deepEqual(await page.eval(runs), { statistics: 1, marketing: 1 });
    assert.deepEqual(await page.eval(() => kakor.get().categories), {
      necessary: true,
      preferences: true,
      statistics: true,
      marketing: true,
    });
    await until(page, "the banner to go", absent, banner);
    assert.deepEqual(await cookieNames(context), ["kakor"]);
  });

  flow("the preferences by keyboard: Tab to Customise, Enter, Space toggles, Escape closes and gives focus back", async (context, page) => {
    await page.goto(url());
    await until(page, "the banner", shown, banner);
    await until(page, "focus on the banner's heading", () => document.getElementById("kakor").shadowRoot.activeElement?.id === "kakor-title");
    const order = [];
    for (let i = 0; i < 4; i++) {
      await page.press("Tab");
      order.push((await page.eval(focused)).control);
    }
    assert.deepEqual(order, ["A", "reject-all", "accept-all", "preferences"], "the privacy policy link, then the buttons");
    await page.press("Enter");
    await until(page, "the preferences layer", shown, preferences);
    assert.deepEqual(await page.eval(focused), { layer: "preferences", control: "H2" });

    const passed = [];
    for (let control; control !== "category:statistics"; ) {
      assert.ok(passed.length < 20, `no statistics switch within 20 tabs: ${passed.join(", ")}`);
      await page.press("Tab");
      ({ control } = await page.eval(focused));
      passed.push(control);
    }
    await page.press("Space");
    const checked = (selector) => document.getElementById("kakor").shadowRoot.querySelector(selector).checked;
    await until(page, "the statistics switch on", checked, 'input[data-category="statistics"]');
    assert.equal(await page.eval(checked, 'input[data-service="ga4"]'), true, "services follow their category");

    await page.press("Escape");
    await until(page, "the preferences to close", absent, preferences);
    assert.deepEqual(await page.eval(focused), { layer: "banner", control: "preferences" });
    assert.equal(await page.eval(() => kakor.get()), null, "Escape saves nothing");
    assert.equal(await page.eval(shown, banner), true);
  });

  flow("withdraw: the banner asks again, the category cookies are deleted", async (context, page) => {
    await page.goto(url("/withdraw.html"));
    await page.click('[data-action="accept-all"]');
    await until(page, "both gated scripts", () => window.demo.runs.statistics === 1 && window.demo.runs.marketing === 1);
    assert.deepEqual(await cookieNames(context), ["__hstc", "_ga", "_ga_XYZ", "kakor", "session"]);
    // Later, not inside eval: withdrawing reloads the page.
    await page.eval(() => {
      window.beforeWithdrawal = true;
      setTimeout(() => kakor.withdraw());
    });
    await until(page, "the reloaded page's banner", (selector) => {
      const layer = document.getElementById("kakor")?.shadowRoot?.querySelector(selector);
      return !window.beforeWithdrawal && Boolean(layer?.getClientRects().length);
    }, banner);
    assert.equal(await page.eval(async () => (await kakor.ready, kakor.get())), null);
    assert.deepEqual(await page.eval(runs), {});
    assert.deepEqual(await cookieNames(context), ["session"]);
  });

  flow("the strict-CSP page: the banner is styled, and the gated scripts run through their nonce", async (context, page) => {
    await page.goto(url("/strict/"));
    await until(page, "the banner", shown, banner);
    // The policy is in force: an inline script without the nonce is refused
    // (the violation event is the signal that the engine has refused it).
    const refused = await page.eval(
      () =>
        new Promise((resolve) => {
          document.addEventListener("securitypolicyviolation", (event) => resolve(`${event.effectiveDirective}, ran: ${Boolean(window.inlineRan)}`), { once: true });
          const script = document.createElement("script");
          script.textContent = "window.inlineRan = true";
          document.head.append(script);
          // An inline script runs as it is added: had it been let through, this says so.
          if (window.inlineRan) resolve("the inline script without the nonce ran");
        }),
    );
    assert.match(refused, /^script-src(-elem)?, ran: false$/);
    assert.equal(await page.eval(() => getComputedStyle(document.getElementById("kakor").shadowRoot.querySelector('[data-kakor="banner"]')).position), "fixed");
    await page.click('[data-action="accept-all"]');
    await until(page, "both gated scripts", () => window.demo.runs.statistics === 1 && window.demo.runs.marketing === 1);
    assert.deepEqual(await page.eval(runs), { statistics: 1, marketing: 1 });
  });

  flow("a second tab follows a decision taken in the first", async (context, first) => {
    await first.goto(url());
    await until(first, "the banner", shown, banner);
    const second = await context.newTab();
    await second.goto(url());
    await until(second, "the banner in the second tab", shown, banner);
    await first.click('[data-action="accept-all"]');
    await until(second, "both gated scripts in the second tab", () => window.demo.runs.statistics === 1 && window.demo.runs.marketing === 1);
    await until(second, "the banner to go in the second tab", absent, banner);
    assert.equal(await second.eval(() => kakor.get().method), "accept-all");
    assert.deepEqual(await second.eval(runs), { statistics: 1, marketing: 1 });
  });

  flow("preferences opened as soon as kakor is ready keep focus; the first layer does not take it behind them", async (context, page) => {
    await page.goto(url("/prefs-at-once.html"));
    await until(page, "the preferences layer", shown, preferences);
    assert.equal((await page.eval(focused)).layer, "preferences");
  });

  flow("Reject all, then Cookie settings, then Escape: focus goes back to the Cookie settings control", async (context, page) => {
    await page.goto(url());
    await page.click('[data-action="reject-all"]');
    await page.click('[data-action="reopen"]');
    await until(page, "the preferences layer", shown, preferences);
    await page.press("Escape");
    await until(page, "the preferences to close", absent, preferences);
    assert.deepEqual(await page.eval(focused), { layer: null, control: "reopen" });
  });
}

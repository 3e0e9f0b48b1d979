// Benchmark: kakor against vanilla-cookieconsent 3 and Klaro, in Debian's
// Chromium on loopback. `node tools/bench.mjs` after ./build.sh (or
// `./build.sh bench`). BENCH_RUNS (default 15) sets the runs per library and
// CPU throttle. Prints markdown tables, writes every raw number to
// bench/results.json.
//
// Part 1, the same page three times: the same article, the same four
// categories and four services, one inline statistics script gated the way
// each library gates it. Per run, in a fresh browser context, libraries
// interleaved (their order rotating run by run), at 1× and 4× CPU throttle:
// navigation start → banner visible, total blocking time, CLS, JS heap,
// click on "accept all" → the gated script running. And each library's
// bytes: raw, gzip -9, brotli 11.
//
// Part 2, kakor's scale: runtime catalogues of 10, 100 and 500 services
// (6 cookies each) at 4× throttle: showPreferences() until painted, 10,000
// has() calls, JS heap and the module's linear memory after load.
//
// Nothing but 127.0.0.1 is contacted: Chromium resolves every other host
// name to nothing, and every request the pages make is checked.
import { chromium } from "playwright-core";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { gzipSync, brotliCompressSync, constants as zlib } from "node:zlib";
import { serve } from "./serve.mjs";
import { CHROMIUM_ARGS } from "../tests/e2e/harness.mjs";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const RUNS = Math.max(1, Math.min(200, Number.parseInt(process.env.BENCH_RUNS ?? "15", 10) || 15));
const SCALE_RUNS = Math.max(5, Math.min(RUNS, 7));
const THROTTLES = [1, 4];
const SCALE_SIZES = [10, 100, 500];
const HAS_CALLS = 10_000;
const HAS_BATCHES = 5;
const TIMEOUT = 30_000; // any single wait in a page, in ms
const log = (...parts) => process.stderr.write(parts.join(" ") + "\n");

// ---------------------------------------------------------------------------
// What the three pages share.

const POLICY = "https://example.org/privacy";
const TEXT = {
  intro: "We would like to use cookies to understand how the site is used and to follow up on our campaigns. Nothing optional runs until you choose.",
};
const CATEGORIES = [
  { id: "necessary", title: "Strictly necessary", description: "Needed for the site to work and to remember your cookie choice. Always on." },
  { id: "preferences", title: "Preferences", description: "Remember settings such as your language and region." },
  { id: "statistics", title: "Statistics", description: "Count visits and see how the site is used, so we can improve it." },
  { id: "marketing", title: "Marketing", description: "Follow up on visits and measure our campaigns, together with our marketing partners." },
];
const SERVICES = [
  {
    id: "site-settings", name: "Site settings", category: "preferences", provider: "Example AB",
    policy: POLICY, location: "Stays in your browser", safeguard: "Not shared",
    description: "Remembers your language and region.",
    cookies: [
      { name: "lang", purpose: "Remembers the language you chose.", duration: "1 year", party: "first" },
      { name: "region", purpose: "Remembers the region you chose.", duration: "1 year", party: "first" },
    ],
  },
  {
    id: "ga4", name: "Google Analytics 4", category: "statistics", provider: "Google Ireland Limited",
    policy: "https://policies.google.com/privacy", location: "USA", safeguard: "EU–US Data Privacy Framework",
    description: "Counts visits and page views and shows how visitors move through the site.",
    cookies: [
      { name: "_ga", purpose: "Tells browsers apart, so that returning visitors can be counted.", duration: "2 years", party: "first" },
      { name: "_ga_*", purpose: "Keeps the state of the current visit.", duration: "2 years", party: "first" },
    ],
  },
  {
    id: "hubspot", name: "HubSpot", category: "marketing", provider: "HubSpot, Inc.",
    policy: "https://legal.hubspot.com/privacy-policy", location: "USA", safeguard: "EU–US Data Privacy Framework",
    description: "Connects visits to the forms you send us, so our sales team can follow up.",
    cookies: [
      { name: "__hstc", purpose: "The main tracking cookie: first and latest visit and number of sessions.", duration: "13 months", party: "first" },
      { name: "hubspotutk", purpose: "Your visitor identity, passed to HubSpot when you send a form.", duration: "13 months", party: "first" },
      { name: "__hssc", purpose: "Counts page views in the current session.", duration: "30 minutes", party: "first" },
      { name: "__hssrc", purpose: "Tells whether the browser was restarted since the last visit.", duration: "session", party: "first" },
    ],
  },
  {
    id: "linkedin-insight", name: "LinkedIn Insight Tag", category: "marketing", provider: "LinkedIn Ireland Unlimited Company",
    policy: "https://www.linkedin.com/legal/privacy-policy", location: "USA", safeguard: "EU–US Data Privacy Framework",
    description: "Measures how our LinkedIn campaigns perform.",
    cookies: [
      { name: "li_gc", purpose: "Stores your consent to LinkedIn's own non-essential cookies.", duration: "2 years", party: "third", domain: ".linkedin.com" },
      { name: "bcookie", purpose: "A browser identifier LinkedIn uses to recognise the device.", duration: "1 year", party: "third", domain: ".linkedin.com" },
      { name: "lidc", purpose: "Chooses which LinkedIn data centre handles the requests.", duration: "1 day", party: "third", domain: ".linkedin.com" },
    ],
  },
];

/** The one gated script: records when it runs. */
const GATED_CODE = "window.gatedRanAt = performance.now();";

const ARTICLE = `
  <header><p class="logo">Example AB</p></header>
  <main>
    <article>
      <h1>Invoices that reconcile themselves</h1>
      <p>Small businesses spend hours every month matching payments against invoices. Our service reads
        the bank statement, finds the invoice each payment belongs to and books it, so the ledger is right
        the moment the money arrives.</p>
      <p>It works with the banks you already use, sends e-invoices in the formats your customers ask for,
        and reminds late payers politely, on a schedule you choose. Nothing is sent without your approval.</p>
      <p>When something does not match, a short list shows what needs a human: a partial payment, a
        reference with a typo, two invoices paid at once. One click settles each, and the rule it learns
        saves the next one.</p>
      <p>Try it free for thirty days with your own data. Export everything at any time, in open formats,
        whether you stay or not.</p>
    </article>
  </main>`;

/** A value as JavaScript source: JSON, with RegExps kept (configs need them). */
const toJs = (value) =>
  JSON.stringify(value, (_, v) => (v instanceof RegExp ? `@@RE${v.source}@@` : v)).replace(
    /"@@RE(.*?)@@"/g,
    (_, source) => `/${JSON.parse(`"${source}"`)}/`,
  );
/** A cookie name of ours (a trailing `*` for a prefix) as a string or RegExp. */
const cookiePattern = (name) =>
  name.endsWith("*") ? new RegExp(`^${name.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) : name;

function page({ head = "", bodyEnd = "", gated }) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  ${head}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Example AB: invoices that reconcile themselves</title>
  <link rel="icon" href="data:,">
  <style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1f; }</style>
</head>
<body>${ARTICLE}
  ${gated}
  ${bodyEnd}
</body>
</html>
`;
}

// --- kakor: the JSON shape of docs/catalogue.md, languages ["en"].

const en = (text) => ({ en: text });

function kakorCatalogue(categories, services) {
  return {
    site: { name: "Example AB", policy_url: POLICY, languages: ["en"], consent_days: 365 },
    categories: categories.map((c) => ({ id: c.id, title: en(c.title), description: en(c.description) })),
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      category: s.category,
      provider: s.provider,
      policy_url: s.policy,
      data_location: en(s.location),
      safeguard: en(s.safeguard),
      description: en(s.description),
      cookies: s.cookies.map((k) => ({
        name: k.name,
        purpose: en(k.purpose),
        duration: k.duration,
        party: k.party,
        ...(k.domain ? { domain: k.domain } : {}),
      })),
    })),
  };
}

const kakorPage = (catalogue) =>
  page({
    head: `<script src="/www/dist/kakor.js" data-catalogue="${catalogue}"></script>`,
    gated: `<script type="text/plain" data-category="statistics" data-service="ga4">${GATED_CODE}</script>`,
  });

// --- vanilla-cookieconsent 3: the UMD build and its CSS, run at the end of
// the body as its docs show; categories and services named as ours.

function vanillaConfig() {
  const services = (category) =>
    Object.fromEntries(
      SERVICES.filter((s) => s.category === category).map((s) => [
        s.id,
        { label: s.name, cookies: s.cookies.map((k) => ({ name: cookiePattern(k.name) })) },
      ]),
    );
  const categories = {};
  for (const c of CATEGORIES) {
    categories[c.id] = c.id === "necessary" ? { enabled: true, readOnly: true } : { services: services(c.id) };
  }
  const sections = [
    { title: "Your cookie choices", description: `${TEXT.intro} <a href="${POLICY}">Privacy policy</a>` },
    ...CATEGORIES.map((c) => {
      const rows = SERVICES.filter((s) => s.category === c.id).flatMap((s) =>
        s.cookies.map((k) => ({ name: k.name, service: s.name, purpose: k.purpose, duration: k.duration, party: k.party })),
      );
      return {
        title: c.title,
        description: c.description,
        linkedCategory: c.id,
        ...(rows.length
          ? { cookieTable: { headers: { name: "Cookie", service: "Service", purpose: "Purpose", duration: "Duration", party: "Party" }, body: rows } }
          : {}),
      };
    }),
  ];
  return {
    // Its default, true, skips the banner when navigator.webdriver is set, as
    // it is in any browser automation: off, or there is nothing to measure.
    hideFromBots: false,
    guiOptions: { consentModal: { layout: "bar", position: "bottom" }, preferencesModal: { layout: "box" } },
    categories,
    language: {
      default: "en",
      translations: {
        en: {
          consentModal: {
            title: "Cookies on Example AB",
            description: `${TEXT.intro} <a href="${POLICY}">Privacy policy</a>`,
            acceptAllBtn: "Accept all",
            acceptNecessaryBtn: "Reject all",
            showPreferencesBtn: "Preferences",
          },
          preferencesModal: {
            title: "Cookie preferences",
            acceptAllBtn: "Accept all",
            acceptNecessaryBtn: "Reject all",
            savePreferencesBtn: "Save choices",
            closeIconLabel: "Close",
            serviceCounterLabel: "Service|Services",
            sections,
          },
        },
      },
    },
  };
}

const VANILLA_JS = "/node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js";
const VANILLA_CSS = "/node_modules/vanilla-cookieconsent/dist/cookieconsent.css";
const vanillaPage = () =>
  page({
    head: `<link rel="stylesheet" href="${VANILLA_CSS}">`,
    gated: `<script type="text/plain" data-category="statistics" data-service="ga4">${GATED_CODE}</script>`,
    bodyEnd: `<script src="${VANILLA_JS}"></script>
  <script>CookieConsent.run(${toJs(vanillaConfig())});</script>`,
  });

// --- Klaro: dist/klaro.js, the build that injects its own CSS (the file its
// dist README tells a site to include), deferred, after its config.

function klaroConfig() {
  const purposes = Object.fromEntries(CATEGORIES.map((c) => [c.id, { title: c.title, description: c.description }]));
  const translations = { zz: { privacyPolicyUrl: POLICY }, en: {
      purposes,
      ok: "Accept all",
      decline: "Reject all",
      consentNotice: { description: `${TEXT.intro} {privacyPolicy}`, learnMore: "Preferences" },
    },
  };
  for (const s of SERVICES) translations.en[s.id] = { title: s.name, description: s.description };
  return {
    version: 1,
    elementID: "klaro",
    lang: "en",
    storageMethod: "cookie",
    cookieName: "klaro",
    cookieExpiresAfterDays: 365,
    default: false,
    mustConsent: false,
    acceptAll: true,
    hideDeclineAll: false,
    groupByPurpose: true,
    purposeOrder: CATEGORIES.map((c) => c.id),
    styling: { theme: ["light", "bottom", "wide"] },
    translations,
    services: SERVICES.map((s) => ({
      name: s.id,
      title: s.name,
      purposes: [s.category],
      // Klaro deletes these on withdrawal; a prefix is a RegExp.
      cookies: s.cookies.map((k) => cookiePattern(k.name)),
    })),
  };
}

const KLARO_JS = "/node_modules/klaro/dist/klaro.js";
const klaroPage = () =>
  page({
    head: `<script>window.klaroConfig = ${toJs(klaroConfig())};</script>
  <script defer src="${KLARO_JS}"></script>`,
    gated: `<script type="text/plain" data-type="application/javascript" data-name="ga4">${GATED_CODE}</script>`,
  });

// --- How each banner is found, and its accept-all button. Run in the page.

const LIBRARIES = [
  {
    name: "kakor",
    path: "/bench/kakor.html",
    banner: `() => document.getElementById("kakor")?.shadowRoot?.querySelector('[data-kakor="banner"]')`,
    accept: `() => document.getElementById("kakor")?.shadowRoot?.querySelector('[data-kakor="banner"] [data-action="accept-all"]')`,
  },
  {
    name: "vanilla-cookieconsent",
    path: "/bench/vanilla.html",
    banner: `() => document.querySelector("#cc-main .cm")`,
    accept: `() => document.querySelector('#cc-main .cm [data-role="all"]')`,
  },
  {
    name: "klaro",
    path: "/bench/klaro.html",
    banner: `() => document.querySelector(".klaro .cookie-notice:not(.cookie-notice-hidden)")`,
    accept: `() => document.querySelector(".klaro .cookie-notice .cn-buttons .cm-btn-success")`,
  },
];
const BASELINE = "vanilla-cookieconsent";

/** Injected before any page script: the observers and the banner watch. */
function initScript(bannerFn, captureWasm) {
  return `(() => {
  const bench = (window.__bench = { bannerAt: null, longtasks: [], cls: 0, shifts: 0, wasm: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longtasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) { bench.cls += e.value; bench.shifts++; }
  }).observe({ type: "layout-shift", buffered: true });
  const find = ${bannerFn};
  // The first animation frame in which the banner has a box and is neither
  // hidden nor fully transparent (itself or an ancestor, shadow hosts too).
  const visible = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  let frames = 0;
  bench.banner = new Promise((done) => {
    const poll = () => {
      if (visible(find())) { bench.bannerAt = performance.now(); done(bench.bannerAt); return; }
      if (++frames < 36000) requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
  ${
    captureWasm
      ? `// The module's linear memory is not reachable from the page: keep the
  // instance's memory as wasm-bindgen's glue instantiates it (found by its
  // type: build.sh minifies the export names).
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        const exports = Object.values((result.instance ?? result)?.exports ?? {});
        const memory = exports.find((value) => value instanceof WebAssembly.Memory);
        if (memory instanceof WebAssembly.Memory) bench.wasm.push(memory);
        return result;
      });
    };
  }`
      : ""
  }
})();`;
}

// ---------------------------------------------------------------------------
// Measuring.

const median = (values) => {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const range = (values) => {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x));
  return v.length ? [Math.min(...v), Math.max(...v)] : [null, null];
};

/** One fresh context at `rate`× CPU throttle with the init script in. */
async function open(browser, rate, bannerFn, { captureWasm = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.errors = [];
  page.foreign = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && page.errors.push(message.text()));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "about:"].includes(url.protocol) && url.hostname !== "127.0.0.1") page.foreign.push(request.url());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  await page.addInitScript(initScript(bannerFn, captureWasm));
  return { context, page, cdp };
}

async function heapAfterGc(cdp) {
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.send("HeapProfiler.disable");
  return usedSize;
}

/** Waits in the page for the banner; rejects after TIMEOUT. */
const bannerVisible = (page) =>
  page.evaluate(
    (timeout) =>
      Promise.race([
        window.__bench.banner,
        new Promise((_, fail) => setTimeout(() => fail(new Error("no banner within " + timeout + " ms")), timeout)),
      ]),
    TIMEOUT,
  );

/** One run of part 1: load, banner, TBT/CLS window, heap, accept → gated. */
async function runOnce(browser, origin, library, rate) {
  const { context, page, cdp } = await open(browser, rate, library.banner, { captureWasm: library.name === "kakor" });
  try {
    await page.goto(origin + library.path, { waitUntil: "load" });
    const bannerAt = await bannerVisible(page);
    // The window: from navigation start until 1 s after the later of the
    // load event and the banner showing.
    const span = await page.evaluate(async () => {
      const nav = performance.getEntriesByType("navigation")[0];
      const end = Math.max(nav.loadEventStart, window.__bench.bannerAt) + 1000;
      await new Promise((done) => setTimeout(done, Math.max(0, end - performance.now())));
      const b = window.__bench;
      const tasks = b.longtasks.filter(([start]) => start < end);
      return {
        end,
        load: nav.loadEventStart,
        domContentLoaded: nav.domContentLoadedEventStart,
        tbt: tasks.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0),
        longtasks: tasks.length,
        longest: tasks.reduce((max, [, duration]) => Math.max(max, duration), 0),
        cls: b.cls,
        shifts: b.shifts,
        gatedBeforeClick: window.gatedRanAt !== undefined,
      };
    });
    const heap = await heapAfterGc(cdp);
    const wasm = await page.evaluate(() =>
      window.__bench.wasm.length ? window.__bench.wasm.reduce((sum, m) => sum + m.buffer.byteLength, 0) : null,
    );
    const clicked = await page.evaluate(`(() => {
      const button = (${library.accept})();
      if (!button) return null;
      window.__bench.t0 = performance.now();
      button.click();
      return window.__bench.t0;
    })()`);
    if (clicked === null) throw new Error("no accept-all button");
    const acceptToGated = await page.evaluate(async (timeout) => {
      for (let waited = 0; window.gatedRanAt === undefined && waited < timeout; waited += 5) {
        await new Promise((done) => setTimeout(done, 5));
      }
      if (window.gatedRanAt === undefined) throw new Error("the gated script did not run within " + timeout + " ms");
      return window.gatedRanAt - window.__bench.t0;
    }, TIMEOUT);
    if (span.gatedBeforeClick) throw new Error("the gated script ran before consent");
    // The returning visitor, the most common page view: the decision stored,
    // no banner; from navigation start until the consented script runs.
    await page.goto(origin + library.path, { waitUntil: "commit" });
    const returning = await page.evaluate(async (timeout) => {
      for (let waited = 0; window.gatedRanAt === undefined && waited < timeout; waited += 5) {
        await new Promise((done) => setTimeout(done, 5));
      }
      if (window.gatedRanAt === undefined) throw new Error("the gated script did not run on return within " + timeout + " ms");
      return window.gatedRanAt;
    }, TIMEOUT);
    if (page.foreign.length) throw new Error("requests off loopback: " + page.foreign.join(", "));
    return { bannerAt, ...span, heap, wasm, acceptToGated, returning, errors: page.errors };
  } finally {
    await context.close();
  }
}

// --- Part 2: generated catalogues.

const DURATIONS = ["session", "30 minutes", "1 day", "90 days", "13 months", "2 years"];

function scaleCatalogue(count) {
  const services = [];
  for (let i = 0; i < count; i++) {
    const category = CATEGORIES[i % CATEGORIES.length].id;
    const id = `svc-${String(i).padStart(3, "0")}`;
    const third = i % 3 === 2;
    services.push({
      id,
      name: `Service ${i}`,
      category,
      provider: `Provider ${i} Ltd`,
      policy: `https://provider${i}.example/privacy`,
      location: i % 2 ? "USA" : "EU",
      safeguard: i % 2 ? "EU–US Data Privacy Framework" : "Stays in the EU/EEA",
      description: `Service number ${i}, in ${category}: what it does, in one sentence of ordinary length.`,
      cookies: Array.from({ length: 6 }, (_, j) => ({
        name: j === 5 ? `s${i}_pfx_*` : `s${i}_c${j}`,
        purpose: `Cookie ${j} of service ${i}: why it is stored, in one sentence.`,
        duration: DURATIONS[j],
        party: third ? "third" : "first",
        ...(third ? { domain: `.provider${i}.example` } : {}),
      })),
    });
  }
  return kakorCatalogue(CATEGORIES, services);
}

async function scaleRun(browser, origin, count) {
  const kakor = LIBRARIES[0];
  const { context, page, cdp } = await open(browser, 4, kakor.banner, { captureWasm: true });
  try {
    await page.goto(`${origin}/bench/scale-${count}.html`, { waitUntil: "load" });
    const bannerAt = await bannerVisible(page);
    await page.evaluate(() => window.kakor.ready);
    const heap = await heapAfterGc(cdp);
    const measured = await page.evaluate(async ([calls, count]) => {
      const root = document.getElementById("kakor").shadowRoot;
      const wasmBefore = window.__bench.wasm.reduce((sum, m) => sum + m.buffer.byteLength, 0);
      // has(): `count` batches of `calls` calls (the first one cold); the run's
      // figure is the median batch. Counted, so the calls are not optimised away.
      let granted = 0;
      const batches = [];
      for (let b = 0; b < count; b++) {
        const h0 = performance.now();
        for (let i = 0; i < calls; i++) if (window.kakor.has("statistics")) granted++;
        batches.push(performance.now() - h0);
      }
      const has = [...batches].sort((x, y) => x - y)[batches.length >> 1];
      // showPreferences(): until the layer is in the DOM, then one more frame.
      const frame = () => new Promise((done) => requestAnimationFrame(done));
      const t0 = performance.now();
      window.kakor.showPreferences();
      await frame();
      for (let i = 0; i < 600 && !root.querySelector('[data-kakor="preferences"]'); i++) await frame();
      const present = !!root.querySelector('[data-kakor="preferences"]');
      await frame();
      const preferences = performance.now() - t0;
      const wasmAfter = window.__bench.wasm.reduce((sum, m) => sum + m.buffer.byteLength, 0);
      return { has, hasBatches: batches, granted, preferences, present, wasmBefore, wasmAfter, modules: window.__bench.wasm.length };
    }, [HAS_CALLS, HAS_BATCHES]);
    if (!measured.present) throw new Error("the preferences layer never appeared");
    if (page.foreign.length) throw new Error("requests off loopback: " + page.foreign.join(", "));
    return { bannerAt, heap, ...measured, errors: page.errors };
  } finally {
    await context.close();
  }
}

// --- Bytes.

async function bytes(files) {
  const out = [];
  for (const [label, body] of files) {
    out.push({
      file: label,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      }).length,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Output.

const fmt = (value, digits = 0) =>
  value === null || value === undefined ? "—" : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (value, base) => (value === null || base === null || base === 0 ? "—" : `${(value / base).toFixed(2)}×`);

const MEASURES = [
  { key: "bannerAt", label: "navigation → banner visible (ms)", digits: 0 },
  { key: "tbt", label: "total blocking time (ms)", digits: 0 },
  { key: "cls", label: "cumulative layout shift", digits: 3 },
  { key: "acceptToGated", label: "accept all → gated script ran (ms)", digits: 1 },
  { key: "returning", label: "returning visitor: navigation → consented gated script ran (ms)", digits: 0 },
  { key: "heap", label: "JS heap after load, after GC (KB)", digits: 0, scale: 1 / 1024 },
  { key: "wasm", label: "+ wasm linear memory after load (KB)", digits: 0, scale: 1 / 1024 },
];

function mainTable(runs) {
  const lines = ["| measure | CPU | library | median | min–max | vs vanilla-cookieconsent |", "| --- | --- | --- | ---: | ---: | ---: |"];
  for (const measure of MEASURES) {
    for (const rate of THROTTLES) {
      const values = (name) =>
        runs
          .filter((r) => r.library === name && r.rate === rate && !r.error && r[measure.key] !== null)
          .map((r) => r[measure.key] * (measure.scale ?? 1));
      const base = median(values(BASELINE));
      for (const { name } of LIBRARIES) {
        const v = values(name);
        const [lo, hi] = range(v);
        const spread = lo === null ? "—" : `${fmt(lo, measure.digits)}–${fmt(hi, measure.digits)}`;
        lines.push(
          `| ${measure.label} | ${rate}× | ${name} | ${fmt(median(v), measure.digits)} | ${spread} | ${ratio(median(v), base)} |`,
        );
      }
    }
  }
  return lines.join("\n");
}

function bytesTable(sizes) {
  const lines = ["| library | file | raw (B) | gzip -9 (B) | brotli 11 (B) | brotli vs vanilla-cookieconsent |", "| --- | --- | ---: | ---: | ---: | ---: |"];
  const total = (name) => sizes[name].files.reduce((sum, f) => sum + f.brotli, 0);
  for (const { name } of LIBRARIES) {
    const { files, extra } = sizes[name];
    for (const f of files) lines.push(`| ${name} | ${f.file} | ${fmt(f.raw)} | ${fmt(f.gzip)} | ${fmt(f.brotli)} | |`);
    const sum = (key) => files.reduce((s, f) => s + f[key], 0);
    lines.push(`| **${name}** | **total** | **${fmt(sum("raw"))}** | **${fmt(sum("gzip"))}** | **${fmt(sum("brotli"))}** | **${ratio(total(name), total(BASELINE))}** |`);
    for (const f of extra ?? []) lines.push(`| ${name} | + ${f.file} | ${fmt(f.raw)} | ${fmt(f.gzip)} | ${fmt(f.brotli)} | |`);
  }
  return lines.join("\n");
}

function scaleTable(scale) {
  const lines = [
    `| services | cookies | catalogue JSON raw / brotli (B) | banner visible (ms) | showPreferences() → painted (ms) | 10,000 × has(), median of ${HAS_BATCHES} batches (ms) | JS heap after GC (KB) | wasm memory after load → after preferences (KB) |`,
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const s of scale) {
    const ok = s.runs.filter((r) => !r.error);
    const col = (key, digits = 0, k = 1) => {
      const v = ok.map((r) => r[key] * k);
      const [lo, hi] = range(v);
      return `${fmt(median(v), digits)} (${fmt(lo, digits)}–${fmt(hi, digits)})`;
    };
    lines.push(
      `| ${s.services} | ${fmt(s.cookies)} | ${fmt(s.json.raw)} / ${fmt(s.json.brotli)} | ${col("bannerAt")} | ${col("preferences", 1)} | ${col("has", 2)} | ${fmt(median(ok.map((r) => r.heap / 1024)))} | ${fmt(median(ok.map((r) => r.wasmBefore / 1024)))} → ${fmt(median(ok.map((r) => r.wasmAfter / 1024)))} |`,
    );
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------
// Main.

const read = (path) => readFile(`${ROOT}/${path}`);
const packageVersion = async (name) => JSON.parse(await read(`node_modules/${name}/package.json`)).version;

const pages = new Map();
const json = new Map(); // in-memory catalogues, served as application/json

const catalogue4 = JSON.stringify(kakorCatalogue(CATEGORIES, SERVICES));
json.set("/bench/catalogue.json", catalogue4);
pages.set("/bench/kakor.html", kakorPage("/bench/catalogue.json"));
pages.set("/bench/vanilla.html", vanillaPage());
pages.set("/bench/klaro.html", klaroPage());
const scaleJson = new Map();
for (const count of SCALE_SIZES) {
  const text = JSON.stringify(scaleCatalogue(count));
  scaleJson.set(count, text);
  json.set(`/bench/scale-${count}.json`, text);
  pages.set(`/bench/scale-${count}.html`, kakorPage(`/bench/scale-${count}.json`));
}

// Every request goes to loopback: any other host name resolves to nothing.
const ARGS = [
  ...CHROMIUM_ARGS.filter((arg) => !arg.startsWith("--host-resolver-rules=")),
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

let server;
let browser;
let failures = 0;
try {
  const sizes = {
    kakor: {
      files: await bytes([
        ["www/dist/kakor.js", await read("www/dist/kakor.js")],
        ["www/dist/kakor_bg.wasm", await read("www/dist/kakor_bg.wasm")],
      ]),
      extra: await bytes([["catalogue.json (this page's runtime catalogue, 4 services)", Buffer.from(catalogue4)]]),
    },
    "vanilla-cookieconsent": {
      files: await bytes([
        ["dist/cookieconsent.umd.js", await read(VANILLA_JS.slice(1))],
        ["dist/cookieconsent.css", await read(VANILLA_CSS.slice(1))],
      ]),
    },
    klaro: { files: await bytes([["dist/klaro.js (CSS included)", await read(KLARO_JS.slice(1))]]) },
  };

  server = await serve(ROOT, 0, pages);
  // serve() answers its pages as HTML; put the catalogues in front of it.
  const [files] = server.listeners("request");
  server.removeAllListeners("request");
  server.on("request", (request, response) => {
    const path = new URL(request.url, "http://localhost").pathname;
    if (!json.has(path)) return files(request, response);
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(json.get(path));
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ARGS });
  const meta = {
    date: new Date().toISOString(),
    chromium: browser.version(),
    playwright: await packageVersion("playwright-core"),
    node: process.version,
    cpu: cpus()[0].model,
    cores: cpus().length,
    loadBefore: loadavg(),
    runs: RUNS,
    throttles: THROTTLES,
    versions: {
      kakor: JSON.parse(await read("package.json")).version,
      "vanilla-cookieconsent": await packageVersion("vanilla-cookieconsent"),
      klaro: await packageVersion("klaro"),
    },
  };
  if (meta.loadBefore[0] > 1) log(`bench: warning: load average ${meta.loadBefore[0].toFixed(2)} on ${meta.cores} cores; timings will be noisy`);
  log(`bench: Chromium ${meta.chromium}, ${meta.cpu} × ${meta.cores}, ${RUNS} runs × ${THROTTLES.length} throttles × ${LIBRARIES.length} libraries`);

  // Warm-up (discarded): the server's files in the page cache, Chromium's
  // processes up. Every measured run is still a first visit in a new context.
  for (const library of LIBRARIES) await runOnce(browser, origin, library, 1);

  const started = Date.now();
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    for (const rate of THROTTLES) {
      for (let k = 0; k < LIBRARIES.length; k++) {
        const library = LIBRARIES[(run + k) % LIBRARIES.length]; // the order rotates
        const entry = { library: library.name, rate, run };
        try {
          Object.assign(entry, await runOnce(browser, origin, library, rate));
        } catch (error) {
          entry.error = error.message;
          failures++;
          log(`  ${library.name} ${rate}× run ${run + 1}: FAILED: ${error.message}`);
        }
        runs.push(entry);
      }
    }
    log(`  run ${run + 1}/${RUNS} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }

  const scale = [];
  for (const count of SCALE_SIZES) {
    const text = scaleJson.get(count);
    const [json] = await bytes([[`scale-${count}.json`, Buffer.from(text)]]);
    const entry = { services: count, cookies: count * 6, json, runs: [] };
    for (let run = 0; run < SCALE_RUNS; run++) {
      try {
        entry.runs.push(await scaleRun(browser, origin, count));
      } catch (error) {
        entry.runs.push({ error: error.message });
        failures++;
        log(`  scale ${count} run ${run + 1}: FAILED: ${error.message}`);
      }
    }
    log(`  scale: ${count} services done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    scale.push(entry);
  }

  meta.loadAfter = loadavg();
  const pageErrors = [...runs, ...scale.flatMap((s) => s.runs)].flatMap((r) => r.errors ?? []);
  const report = [
    `## kakor vs vanilla-cookieconsent ${meta.versions["vanilla-cookieconsent"]} vs Klaro ${meta.versions.klaro}`,
    "",
    `${meta.date.slice(0, 10)} · Chromium ${meta.chromium} (headless) · ${meta.cpu}, ${meta.cores} cores · Node ${meta.node} · ` +
      `load average ${meta.loadBefore[0].toFixed(2)} before, ${meta.loadAfter[0].toFixed(2)} after · ` +
      `${RUNS} runs per library and CPU throttle, a fresh context each, libraries interleaved`,
    "",
    "### What a visitor downloads",
    "",
    bytesTable(sizes),
    "",
    "### Page load and consent",
    "",
    mainTable(runs),
    "",
    `### kakor at scale (4× CPU throttle, ${SCALE_RUNS} runs each; median (min–max))`,
    "",
    scaleTable(scale),
    "",
    failures ? `**${failures} runs failed**; see bench/results.json.` : "All runs completed.",
    pageErrors.length ? `Page errors: ${[...new Set(pageErrors)].join("; ")}` : "No page errors.",
  ].join("\n");
  console.log(report);

  await mkdir(`${ROOT}/bench`, { recursive: true });
  await writeFile(`${ROOT}/bench/results.json`, JSON.stringify({ ...meta, sizes, runs, scale }, null, 2) + "\n");
  log(`bench: raw numbers in bench/results.json (${((Date.now() - started) / 1000).toFixed(0)} s)`);
} finally {
  await browser?.close();
  server?.close();
}
if (failures) process.exitCode = 1;

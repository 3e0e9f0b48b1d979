// A real React 19 app, server-rendered here with react-dom/server and
// hydrated in Chromium, with a gated script and a held-back iframe in the
// markup it owns: hydration finds exactly the nodes it rendered, client
// navigation removes them without error, and nothing runs twice; and
// kakor/react's useConsent() follows every change.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { harness } from "./harness.mjs";

const site = harness();

// One component for the server and the browser: two "routes" switched by
// state, as a client-side router does.
const APP = `
function Other() {
  return h(Fragment, null,
    h("script", { type: "text/plain", "data-category": "statistics", src: "/js/other.js", nonce: NONCE }),
    h("h1", null, "Other"),
    h("iframe", { "data-category": "marketing", "data-service": "youtube", "data-src": "/embed.html", width: 560, height: 315, title: "Product video" }));
}
function Home() {
  return h("h1", null, "Home");
}
function App({ start }) {
  const [route, go] = useState(start);
  const consent = useConsent();
  return h("div", null,
    h("output", { id: "consent" }, consent ? consent.method : "none"),
    h("nav", null,
      h("button", { id: "to-home", onClick: () => go("home") }, "Home"),
      h("button", { id: "to-other", onClick: () => go("other") }, "Other")),
    route === "other" ? h(Other) : h(Home));
}`;

let bundle;
before(async () => {
  const result = await build({
    stdin: {
      contents: `import { createElement as h, Fragment, useState } from "react";
const NONCE = "n0nce";
import { hydrateRoot } from "react-dom/client";
import { useConsent } from "./www/dist/react.mjs";
${APP}
window.recoverable = [];
// Hydrate once kakor has started, as an app whose chunks arrive after it.
kakor.ready.then(() => {
  hydrateRoot(document.getElementById("root"), h(App, { start: "other" }), {
    onRecoverableError: (error) => window.recoverable.push(String(error.message)),
  });
  requestAnimationFrame(() => (window.hydrated = true));
});`,
      resolveDir: new URL("../..", import.meta.url).pathname,
    },
    bundle: true,
    format: "iife",
    write: false,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  bundle = result.outputFiles[0].text;
});

test("React under a 'strict-dynamic' policy hydrates and navigates a page with gated nodes: no mismatch, no removeChild error, no second run, nothing without the nonce; useConsent follows", async () => {
  const { useState, Fragment } = await import("react");
  const { useConsent } = await import("../../www/dist/react.mjs");
  const App = new Function("h", "Fragment", "useState", "useConsent", "NONCE", `${APP}; return App;`)(
    h,
    Fragment,
    useState,
    useConsent,
    "n0nce",
  );
  const markup = renderToString(h(App, { start: "other" }));
  // Next.js's recommended policy, and a gated script in <head> that an
  // HTML-injection bug put there, without the nonce.
  site.servePage(
    "/react.html",
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" nonce="n0nce"></script>
<script type="text/plain" data-category="statistics" src="/js/head.js" nonce="n0nce"></script>
<script type="text/plain" data-category="statistics">window.injected = true;</script></head>
<body><div id="root">${markup}</div><script src="/react-app.js" nonce="n0nce"></script></body></html>`,
    { "content-security-policy": "script-src 'nonce-n0nce' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'" },
  );
  const page = await site.page();
  await page.route("**/react-app.js", (route) => route.fulfill({ contentType: "text/javascript", body: bundle }));
  await page.route("**/js/head.js", (route) =>
    route.fulfill({ contentType: "text/javascript", body: "window.headRuns = (window.headRuns || 0) + 1;" }),
  );
  await page.route("**/js/other.js", (route) =>
    route.fulfill({ contentType: "text/javascript", body: "window.otherRuns = (window.otherRuns || 0) + 1;" }),
  );
  await page.route("**/embed.html", (route) => route.fulfill({ contentType: "text/html", body: "<p>video</p>" }));
  await page.goto(site.url("/react.html"));
  await page.waitForFunction(() => window.hydrated === true);
  await page.frameLocator("iframe").locator('[data-kakor="placeholder"]').waitFor();
  assert.deepEqual(await page.evaluate(() => window.recoverable), [], "hydration found what the server rendered");

  assert.equal(await page.locator("#consent").textContent(), "none");
  await page.locator('[data-action="accept-all"]').click();
  await page.locator("#consent", { hasText: "accept-all" }).waitFor();
  await page.waitForFunction(() => window.otherRuns === 1);
  await page.waitForFunction(() => document.querySelector("iframe").getAttribute("src") === "/embed.html");

  // Client navigation away: React removes the nodes it rendered.
  await page.locator("#to-home").click();
  await page.locator("h1", { hasText: "Home" }).waitFor();
  assert.equal(await page.locator("iframe").count(), 0);
  // And back: React renders the gated script afresh; it ran in this page view.
  await page.locator("#to-other").click();
  await page.locator("h1", { hasText: "Other" }).waitFor();
  await page.waitForFunction(() => document.querySelector("iframe")?.getAttribute("src") === "/embed.html");
  assert.deepEqual(await page.evaluate(() => [window.headRuns, window.otherRuns, window.injected]), [1, 1, undefined]);
  await page.evaluate(() => kakor.rejectAll());
  await page.locator("#consent", { hasText: "reject-all" }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.recoverable), []);
  // The skipped script is reported as a warning, not an error.
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

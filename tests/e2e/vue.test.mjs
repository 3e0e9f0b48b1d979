// kakor/vue's useConsent() in a real Vue 3 app in Chromium: the ref
// follows a decision, a change and a withdrawal, and lets go on unmount.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { harness } from "./harness.mjs";

const site = harness();

let bundle;
before(async () => {
  const result = await build({
    stdin: {
      contents: `import { createApp, h, ref } from "vue";
import { useConsent } from "./www/dist/vue.mjs";
const Status = {
  setup() {
    const consent = useConsent();
    return () => h("output", { id: "consent" }, consent.value ? consent.value.method : "none");
  },
};
const shown = ref(true);
window.unmountStatus = () => (shown.value = false);
createApp({ render: () => (shown.value ? h(Status) : h("p", { id: "gone" }, "gone")) }).mount("#app");`,
      resolveDir: new URL("../..", import.meta.url).pathname,
    },
    bundle: true,
    format: "iife",
    write: false,
    define: {
      "process.env.NODE_ENV": '"production"',
      __VUE_OPTIONS_API__: "false",
      __VUE_PROD_DEVTOOLS__: "false",
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
    },
    logLevel: "silent",
  });
  bundle = result.outputFiles[0].text;
});

test("Vue: useConsent() follows a decision, a change and a withdrawal", async () => {
  site.servePage(
    "/vue.html",
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js"></script></head>
<body><div id="app"></div><script src="/vue-app.js"></script></body></html>`,
  );
  const page = await site.page();
  await page.route("**/vue-app.js", (route) => route.fulfill({ contentType: "text/javascript", body: bundle }));
  await page.goto(site.url("/vue.html"));
  await page.locator('[data-kakor="banner"]').waitFor();
  assert.equal(await page.locator("#consent").textContent(), "none");
  await page.locator('[data-action="accept-all"]').click();
  await page.locator("#consent", { hasText: "accept-all" }).waitFor();
  await page.evaluate(() => kakor.set({ categories: { marketing: false } }));
  await page.locator("#consent", { hasText: "custom" }).waitFor();
  await page.evaluate(() => kakor.withdraw());
  await page.locator("#consent", { hasText: "none" }).waitFor();
  // Unmounted, the component no longer listens: a later change reaches no ref.
  await page.evaluate(() => window.unmountStatus());
  await page.locator("#gone").waitFor();
  await page.evaluate(() => kakor.acceptAll());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

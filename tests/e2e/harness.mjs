// Shared set-up for the end-to-end tests: www/ served on loopback and
// Debian's Chromium driven by playwright-core, one fresh context per test.
import { chromium } from "playwright-core";
import { after, before } from "node:test";
import { serve } from "../../tools/serve.mjs";

export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // *.kakor.test are real-looking host names with parent domains, on loopback.
  "--host-resolver-rules=MAP *.kakor.test 127.0.0.1",
];

/** Starts the server and the browser for this test file; returns a handle
 *  whose `page()` opens a fresh context (no cookies, no storage). */
export function harness() {
  const state = { pages: new Map() };
  before(async () => {
    state.server = await serve(new URL("../../www", import.meta.url).pathname, 0, state.pages);
    state.origin = `http://127.0.0.1:${state.server.address().port}`;
    state.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    await state.browser?.close();
    state.server?.close();
  });
  return {
    url: (path = "/") => state.origin + path,
    /** Serves `html` at `path` from the loopback server itself (a page that
     *  request routing fulfils counts as public to Chromium, which then
     *  blocks its loopback subresources), with extra response `headers`. */
    servePage: (path, html, headers = {}) => state.pages.set(path, { html, headers }),
    /** The same server under a host name, e.g. `app.sub.kakor.test`. */
    hostUrl: (host, path = "/") => `http://${host}:${state.server.address().port}${path}`,
    /** A page in a fresh context (with playwright's context `options`);
     *  collects page errors and requested paths. */
    async page(options = {}) {
      const context = await state.browser.newContext(options);
      const page = await context.newPage();
      page.errors = [];
      page.requests = [];
      page.on("pageerror", (error) => page.errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") page.errors.push(message.text());
      });
      page.on("request", (request) => page.requests.push(new URL(request.url()).pathname));
      return page;
    },
  };
}

/** What a site owner can observe of kakor's traces in the browser. */
export async function traces(page) {
  const cookies = await page.context().cookies();
  const storage = await page.evaluate(() => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
  }));
  return { cookies, ...storage };
}

export const runs = (page) => page.evaluate(() => ({ ...window.demo.runs }));

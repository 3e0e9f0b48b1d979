// Screenshots of both layers at 1280 and 375 px wide, light and dark, for the
// README and docs/banner.md, and of both layers at 375 px in each of the six languages, to
// review the words: `node tools/screenshots.mjs` after ./build.sh. Writes
// docs/screenshots/.
import { chromium } from "playwright-core";
import { mkdir } from "node:fs/promises";
import { serve } from "./serve.mjs";
import { LANGUAGES, routePolyglot } from "./polyglot.mjs";

const out = new URL("../docs/screenshots/", import.meta.url).pathname;
await mkdir(out, { recursive: true });
const server = await serve(new URL("../www", import.meta.url).pathname);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"],
});
try {
  for (const scheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 800], [375, 740]]) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(url);
      await page.locator('[data-kakor="banner"]').waitFor();
      await page.evaluate(() => document.activeElement.blur());
      await page.screenshot({ path: `${out}first-${width}-${scheme}.png` });
      await page.locator('[data-action="preferences"]').click();
      const marketing = page.locator('[data-kakor="preferences"] summary').nth(2);
      await marketing.click();
      await marketing.evaluate((summary) => summary.scrollIntoView({ block: "start" }));
      await page.evaluate(() => document.getElementById("kakor").shadowRoot.activeElement?.blur());
      await page.screenshot({ path: `${out}preferences-${width}-${scheme}.png` });
      await context.close();
    }
  }
  for (const lang of LANGUAGES) {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await routePolyglot(page, lang);
    await page.goto(`${url}six.html`);
    await page.locator('[data-kakor="banner"]').waitFor();
    await page.screenshot({ path: `${out}first-375-${lang}.png` });
    await page.locator('[data-action="preferences"]').click();
    // Marketing's services: the facts, then each cookie as a short list.
    await page.locator('[data-kakor="preferences"] summary').nth(3).click();
    const facts = page.locator('[data-kakor="preferences"] details[open] dl').first();
    await facts.evaluate((dl) => dl.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: `${out}preferences-375-${lang}.png` });
    await context.close();
  }
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  server.close();
}

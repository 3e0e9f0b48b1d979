// The banner in all six languages on a phone and a desktop: the buttons of
// equal weight stay equal (and on one line on a phone), the cookie tables
// stack into short lists on narrow screens, and the first layer names the
// controller and the purposes it asks for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./harness.mjs";
import { LANGUAGES, polyglot, routePolyglot, TITLES } from "../../tools/polyglot.mjs";

const site = harness();
const banner = '[data-kakor="banner"]';
const preferences = '[data-kakor="preferences"]';

/** kakor's words that the checks below look for, by language. */
const WORDS = {
  en: { customise: "Customise", withdraw: "withdraw your consent", controller: "Data controller" },
  sv: { customise: "Anpassa", withdraw: "återkalla ditt samtycke", controller: "Personuppgiftsansvarig" },
  nb: { customise: "Tilpass", withdraw: "trekke tilbake samtykket", controller: "Behandlingsansvarlig" },
  da: { customise: "Tilpas", withdraw: "trække dit samtykke tilbage", controller: "Dataansvarlig" },
  fi: { customise: "Muokkaa", withdraw: "peruuttaa suostumuksesi", controller: "Rekisterinpitäjä" },
  de: { customise: "Anpassen", withdraw: "Ihre Einwilligung jederzeit", controller: "Verantwortlich" },
};

/** A page speaking `lang`, the banner's first layer shown. */
async function open(lang, width) {
  const page = await site.page({ viewport: { width, height: 800 } });
  await routePolyglot(page, lang);
  await page.goto(site.url("/six.html"));
  await page.locator(banner).waitFor();
  return page;
}

/** Size, and the number of lines its label takes, of a layer's button. */
const measure = (page, layer, action) =>
  page.locator(`${layer} [data-action="${action}"]`).evaluate((button) => {
    const range = document.createRange();
    range.selectNodeContents(button);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    const box = button.getBoundingClientRect();
    return { width: Math.round(box.width), height: Math.round(box.height), lines, text: button.textContent };
  });

/** Accept all and Reject all of `layer`: equal in size; on one line each when `oneLine`. */
async function equalButtons(page, layer, where, oneLine) {
  const accept = await measure(page, layer, "accept-all");
  const reject = await measure(page, layer, "reject-all");
  assert.equal(accept.width, reject.width, `${where}: widths ${JSON.stringify([accept, reject])}`);
  assert.equal(accept.height, reject.height, `${where}: heights ${JSON.stringify([accept, reject])}`);
  if (oneLine) {
    assert.equal(accept.lines, 1, `${where}: "${accept.text}" takes ${accept.lines} lines`);
    assert.equal(reject.lines, 1, `${where}: "${reject.text}" takes ${reject.lines} lines`);
  }
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);
  assert.equal(sideways, false, `${where}: the page scrolls sideways`);
}

for (const lang of LANGUAGES) {
  test(`${lang}: Accept all and Reject all are equal on both layers, one line each on a phone`, async () => {
    const page = await open(lang, 320);
    for (const width of [320, 375, 430]) {
      await page.setViewportSize({ width, height: 800 });
      await equalButtons(page, banner, `${lang} first layer at ${width} px`, true);
    }
    await page.locator('[data-action="preferences"]').click();
    await page.locator(preferences).waitFor();
    for (const width of [320, 375, 430, 600, 768, 1024, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await equalButtons(page, preferences, `${lang} preferences at ${width} px`, width <= 430);
    }
    await page.context().close();
  });

  test(`${lang}: on a phone each cookie is a short list, and no cookie name breaks`, async () => {
    const page = await open(lang, 320);
    await page.locator('[data-action="preferences"]').click();
    await page.locator(`${preferences} summary`).evaluateAll((all) => all.forEach((summary) => summary.click()));
    await page.locator(`${preferences} td.name`).first().waitFor();
    for (const width of [320, 375, 430, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const cookies = await page.locator(`${preferences} tbody tr`).evaluateAll((rows) =>
        rows.map((row) => {
          const name = row.cells[0];
          const range = document.createRange();
          range.selectNodeContents(name);
          const service = row.closest(".service").getBoundingClientRect();
          return {
            name: name.textContent,
            nameLines: new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size,
            nameInside: range.getBoundingClientRect().right <= service.right + 0.5,
            stacked: [...row.cells].every((cell) => Math.round(cell.getBoundingClientRect().width) === Math.round(row.getBoundingClientRect().width)),
            labels: [...row.cells].slice(1).map((cell) => getComputedStyle(cell, "::before").content),
            heads: [...row.closest("table").tHead.rows[0].cells].slice(1).map((th) => `"${th.textContent}: "`),
            header: getComputedStyle(row.closest("table").tHead).position,
          };
        }),
      );
      assert.equal(cookies.length, 19, `${lang} at ${width} px`);
      // Only the body scrolls: the heading and the buttons stay in view.
      const layer = await page.locator(preferences).evaluate((el) => [el.scrollHeight, el.clientHeight]);
      assert.equal(layer[0], layer[1], `${lang} at ${width} px: the layer itself scrolls`);
      for (const cookie of cookies) {
        const where = `${lang} at ${width} px, ${cookie.name}`;
        assert.equal(cookie.nameLines, 1, `${where}: the name breaks`);
        assert.ok(cookie.nameInside, `${where}: the name overflows its service`);
        if (width <= 430) {
          assert.ok(cookie.stacked, `${where}: still a table row`);
          assert.deepEqual(cookie.labels, cookie.heads, where);
          assert.equal(cookie.header, "absolute", `${where}: the column heads show`);
        } else {
          assert.equal(cookie.stacked, false, `${where}: stacked on a wide screen`);
          assert.deepEqual(cookie.labels, ["none", "none", "none"], where);
        }
      }
      // A table's words, headings included, break between words only (or
      // after a hyphen, where a line may end: "non-" / "essential").
      if (width === 1280) {
        const broken = await page.locator(`${preferences} th, ${preferences} td`).evaluateAll((cells) =>
          cells.flatMap((cell) => {
            const node = cell.firstChild;
            const range = document.createRange();
            return [...cell.textContent.matchAll(/[^\s-]+-?/g)].filter((word) => {
              range.setStart(node, word.index);
              range.setEnd(node, word.index + word[0].length);
              return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
            }).map((word) => word[0]);
          }),
        );
        assert.deepEqual(broken, [], `${lang}: words broken at 1280 px`);
      }
    }
    await page.context().close();
  });

  test(`${lang}: the first layer names the controller, the purposes asked for and how to withdraw`, async () => {
    const page = await open(lang, 375);
    const i = LANGUAGES.indexOf(lang);
    const intro = await page.locator("#kakor-intro").textContent();
    const purposes = ["functionality", "statistics", "marketing"].map((id) => TITLES[id][i]).join(", ");
    assert.ok(intro.includes(`: ${purposes}.`), `${lang}: ${intro}`);
    assert.ok(!intro.includes(TITLES.necessary[i]), `${lang} names the necessary category as a purpose: ${intro}`);
    assert.ok(intro.includes(WORDS[lang].withdraw), `${lang}: ${intro}`);
    assert.ok(!intro.includes("{"), `${lang} leaves a placeholder: ${intro}`);
    assert.equal(await page.locator(`${banner} [data-action="preferences"]`).textContent(), WORDS[lang].customise);
    // Who asks: the controller by its legal name and registration number.
    const { name, registration } = polyglot().site.controller;
    const controller = `${WORDS[lang].controller}: ${name} (${registration}).`;
    assert.deepEqual(await page.locator(`${banner} p`).allTextContents().then((all) => all.filter((p) => p.includes(name))), [controller]);
    // Withdrawal is "under" the reopen control: the intro names it as it reads.
    await page.locator('[data-action="reject-all"]').click();
    const reopen = await page.locator('[data-action="reopen"]').textContent();
    assert.ok(intro.includes(reopen), `${lang}: "${reopen}" is not in: ${intro}`);
    await page.context().close();
  });
}

// A language kakor does not ship: a French catalogue whose words come from
// the word list it includes (languages/fr.toml, turned into the runtime
// JSON by `kakor json`: tests/fixtures/catalogues/french.json) shows the
// banner in French on both layers; a runtime catalogue missing some of its
// words fails closed, every missing word named with its JSON path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { harness } from "./harness.mjs";

const site = harness();
const FRENCH = JSON.parse(readFileSync(new URL("../fixtures/catalogues/french.json", import.meta.url), "utf8"));
const banner = '[data-kakor="banner"]';
const preferences = '[data-kakor="preferences"]';

const page = (lang) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/fr/catalogue.json"></script></head>
<body><h1>Boulangerie Martin</h1>
<script type="text/plain" data-category="statistics">window.ranStatistics = (window.ranStatistics || 0) + 1;</script>
</body></html>`;

/** A page in `lang` whose runtime catalogue is `catalogue`. */
async function open(catalogue, lang = "fr") {
  const tab = await site.page();
  await tab.route("**/fr/page.html", (route) => route.fulfill({ contentType: "text/html", body: page(lang) }));
  await tab.route("**/fr/catalogue.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify(catalogue) }),
  );
  await tab.goto(site.url("/fr/page.html"));
  return tab;
}

const text = (tab, selector) => tab.locator(selector).first().textContent();

test("a French catalogue with the included word list shows the banner in French on both layers", async () => {
  const tab = await open(FRENCH);
  await tab.locator(banner).waitFor();
  assert.equal(await tab.locator("#kakor").getAttribute("lang"), "fr");
  const first = await text(tab, banner);
  assert.match(first, /Les cookies et votre vie privée/);
  assert.match(first, /Boulangerie Martin utilise des cookies nécessaires au fonctionnement du site/);
  // The purposes asked for, and where consent is withdrawn, in French.
  assert.match(first, /pour les finalités suivantes\u00a0: Mesure d’audience\./);
  assert.match(first, /retirer votre consentement à tout moment dans «\u00a0Paramètres des cookies\u00a0»/);
  assert.match(first, /Politique de confidentialité/);
  assert.equal(await text(tab, `${banner} [data-action="accept-all"]`), "Tout accepter");
  assert.equal(await text(tab, `${banner} [data-action="reject-all"]`), "Tout refuser");
  assert.equal(await text(tab, `${banner} [data-action="preferences"]`), "Personnaliser");
  assert.doesNotMatch(first, /Accept all|Reject all|Customise|cookies that the site needs/);

  await tab.locator(`${banner} [data-action="preferences"]`).click();
  await tab.locator(preferences).waitFor();
  await tab.locator(`${preferences} summary`).evaluateAll((all) => all.forEach((summary) => summary.click()));
  await tab.locator(`${preferences} td`).first().waitFor();
  const second = await text(tab, preferences);
  for (const words of [
    "Préférences en matière de cookies",
    "Choisissez les cookies que Boulangerie Martin peut utiliser.",
    "Toujours actifs",
    "Services et cookies (1)",
    "Fournisseur",
    "Lieu de traitement des données",
    "Base du transfert",
    "Finalité",
    "Durée de conservation",
    "Déposé par",
    "Ce site",
    "13 mois",
    "30 minutes",
    "Distingue les visiteurs.",
  ]) {
    assert.ok(second.includes(words), `"${words}" is not on the preferences layer:\n${second}`);
  }
  assert.equal(await text(tab, `${preferences} [data-action="save"]`), "Enregistrer mes choix");
  assert.equal(await text(tab, `${preferences} [data-action="accept-all"]`), "Tout accepter");
  assert.equal(await text(tab, `${preferences} [data-action="reject-all"]`), "Tout refuser");
  assert.doesNotMatch(second, /Save choices|Always on|Provider|Purpose|months/);

  // The choice works as in any language, and the proof says French.
  await tab.locator(`${preferences} input[data-category="statistics"]`).check();
  await tab.locator(`${preferences} [data-action="save"]`).click();
  await tab.waitForFunction(() => window.ranStatistics === 1);
  const consent = await tab.evaluate(() => kakor.get());
  assert.equal(consent.language, "fr");
  assert.deepEqual(consent.categories, { necessary: true, statistics: true });
  assert.equal(await text(tab, '[data-action="reopen"]'), "Paramètres des cookies");
  assert.deepEqual(tab.errors, []);
  await tab.context().close();
});

test("a visitor whose browser asks for another language still gets the catalogue's French", async () => {
  const tab = await open(FRENCH, "de");
  await tab.locator(banner).waitFor();
  assert.equal(await text(tab, `${banner} [data-action="reject-all"]`), "Tout refuser");
  await tab.context().close();
});

test("a runtime catalogue missing French words fails closed, every missing word named with its JSON path", async () => {
  const broken = structuredClone(FRENCH);
  delete broken.texts.reject_all;
  delete broken.texts.intro;
  broken.texts.years = {};
  const tab = await open(broken);
  const error = await tab.evaluate(() => kakor.ready.then(() => "resolved", (e) => e.message));
  const lines = error.split("\n");
  assert.match(lines[0], /^kakor: catalogue \/fr\/catalogue\.json: site\.languages\[0\]: kakor has no words of its own in `fr`/);
  assert.match(lines[0], /3 missing \(English as a hint\):$/);
  assert.deepEqual(lines.slice(1, 4), [
    `  intro: "{site} uses cookies that the site needs to work. With your consent it also uses optional cookies for these purposes: {purposes}. No optional cookies are used unless you accept them, and you can withdraw your consent at any time under {settings}."`,
    '  reject_all: "Reject all"',
    '  years: "{n} years"',
  ]);
  assert.ok(
    tab.errors.some((e) => e.includes("site.languages[0]: kakor has no words of its own in `fr`") && e.includes('reject_all: "Reject all"')),
    "the console names the path and the words: " + tab.errors.join("\n"),
  );
  // Whatever the visitor or the page does, nothing gated runs.
  const accept = await tab.evaluate(() => kakor.acceptAll().then(() => "resolved", (e) => e.message));
  assert.match(accept, /^kakor: /);
  assert.equal(await tab.locator("#kakor").count(), 0, "a banner for a catalogue missing words");
  assert.equal(await tab.evaluate(() => window.ranStatistics ?? 0), 0);
  assert.deepEqual(await tab.context().cookies(), []);
  await tab.context().close();
});

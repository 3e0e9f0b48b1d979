// One catalogue in all six languages kakor speaks, for the tests and the
// screenshots: the construction-tech example (19 cookies, the longest names
// among the examples) with its English texts copied to the other languages
// and its category titles translated, as a site owner would write them.
import { readFileSync } from "node:fs";

export const LANGUAGES = ["en", "sv", "nb", "da", "fi", "de"];

/** Category titles by id, in the order of `LANGUAGES`. */
export const TITLES = {
  necessary: ["Strictly necessary", "Nödvändiga", "Nødvendige", "Nødvendige", "Välttämättömät", "Unbedingt erforderlich"],
  functionality: ["Functionality", "Funktionalitet", "Funksjonalitet", "Funktionalitet", "Toiminnallisuus", "Funktionalität"],
  statistics: ["Statistics", "Statistik", "Statistikk", "Statistik", "Tilastointi", "Statistik"],
  marketing: ["Marketing", "Marknadsföring", "Markedsføring", "Markedsføring", "Markkinointi", "Marketing"],
};

/** The catalogue, as the JSON a page's `data-catalogue` loads. */
export function polyglot() {
  const source = new URL("../www/examples/construction-tech/catalogue.json", import.meta.url);
  const every = (value) => {
    if (Array.isArray(value)) return value.map(every);
    if (value === null || typeof value !== "object") return value;
    if (Object.keys(value).join() === "en") return Object.fromEntries(LANGUAGES.map((lang) => [lang, value.en]));
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, every(inner)]));
  };
  const catalogue = every(JSON.parse(readFileSync(source, "utf8")));
  catalogue.site.languages = LANGUAGES;
  for (const category of catalogue.categories) {
    category.title = Object.fromEntries(LANGUAGES.map((lang, i) => [lang, TITLES[category.id][i]]));
  }
  return catalogue;
}

/** Routes `/six.html` (a page speaking `lang`) and `/six.json` on a
 *  playwright `page`; the caller then opens `/six.html`. */
export async function routePolyglot(page, lang) {
  const body = JSON.stringify(polyglot());
  await page.route("**/six.json", (route) => route.fulfill({ contentType: "application/json", body }));
  await page.route("**/six.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="/dist/kakor.js" data-catalogue="/six.json" data-lang="${lang}"></script></head><body></body></html>`,
    }),
  );
}

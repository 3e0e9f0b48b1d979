// The test vectors for kakor's server readers (kakor_core::record::read in
// Rust, readConsent in kakor/server): `kakor` cookies the banner wrote in
// Chromium, under the catalogue tests/vectors/catalogue.json, each with the
// consent a reader must return, or null. Every vector is also handed back to
// the banner, which must agree: what it accepts, and the consent it then
// reports, is what the readers must give. Run after ./build.sh:
//
//   node tools/vectors.mjs        # rewrites tests/vectors/cookies.json
//
// tests/e2e/server.test.mjs runs generate() again and compares the shapes, so
// a change of the format cannot leave the committed vectors stale. The
// version 1 vectors (tests/vectors/cookies-v1.json), written before the
// record named its source, are kept as they were: readers must still read them.
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { CHROMIUM_ARGS } from "../tests/e2e/harness.mjs";

const root = new URL("../", import.meta.url);
export const VECTORS = fileURLToPath(new URL("tests/vectors/cookies.json", root));
/** The vectors of format version 1, frozen. */
export const VECTORS_V1 = fileURLToPath(new URL("tests/vectors/cookies-v1.json", root));
const CATALOGUE = JSON.parse(readFileSync(new URL("tests/vectors/catalogue.json", root), "utf8"));
const DAY = 86_400_000;

/** The same catalogue with one service more: another revision. */
function other() {
  const copy = structuredClone(CATALOGUE);
  // No cookies of its own: a cookie belongs to one service.
  copy.services.push({ ...structuredClone(copy.services.at(-1)), id: "hubspot", name: "HubSpot", cookies: [] });
  return copy;
}

const page = (catalogue) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/dist/kakor.js" data-catalogue="/vectors/${catalogue}.json"></script><title>vectors</title></head>
<body><p>Test vectors.</p></body></html>`;

/** The fields before the checksum in the current format (version 2). */
const FIELDS = 11;

/** FNV-1a 32 as 8 hex digits: only to reseal the two vectors the banner
 *  cannot write (another version, a lifetime beyond the cap). */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}
const reseal = (fields) => [...fields, fnv1a(fields.join("."))].join(".");

/** A consent as a reader without the catalogue sees it: only what is granted. */
function granted(consent) {
  const only = (flags) => Object.fromEntries(Object.entries(flags).filter(([, on]) => on));
  return { ...consent, categories: only(consent.categories), services: only(consent.services) };
}

/** Makes the vectors in a fresh Chromium; resolves to the file's content. */
export async function generate() {
  const pages = new Map([
    ["/vectors/main.html", page("main")],
    ["/vectors/other.html", page("other")],
    ["/vectors/main.json", { html: JSON.stringify(CATALOGUE), headers: { "content-type": "application/json" } }],
    ["/vectors/other.json", { html: JSON.stringify(other()), headers: { "content-type": "application/json" } }],
  ]);
  const server = await serve(fileURLToPath(new URL("www", root)), 0, pages);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });

  /** Opens `catalogue`'s page in a fresh context (with `cookie` set, or the
   *  clock at `time`), runs `act`, and returns what kakor then holds. */
  const visit = async (catalogue, { act, cookie, time } = {}) => {
    const context = await browser.newContext();
    try {
      if (cookie) await context.addCookies([{ name: "kakor", value: cookie, url: origin }]);
      const tab = await context.newPage();
      if (time) await tab.clock.install({ time });
      await tab.goto(`${origin}/vectors/${catalogue}.html`);
      await tab.evaluate(() => kakor.ready);
      await act?.(tab);
      const consent = await tab.evaluate(() => kakor.get());
      const stored = (await context.cookies()).find((c) => c.name === "kakor")?.value ?? null;
      return { consent, cookie: stored };
    } finally {
      await context.close();
    }
  };
  const click = (action) => async (tab) => {
    await tab.locator(`[data-action="${action}"]`).click();
    await tab.waitForFunction(() => kakor.get() !== null);
  };

  try {
    const accepted = await visit("main", { act: click("accept-all") });
    const rejected = await visit("main", { act: click("reject-all") });
    const service = await visit("main", { act: (tab) => tab.evaluate(() => kakor.set({ services: { matomo: true } })) });
    const expired = await visit("main", { act: click("accept-all"), time: Date.now() - (CATALOGUE.site.consent_days + 1) * DAY });
    const foreign = await visit("other", { act: click("accept-all") });
    // The readers judge expiry at this moment, after every cookie was made.
    const now = Date.now();
    const revision = accepted.consent.revision;
    const fields = accepted.cookie.split(".").slice(0, FIELDS);
    const at = accepted.cookie.indexOf(".a.") + 1;
    const vectors = [
      { name: "accept all, clicked", cookie: accepted.cookie, revision, catalogue: "main" },
      { name: "accept all, any revision", cookie: accepted.cookie, revision: null, catalogue: "main" },
      { name: "reject all, clicked", cookie: rejected.cookie, revision, catalogue: "main" },
      { name: "custom: one service on its own", cookie: service.cookie, revision, catalogue: "main" },
      {
        name: "tampered: one character changed (accept all → custom)",
        cookie: `${accepted.cookie.slice(0, at)}c${accepted.cookie.slice(at + 1)}`,
        revision,
        catalogue: "main",
      },
      { name: `expired: given ${CATALOGUE.site.consent_days + 1} days ago`, cookie: expired.cookie, revision, catalogue: "main" },
      { name: "another revision, asked for this one", cookie: foreign.cookie, revision, catalogue: "main" },
      { name: "another revision, none asked", cookie: foreign.cookie, revision: null, catalogue: "other" },
      { name: "another format version (resealed)", cookie: reseal(["3", ...fields.slice(1)]), revision, catalogue: "main" },
      {
        name: "an unknown source (resealed)",
        cookie: reseal([...fields.slice(0, 6), "x", ...fields.slice(7)]),
        revision,
        catalogue: "main",
      },
      {
        name: "a lifetime beyond 395 days (resealed)",
        cookie: reseal([...fields.slice(0, 3), String(Number(fields[2]) + 396 * DAY), ...fields.slice(4)]),
        revision: null,
        catalogue: "main",
      },
      { name: "a cookie header with kakor among others", cookie: `theme=dark; kakor=${service.cookie}; lang=sv`, revision, catalogue: "main" },
      { name: "not a kakor cookie", cookie: "garbage", revision: null, catalogue: "main" },
    ];
    // The banner's own reading of each vector is the expected result.
    for (const vector of vectors) {
      const value = /(?:^|;\s*)kakor=([^;]*)/.exec(vector.cookie)?.[1] ?? vector.cookie;
      const { consent } = await visit(vector.catalogue, { cookie: value });
      vector.expected = consent && granted(consent);
    }
    return {
      about:
        "kakor cookies the banner wrote in Chromium (tools/vectors.mjs), each read at `now` with the catalogue `revision` " +
        "it must be for (null: any), and what a server reader must return: the consent with only its granted categories " +
        "and services, as the banner reported it reading the same cookie, or null.",
      now,
      revision,
      vectors: vectors.map(({ catalogue, ...vector }) => vector),
    };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(VECTORS, `${JSON.stringify(await generate(), null, 2)}\n`);
  console.log(`wrote ${VECTORS}`);
}

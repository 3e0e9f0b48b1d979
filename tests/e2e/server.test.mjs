// kakor/server: readConsent against the test vectors (cookies the banner
// wrote in Chromium, tests/vectors/cookies.json, which the Rust reader is
// tested on too), as the package ships it, and a fresh set of vectors from
// the current banner, so the committed ones cannot go stale.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readConsent } from "../../src/server.mjs";
import { VECTORS, VECTORS_V1, generate } from "../../tools/vectors.mjs";

const root = new URL("../../", import.meta.url);
const committed = JSON.parse(readFileSync(VECTORS, "utf8"));
// Format version 1, from before the record named its source: still read.
const version1 = JSON.parse(readFileSync(VECTORS_V1, "utf8"));
const options = (file, vector) => ({ now: file.now, ...(vector.revision === null ? {} : { revision: vector.revision }) });

test("readConsent gives what the banner gave for every vector, of both format versions", () => {
  for (const file of [committed, version1]) {
    const seen = { valid: 0, invalid: 0 };
    for (const vector of file.vectors) {
      assert.deepEqual(readConsent(vector.cookie, options(file, vector)), vector.expected, vector.name);
      seen[vector.expected ? "valid" : "invalid"] += 1;
    }
    assert.ok(seen.valid >= 4 && seen.invalid >= 6, JSON.stringify(seen));
  }
  // A version 1 cookie has no source; a version 2 one names it.
  const clicked = (file) => file.vectors.find((v) => v.name === "accept all, clicked");
  assert.equal(readConsent(clicked(version1).cookie, { now: version1.now }).source, undefined);
  assert.equal(readConsent(clicked(committed).cookie, { now: committed.now }).source, "first-layer");
  const set = committed.vectors.find((v) => v.name.startsWith("custom: one service"));
  assert.equal(readConsent(set.cookie, { now: committed.now }).source, "api");
});

test("a Cookie header and the bare value read alike; the first kakor cookie counts", () => {
  const valid = committed.vectors.find((v) => v.name === "accept all, clicked");
  const tampered = committed.vectors.find((v) => v.name.startsWith("tampered"));
  const at = { now: committed.now };
  const consent = readConsent(valid.cookie, at);
  assert.equal(consent.method, "accept-all");
  assert.deepEqual(readConsent(`kakor=${valid.cookie}`, at), consent);
  assert.deepEqual(readConsent(`a=1;kakor=${valid.cookie}`, at), consent);
  assert.deepEqual(readConsent(`a=1;   kakor=${valid.cookie}`, at), consent);
  assert.deepEqual(readConsent(`a=1; kakor=${valid.cookie}; kakor=${tampered.cookie}`, at), consent);
  assert.equal(readConsent(`a=1; kakor=${tampered.cookie}; kakor=${valid.cookie}`, at), null);
  assert.equal(readConsent(`xkakor=${valid.cookie}; kakorx=${valid.cookie}`, at), null);
  for (const nothing of ["", "a=1", "kakor=", undefined, null, 42]) assert.equal(readConsent(nothing, at), null, String(nothing));
});

test("now and revision decide as the banner does: expiry is exclusive, a Date works", () => {
  const valid = committed.vectors.find((v) => v.name === "accept all, clicked");
  const expires = Date.parse(valid.expected.expires);
  assert.ok(readConsent(valid.cookie, { now: expires - 1 }));
  assert.equal(readConsent(valid.cookie, { now: expires }), null);
  assert.ok(readConsent(valid.cookie, { now: new Date(expires - 1) }));
  assert.equal(readConsent(valid.cookie, { now: new Date(expires) }), null);
  assert.equal(readConsent(valid.cookie, { now: Number.NaN }), null, "an unreadable clock fails closed");
  assert.ok(readConsent(valid.cookie, { revision: committed.revision, now: committed.now }));
  assert.equal(readConsent(valid.cookie, { revision: "00000000", now: committed.now }), null);
  // Without `now`, the real clock (the committed vectors expire 30 days after they were made).
  assert.equal(readConsent(valid.cookie) !== null, Date.now() < expires);
});

test("the package ships the reader as written: no DOM, no wasm, no imports", () => {
  const source = readFileSync(new URL("src/server.mjs", root), "utf8");
  assert.equal(readFileSync(new URL("www/dist/server.mjs", root), "utf8"), source, "www/dist/server.mjs is stale: run ./build.sh");
  assert.equal(readFileSync(new URL("www/dist/server.d.mts", root), "utf8"), readFileSync(new URL("src/server.d.mts", root), "utf8"));
  // Web-standard globals only, so edge runtimes (no Node built-ins) run it too.
  assert.doesNotMatch(source, /^\s*import\b|\bimport\(|\b(window|document|WebAssembly|navigator|require|process|Buffer)\b/m);
});

/** A vector with what differs between two runs of the banner masked: ids,
 *  moments (a lifetime stays, as expires − timestamp) and checksums. */
function shape({ expected, ...vector }) {
  const cookie = vector.cookie
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, "<id>")
    .replace(/\.(\d{13})\.(\d{13})\./g, (_, t, e) => `.<t>.<t+${Number(e) - Number(t)}>.`)
    .replace(/\.[0-9a-f]{8}(?=$|;)/g, ".<checksum>");
  const consent = expected && {
    ...expected,
    id: "<id>",
    timestamp: "<t>",
    expires: `<t+${Date.parse(expected.expires) - Date.parse(expected.timestamp)}>`,
  };
  return { ...vector, cookie, expected: consent };
}

test("the committed vectors still match what the current banner writes", { timeout: 120_000 }, async () => {
  const fresh = await generate();
  const hint = "the banner now writes another cookie: run `node tools/vectors.mjs` and review the diff";
  assert.equal(fresh.revision, committed.revision, hint);
  assert.deepEqual(fresh.vectors.map(shape), committed.vectors.map(shape), hint);
  // And the reader agrees with the banner on the cookies it just wrote.
  for (const vector of fresh.vectors) {
    assert.deepEqual(readConsent(vector.cookie, options(fresh, vector)), vector.expected, vector.name);
  }
  assert.notEqual(fresh.vectors[0].cookie, committed.vectors[0].cookie, "a fresh run makes new ids");
});

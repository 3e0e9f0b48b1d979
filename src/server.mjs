// kakor/server: the visitor's choice read from the `kakor` cookie on a
// server (Node, Deno, Bun, edge runtimes): no DOM, no wasm. It applies the
// rules the banner applies to its own cookie, as kakor_core::record::read
// does in Rust; both are tested on the same cookies, written by the banner.

// Version 2 adds the decision's source after the method; version 1, written
// before kakor recorded it, is still read, as a consent without `source`.
const VERSION = "2";
const VERSION_1 = "1";
const DAY_MS = 86_400_000;
// The longest lifetime any catalogue may give a decision.
const MAX_LIFETIME_MS = 395 * DAY_MS;
// 9999-12-31T23:59:59.999Z: later times are refused, as in Rust.
const LAST_MS = 253_402_300_799_999;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LANGUAGE = /^[A-Za-z0-9-]{1,16}$/;
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const UINT = /^[0-9]{1,19}$/;
const METHODS = { a: "accept-all", r: "reject-all", c: "custom" };
const SOURCES = { f: "first-layer", p: "preferences", h: "placeholder", a: "api", o: "other-tab" };

/**
 * The consent in a `Cookie` header (the first `kakor` cookie, as the banner
 * reads it) or in the cookie's bare value; `null` unless it is valid now.
 */
export function readConsent(cookie, options = {}) {
  if (typeof cookie !== "string") return null;
  const value = /[=;]/.test(cookie) ? fromHeader(cookie) : cookie;
  if (value === null) return null;
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const cut = value.lastIndexOf(".");
  const body = value.slice(0, cut);
  const fields = body.split(".");
  const version = fields[0];
  if (cut < 0 || !(version === VERSION ? fields.length === 11 : version === VERSION_1 && fields.length === 10)) return null;
  if (value.slice(cut + 1) !== fnv1a(body)) return null;
  const source = version === VERSION ? fields.splice(6, 1)[0] : null;
  if (source !== null && !Object.hasOwn(SOURCES, source)) return null;
  const [, id, timestampText, expiresText, revision, method, language, gpc, categories, services] = fields;
  if (!UINT.test(timestampText) || !UINT.test(expiresText)) return null;
  const timestamp = Number(timestampText);
  const expires = Number(expiresText);
  if (!UUID_V4.test(id) || !LANGUAGE.test(language) || !Object.hasOwn(METHODS, method) || !(gpc === "0" || gpc === "1")) return null;
  if (expires < timestamp || expires > LAST_MS) return null;
  if (options.revision !== undefined && options.revision !== revision) return null;
  if (!(expires > now) || expires - timestamp > MAX_LIFETIME_MS) return null;
  const grantedCategories = granted(categories);
  const grantedServices = granted(services);
  if (!grantedCategories?.necessary || !grantedServices) return null;
  return {
    id,
    timestamp: new Date(timestamp).toISOString(),
    expires: new Date(expires).toISOString(),
    revision,
    method: METHODS[method],
    language,
    categories: grantedCategories,
    services: grantedServices,
    gpc: gpc === "1",
    ...(source === null ? {} : { source: SOURCES[source] }),
  };
}

/** The first `kakor` cookie's value; pairs are separated by `;` and
 *  spaces, as browsers send them. */
function fromHeader(header) {
  for (const pair of header.split(";")) {
    const cookie = pair.replace(/^ +/, "");
    if (cookie.startsWith("kakor=")) return cookie.slice(6);
  }
  return null;
}

/** A granted list (`-` for none) as id → true, or null for an id no
 *  catalogue could hold, or one listed twice. */
function granted(list) {
  const out = {};
  if (list === "-") return out;
  for (const id of list.split(":")) {
    if (!ID.test(id) || Object.hasOwn(out, id)) return null;
    out[id] = true;
  }
  return out;
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`, as 8 hex digits. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

// kakor for bundled code: the `window.kakor` that <script src=".../kakor.js">
// defined before this module ran. Not a loader: kakor.js must stay a script
// tag of its own, the first in <head>. Where it did not run (a page without
// it, a server rendering the app) importing still works; any use throws.
const missing = () => {
  throw new Error(
    'kakor: window.kakor is not defined. Add <script src=".../kakor.js"></script> as the first ' +
      "script in <head> (no async, no defer), and use kakor only in the browser, not on a server.",
  );
};

// Read at every use, not once at import: the tag may define it after this
// module was evaluated.
const current = () => (typeof window !== "undefined" && window.kakor) || missing();

export const kakor = new Proxy({}, {
  // Not a thenable, and symbols (inspection, coercion) stay harmless.
  get: (_, key) => (key === "then" || typeof key === "symbol" ? undefined : current()[key]),
  has: (_, key) => key in current(),
  set: missing,
});

export default kakor;

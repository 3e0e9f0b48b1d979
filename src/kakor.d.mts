// Types for kakor.mjs, what `import { kakor } from "kakor"` gives bundled
// code. Importing kakor.d.ts also types `window.kakor`.
import type { Kakor } from "./kakor.js";

export type { Consent, Kakor, KakorEvent, Proof } from "./kakor.js";

/** `window.kakor`, as the `kakor.js` script tag defined it. Where that tag did
 *  not run first (or on a server), every use throws an `Error` saying so. */
export declare const kakor: Kakor;
export default kakor;

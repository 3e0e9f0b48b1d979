// Types for kakor/react.
import type { Consent } from "./kakor.js";

/** The visitor's current consent, or `null` (none yet, withdrawn, or on a
 *  server); the component re-renders when it changes. */
export declare function useConsent(): Consent | null;

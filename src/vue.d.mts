// Types for kakor/vue.
import type { Ref } from "vue";
import type { Consent } from "./kakor.js";

/** A read-only ref to the visitor's current consent, or `null` (none yet,
 *  withdrawn, or on a server); it follows every change while the calling
 *  component (or effect scope) lives. */
export declare function useConsent(): Readonly<Ref<Consent | null>>;

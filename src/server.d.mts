// Types for kakor/server.
import type { Consent } from "./kakor.js";

export type { Consent };

export interface ReadOptions {
  /** The catalogue revision a decision must be for (`kakor check` prints it;
   *  `kakor.get().revision` in the browser); any revision counts when left out. */
  revision?: string;
  /** The moment to judge expiry at (ms since the Unix epoch, or a Date); now when left out. */
  now?: number | Date;
}

/**
 * The visitor's consent from a `Cookie` request header, or from the `kakor`
 * cookie's bare value, or `null`: no cookie, or one that is garbled, edited,
 * of another format version, expired, for another `revision`, or claiming a
 * lifetime beyond 395 days. Without the catalogue, `categories` and
 * `services` hold only the granted ids, each `true`: an id that is absent was
 * refused (or is unknown).
 */
export declare function readConsent(cookie: string | null | undefined, options?: ReadOptions): Consent | null;

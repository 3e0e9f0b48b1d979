/**
 * Where a decision came from: a button of the first layer, the preferences
 * layer, a gated iframe's placeholder, the page's script (`window.kakor`), or
 * another tab of the site, whose decision this tab follows (no new proof).
 */
export type Source = "first-layer" | "preferences" | "placeholder" | "api" | "other-tab";

/** A visitor's decision, as kakor records and stores it. */
export interface Consent {
  /** Random UUID v4 for this browser; kept when consent is renewed. */
  id: string;
  /** When this decision was made, as `Date.prototype.toISOString()` writes it. */
  timestamp: string;
  /** When it stops being valid, in the same form. */
  expires: string;
  /** Hash of the catalogue content the consent depends on. */
  revision: string;
  method: "accept-all" | "reject-all" | "custom";
  /** The language the banner was shown in. */
  language: string;
  /** Every category of the catalogue. */
  categories: Record<string, boolean>;
  /** Every service; each follows its category unless set on its own. */
  services: Record<string, boolean>;
  /** The browser sent Global Privacy Control. */
  gpc: boolean;
  /** Where the decision came from; absent for one stored by a kakor before
   *  0.1 recorded it (a version 1 cookie). A proof never says `other-tab`. */
  source?: Source;
}

/** A consent as proof (GDPR Art. 7(1)): what `proofs()` lists and what is POSTed to the endpoint. */
export interface Proof extends Consent {
  /** The page's origin and path, without query or fragment. */
  page: string;
  /**
   * SHA-256 (64 hex digits) of the texts bundle: every text the banner could
   * show in `language`, kakor's words and the catalogue's (`kakor texts`
   * prints it; a consent log keeps it). 8 hex digits from kakor before 0.1.
   */
  texts: string;
  /** The kakor version that recorded it (this package's). */
  version: string;
}

/** The events `kakor.on` listens to. */
export type KakorEvent = "ready" | "change" | "show" | "hide";

/** `window.kakor`, defined synchronously by `kakor.js`. */
export interface Kakor {
  /** Resolves once the module runs and the stored state is read; rejects when the catalogue is invalid. */
  readonly ready: Promise<Consent | null>;
  /** The package version. */
  readonly version: string;
  /** The valid current consent, or `null`. */
  get(): Consent | null;
  /** Whether a category or service id is granted; `has("necessary")` is always true. */
  has(name: string): boolean;
  /** Grants every category (but marketing under Global Privacy Control) and records a proof. */
  acceptAll(): Promise<Consent>;
  /** Refuses every category but `necessary` and records a proof. */
  rejectAll(): Promise<Consent>;
  /** Records a custom choice: categories not named keep their state, services not named follow their category. */
  set(choice: { categories?: Record<string, boolean>; services?: Record<string, boolean> }): Promise<Consent>;
  /** Deletes the consent and the cookies of every non-necessary category, then shows the banner. */
  withdraw(): Promise<void>;
  /** This browser's proof history, oldest first. */
  proofs(): Proof[];
  /**
   * Listens to an event: `ready` (the module started), `change` (a decision
   * was recorded or withdrawn), `show` and `hide` (a layer opened or closed).
   * The listener gets the current consent, or `null`. Each is also dispatched
   * on `window` as a `CustomEvent` named `kakor:<event>` with it as `detail`.
   */
  on(event: KakorEvent, listener: (consent: Consent | null) => void): void;
  /** Stops listening. */
  off(event: KakorEvent, listener: (consent: Consent | null) => void): void;
  /** Opens the first layer. */
  show(): void;
  /** Opens the preferences layer. */
  showPreferences(): void;
  /** Closes the banner's layers. */
  hide(): void;
}

declare global {
  interface Window {
    kakor: Kakor;
  }
  /** `kakor`, the global that `kakor.js` defines, usable without an import
   *  (`/// <reference types="kakor/kakor.d.ts" />`, also from CommonJS). */
  var kakor: Kakor;
  interface WindowEventMap {
    "kakor:ready": CustomEvent<Consent | null>;
    "kakor:change": CustomEvent<Consent | null>;
    "kakor:show": CustomEvent<Consent | null>;
    "kakor:hide": CustomEvent<Consent | null>;
  }
}

// `useConsent()` for Vue: a read-only ref to the visitor's current consent
// (or null) that follows every change (a decision, a withdrawal, another
// tab). The `kakor.js` script tag must be on the page; on a server it is null.
import { onScopeDispose, readonly, shallowRef } from "vue";

const EVENTS = ["kakor:ready", "kakor:change"];

export function useConsent() {
  const consent = shallowRef(typeof window !== "undefined" && window.kakor ? window.kakor.get() : null);
  if (typeof window === "undefined") return readonly(consent);
  const follow = (event) => (consent.value = event.detail);
  for (const name of EVENTS) addEventListener(name, follow);
  onScopeDispose(() => {
    for (const name of EVENTS) removeEventListener(name, follow);
  });
  return readonly(consent);
}

// `useConsent()` for React: the visitor's current consent (or null), and a
// re-render whenever it changes (a decision, a withdrawal, another tab).
// The `kakor.js` script tag must be on the page; on a server it is null.
import { useSyncExternalStore } from "react";

const EVENTS = ["kakor:ready", "kakor:change"];

function subscribe(onChange) {
  for (const name of EVENTS) addEventListener(name, onChange);
  return () => {
    for (const name of EVENTS) removeEventListener(name, onChange);
  };
}

// kakor.get() builds a fresh object each call; React needs the same one
// until something changed.
let last = null;
let lastText = "null";
function snapshot() {
  const consent = window.kakor ? window.kakor.get() : null;
  const text = JSON.stringify(consent);
  if (text !== lastText) [last, lastText] = [consent, text];
  return last;
}

export function useConsent() {
  return useSyncExternalStore(subscribe, snapshot, () => null);
}

/* kakor: the loader. Defines window.kakor synchronously, queues calls until
   the module is ready, then hands every call to it. build.sh puts
   wasm-bindgen's glue where the "@glue" line stands, inside this function, so
   no global but window.kakor is defined. No consent logic lives here. */
(function () {
  "use strict";
  // kakor's own window.kakor carries this marker; any other is a stranger's.
  var MARK = "__kakor";
  if (window.kakor && window.kakor[MARK]) {
    console.error("kakor: kakor.js is on this page twice; this copy does nothing");
    return;
  }
  if (window.kakor) console.warn("kakor: window.kakor was defined by another script; kakor takes it over");
  var script = document.currentScript;
  var source = script && script.getAttribute("data-catalogue");
  if (script && (script.hasAttribute("async") || script.hasAttribute("defer"))) {
    // Gating still holds (gated elements are inert until allowed), but other
    // scripts may now run before kakor.js, and before the Consent Mode default.
    console.warn("kakor: load kakor.js without async or defer, as the first script in <head>");
  }

  // Google Consent Mode v2 (docs/contract.md, "Signals"): the default goes out now, before any
  // other script, when the tag asks for it or the built-in catalogue (whose
  // [consent_mode] build.sh writes below) turns it on. build.sh writes the
  // signal list from kakor_core::consent_mode::SIGNALS; the module sends every update.
  function gtag() {
    (window.dataLayer = window.dataLayer || []).push(arguments);
  }
  // `consent default`: every signal denied but security_storage. Sent here
  // when the loader knows Consent Mode is on; the module calls it once it has
  // read a runtime catalogue that turns it on without the attribute.
  function consentDefault(regions, urlPassthrough) {
    var denied = {};
    /* @SIGNALS */ [].forEach(function (signal) {
      denied[signal] = "denied";
    });
    denied.security_storage = "granted";
    denied.wait_for_update = 500;
    if (regions && regions.length) denied.region = regions;
    gtag("consent", "default", denied);
    gtag("set", "ads_data_redaction", true);
    if (urlPassthrough) gtag("set", "url_passthrough", true);
  }
  var builtinMode = /* @CONSENT_MODE */ null;
  var mode = script && script.hasAttribute("data-consent-mode") ? (source ? {} : builtinMode || {}) : source ? null : builtinMode;
  if (mode) consentDefault(mode.regions, mode.url_passthrough);

  var module = null;
  var failure = null;
  var queue = [];
  // kakor.on() before the module is ready: handed to it, so they hear "ready".
  var early = [];
  var settle;
  var ready = new Promise(function (resolve, reject) {
    settle = [resolve, reject];
  });
  // The failure is reported on the console; a page need not handle it.
  ready.catch(function () {});

  function call(name, args) {
    if (failure) return Promise.reject(failure);
    if (!module) {
      return new Promise(function (resolve, reject) {
        queue.push([name, args, resolve, reject]);
      });
    }
    try {
      return Promise.resolve(module[name].apply(null, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // What kakor.on() knows; a typo is refused at the call, not at start.
  var EVENTS = ["ready", "change", "show", "hide"];
  function known(event, listener) {
    if (EVENTS.indexOf(event) < 0) throw new Error('kakor.on: unknown event "' + event + '"; kakor has ' + EVENTS.join(", "));
    if (typeof listener !== "function") throw new TypeError("kakor.on: the listener is not a function");
  }

  var api = (window.kakor = {
    ready: ready,
    version: "@VERSION",
    get: function () {
      return module ? module.get() : null;
    },
    has: function (name) {
      return module ? module.has(String(name)) : name === "necessary";
    },
    acceptAll: function () {
      return call("acceptAll", []);
    },
    rejectAll: function () {
      return call("rejectAll", []);
    },
    set: function (choice) {
      return call("set", [choice]);
    },
    withdraw: function () {
      return call("withdraw", []);
    },
    proofs: function () {
      return module ? module.proofs() : [];
    },
    on: function (event, listener) {
      known(event, listener);
      if (module) return module.on(event, listener);
      if (!failure && !early.some(function (pair) {
        return pair[0] === event && pair[1] === listener;
      })) early.push([event, listener]);
    },
    off: function (event, listener) {
      known(event, listener);
      if (module) return module.off(event, listener);
      early = early.filter(function (pair) {
        return pair[0] !== event || pair[1] !== listener;
      });
    },
    // These return nothing: a failure to start was reported already.
    show: function () {
      call("show", []).catch(function () {});
    },
    showPreferences: function () {
      call("showPreferences", []).catch(function () {});
    },
    hide: function () {
      call("hide", []).catch(function () {});
    }
  });
  Object.defineProperty(api, MARK, { value: true });

  // @glue

  // A runtime catalogue is fetched alongside the module, not after it.
  var catalogue = source
    ? fetch(source).then(function (response) {
        if (!response.ok) throw new Error("catalogue " + source + ": HTTP " + response.status);
        return response.json().catch(function (error) {
          throw new Error("catalogue " + source + " is not JSON: " + error.message);
        });
      })
    : undefined;

  // The module next to this file, whatever its name or query string
  // (`kakor.js?v=3`), or where the tag's data-wasm says (a fingerprinted name).
  var wasm = new URL((script && script.getAttribute("data-wasm")) || "kakor_bg.wasm", (script && script.src) || location.href);

  Promise.all([wasm_bindgen({ module_or_path: wasm }), catalogue])
    .then(function (loaded) {
      // Set first, so `ready` listeners that boot() calls can use kakor.
      module = wasm_bindgen;
      try {
        settle[0](module.boot(script, loaded[1], early, gtag, consentDefault));
      } catch (error) {
        module = null;
        throw error;
      }
    })
    .catch(function (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      failure.message = "kakor: " + failure.message;
      console.error(failure.message);
      settle[1](failure);
    })
    .then(function () {
      queue.splice(0).forEach(function (queued) {
        call(queued[0], queued[1]).then(queued[2], queued[3]);
      });
    });
})();

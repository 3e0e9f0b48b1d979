/* kakor: the loader. Defines window.kakor synchronously, queues calls until
   the module is ready, then hands every call to it. build.sh puts
   wasm-bindgen's glue where the "@glue" line stands, inside this function, so
   no global but window.kakor is defined. No consent logic lives here. */
(function () {
  "use strict";
  if (window.kakor) {
    console.error("kakor: window.kakor is already defined; this copy of kakor.js does nothing");
    return;
  }
  var script = document.currentScript;
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

  window.kakor = {
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
      if (module) return module.on(event, listener);
      if (!failure) early.push([event, listener]);
    },
    off: function (event, listener) {
      if (module) return module.off(event, listener);
      early = early.filter(function (pair) {
        return pair[0] !== event || pair[1] !== listener;
      });
    },
    show: function () {
      call("show", []);
    },
    showPreferences: function () {
      call("showPreferences", []);
    },
    hide: function () {
      call("hide", []);
    }
  };

  // @glue

  // A runtime catalogue is fetched alongside the module, not after it.
  var source = script && script.getAttribute("data-catalogue");
  var catalogue = source
    ? fetch(source).then(function (response) {
        if (!response.ok) throw new Error("catalogue " + source + ": HTTP " + response.status);
        return response.json().catch(function (error) {
          throw new Error("catalogue " + source + " is not JSON: " + error.message);
        });
      })
    : undefined;

  Promise.all([wasm_bindgen(), catalogue])
    .then(function (loaded) {
      var consent = wasm_bindgen.boot(script, loaded[1], early);
      module = wasm_bindgen;
      settle[0](consent);
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

// The demo page's own script (not gated). `demo.ran(name)` is what the gated
// scripts call; the status panel shows it, and tests read `demo.runs` and
// `demo.order`.
(function () {
  "use strict";
  var runs = {};
  var order = [];
  window.demo = {
    runs: runs,
    order: order,
    ran: function (name) {
      runs[name] = (runs[name] || 0) + 1;
      order.push(name);
      var out = document.getElementById("status-" + name);
      if (out) {
        out.textContent = "ran";
        out.dataset.state = "ran";
      }
    }
  };

  function show(consent) {
    var out = document.getElementById("consent");
    if (!consent) {
      out.textContent = "none yet";
      return;
    }
    var on = Object.keys(consent.categories).filter(function (id) {
      return consent.categories[id];
    });
    out.textContent = consent.method + " (" + on.join(", ") + "), valid until " + consent.expires.slice(0, 10);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("accept").addEventListener("click", function () {
      kakor.acceptAll().then(show);
    });
    document.getElementById("reject").addEventListener("click", function () {
      kakor.rejectAll().then(show);
    });
    // The banner's own buttons decide too; reflect whatever is current.
    document.addEventListener("click", function () {
      setTimeout(function () { show(kakor.get()); }, 0);
    });
    kakor.ready.then(show, function (error) {
      document.getElementById("consent").textContent = "kakor failed to start: " + error.message;
    });
  });
})();

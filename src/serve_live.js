// protokol serve: reloads the page after each successful rebuild and shows content errors over it.
// Served only by the dev server; never part of a built site.
(function () {
  "use strict";
  var version = null;
  var instance = null;
  var overlay = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(state) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "protokol-fejl";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "false");
    overlay.setAttribute("aria-labelledby", "protokol-fejl-titel");
    overlay.style.cssText =
      "position:fixed;inset:1rem;z-index:2147483647;overflow:auto;background:#fff;color:#1a1a1a;" +
      "border:3px solid #b00020;border-radius:6px;padding:1rem 1.25rem;box-shadow:0 4px 24px rgba(0,0,0,.35);" +
      "font:16px/1.5 system-ui,sans-serif";
    var title = document.createElement("h2");
    title.id = "protokol-fejl-titel";
    title.style.cssText = "margin:0 0 .75rem;font-size:1.25rem;color:#b00020";
    title.textContent = state.title + " (" + state.error_count + ")";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = state.close;
    close.style.cssText = "float:right;font:inherit;padding:.25rem .75rem";
    close.addEventListener("click", hide);
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0;font:14px/1.45 ui-monospace,monospace";
    pre.textContent = state.errors;
    overlay.append(close, title, pre);
    document.body.appendChild(overlay);
    close.focus();
  }

  function onState(state) {
    // A new build, or a restarted server (whose versions count from the start again): show what it serves.
    if (version !== null && (state.version !== version || state.instance !== instance)) {
      location.reload();
      return;
    }
    version = state.version;
    instance = state.instance;
    // Lets tools (and the tests) see that the page is connected.
    document.documentElement.setAttribute("data-protokol-live", String(version));
    if (state.error_count > 0) {
      show(state);
    } else {
      hide();
    }
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
  var source = new EventSource("/__protokol/events");
  source.onmessage = function (e) {
    onState(JSON.parse(e.data));
  };
})();

// geoevents: a page that refreshes itself while `geoevents watch` runs (no full reload, no library).
// The server marks such a page's <main> with data-stamp (a value that changes with every write to the store) and
// data-refresh (seconds). Every few seconds this asks /api/sources for the current stamp; when it changed, it
// fetches the page again and swaps in the new <main>. It stops asking once the watch has stopped.
(function () {
  "use strict";
  var main = document.querySelector("main[data-stamp]");
  if (!main) {
    return;
  }
  var every = (Number(main.getAttribute("data-refresh")) || 5) * 1000;

  function swap() {
    return fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        if (fresh) {
          main.innerHTML = fresh.innerHTML;
          main.setAttribute("data-stamp", fresh.getAttribute("data-stamp") || "");
          main.setAttribute("data-refreshed", String(Date.now()));
        }
      });
  }

  function tick() {
    fetch("/api/sources", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        var changed = status.stamp !== main.getAttribute("data-stamp");
        return (changed ? swap() : Promise.resolve()).then(function () { return status; });
      })
      .then(function (status) {
        if (status.watching) {
          window.setTimeout(tick, every);
        } else {
          var note = document.getElementById("live-status");
          if (note) {
            note.textContent = "The watch has stopped; reload the page to see later changes.";
          }
        }
      })
      .catch(function () { window.setTimeout(tick, every * 3); });
  }

  window.setTimeout(tick, every);
})();

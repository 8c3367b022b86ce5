// corroborate web UI: live story river and focus on a cited span. No third-party code.
(function () {
  "use strict";

  // Article page: bring the cited span into view and give it focus for screen readers.
  function focusCited() {
    var cited = document.getElementById("cited");
    if (cited) {
      cited.scrollIntoView({ block: "center" });
      cited.focus({ preventScroll: true });
    }
  }

  // Story river: refresh the list when the server reports a new or updated story.
  function liveRiver() {
    var river = document.getElementById("river");
    var live = document.getElementById("live");
    if (!river || !window.EventSource) {
      return;
    }
    var pending = false;
    function refresh() {
      if (pending) {
        return;
      }
      pending = true;
      var params = new URLSearchParams(window.location.search);
      params.set("partial", "1");
      fetch("/?" + params.toString(), { headers: { Accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          pending = false;
          if (html === null) {
            return;
          }
          var holder = document.createElement("div");
          holder.innerHTML = html; // server-rendered, every text escaped
          var fresh = holder.firstElementChild;
          var current = document.getElementById("river");
          if (fresh && current) {
            current.replaceWith(fresh);
            if (live) {
              live.textContent = "updated " + new Date().toLocaleTimeString();
            }
          }
        })
        .catch(function () { pending = false; });
    }
    var events = new EventSource("/api/v1/events");
    events.addEventListener("story", refresh);
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusCited();
    liveRiver();
  });
})();

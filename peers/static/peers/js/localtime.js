// Event times: the server writes them in the event's own zone with its UTC offset (right without
// JavaScript); this adds the same moment in the reader's own zone, as the browser knows it.
(function () {
  "use strict";
  function show() {
    var lang = document.documentElement.lang || undefined;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    document.querySelectorAll("time[data-local-time]").forEach(function (node) {
      var moment = new Date(node.getAttribute("datetime"));
      if (isNaN(moment.getTime()) || node.nextElementSibling && node.nextElementSibling.hasAttribute("data-local-copy")) {
        return;
      }
      // dateStyle/timeStyle cannot be combined with timeZoneName: the parts are named one by one.
      var text = new Intl.DateTimeFormat(lang, {
        weekday: "long", year: "numeric", month: "long", day: "numeric",
        hour: "numeric", minute: "2-digit", timeZone: zone, timeZoneName: "short"
      }).format(moment);
      var copy = document.createElement("span");
      copy.setAttribute("data-local-copy", "");
      copy.className = "local-time";
      copy.textContent = " (" + node.getAttribute("data-local-label") + " " + text + ")";
      node.after(copy);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();

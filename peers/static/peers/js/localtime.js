// Event times: the server writes them in the event's own zone with its UTC offset (right without
// JavaScript); this adds the same moment in the reader's zone when it differs.
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
      var text = new Intl.DateTimeFormat(lang, {
        dateStyle: "full", timeStyle: "short", timeZone: zone, timeZoneName: "short"
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

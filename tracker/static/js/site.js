/* Open Commitments Tracker: the little the pages need from JavaScript. Everything works without
   it: the menus and the explorer's filter panel are <details> elements.

   - Folding panels (<details data-fold-below="48rem">) stay open from that width up, where
     site.css shows them as part of the page, and start closed below it. Drop-downs that are
     flat lists on a phone (<details data-open-below="75rem">) stay open below that width.
   - An open panel stays open when htmx swaps the part of the page that holds it (the explorer
     re-renders its filters on every change).
   - Escape closes the menu that holds the focus and returns the focus to its button; a click
     outside an open menu (<details data-menu>) closes it. */
(function () {
  "use strict";

  function folds() {
    return document.querySelectorAll("details[data-fold-below]");
  }

  function atLeast(width) {
    return window.matchMedia("(min-width: " + width + ")").matches;
  }

  function wide(panel) {
    return atLeast(panel.dataset.foldBelow);
  }

  // Held open at this width: a menu the page shows as part of itself, not as a menu.
  function pinned(menu) {
    return (menu.dataset.foldBelow && wide(menu)) || (menu.dataset.openBelow && !atLeast(menu.dataset.openBelow));
  }

  function sync() {
    document.querySelectorAll("details[data-open-below]").forEach(function (menu) {
      var narrow = !atLeast(menu.dataset.openBelow);
      if (narrow) {
        menu.open = true;
      } else if (menu.dataset.wasNarrow === "true") {
        menu.open = false;  // from narrow to wide: a closed drop-down again
      }
      menu.dataset.wasNarrow = String(narrow);
    });
    folds().forEach(function (panel) {
      var isWide = wide(panel);
      if (isWide) {
        panel.open = true;
      } else if (panel.dataset.wasWide === "true") {
        panel.open = false;  // from wide to narrow: fold it away again
      }
      panel.dataset.wasWide = String(isWide);
    });
  }

  var openBeforeSwap = {};
  document.addEventListener("htmx:beforeSwap", function () {
    openBeforeSwap = {};
    folds().forEach(function (panel) {
      if (panel.id) openBeforeSwap[panel.id] = panel.open;
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    folds().forEach(function (panel) {
      if (panel.id in openBeforeSwap) panel.open = openBeforeSwap[panel.id];
    });
    sync();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.activeElement && document.activeElement.closest("details[open][data-menu]");
    if (menu && pinned(menu)) menu = menu.parentElement.closest("details[open][data-menu]");
    if (!menu || pinned(menu)) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[open][data-menu]").forEach(function (menu) {
      if (!menu.contains(event.target) && !pinned(menu)) menu.open = false;
    });
  });

  sync();
  window.addEventListener("resize", sync);
})();

// The unit tree on the statistics page: each toggle opens or closes the units below its unit. htmx reads a
// level the first time it is opened (hx-get on the toggle); this keeps aria-expanded and the level's
// visibility in step, and scrolls the tree's box to the current unit. Without JavaScript the toggles stay
// hidden and each unit's link opens its level.
(function () {
  "use strict";
  function reveal(root) {
    root.querySelectorAll(".unit-tree-toggle[hidden]").forEach(function (toggle) {
      toggle.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".unit-tree-toggle");
    if (!toggle) {
      return;
    }
    var below = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    if (below) {
      below.hidden = open;
    }
  });
  function showCurrent() {
    var box = document.querySelector(".unit-tree-scroll");
    var current = box && box.querySelector('[aria-current="page"]');
    if (current) {
      var top = current.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
      box.scrollTop = Math.max(0, top - box.clientHeight / 2);
    }
  }
  function start() {
    reveal(document);
    showCurrent();
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    reveal(event.detail.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

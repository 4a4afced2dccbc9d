// The main menu is a <details> (it opens and closes without JavaScript). Here its button also says whether it
// is open (aria-expanded), Escape closes it, and a browser too old for ::details-content keeps it open on a
// wide screen (the stylesheet hides the button there).
(function () {
  "use strict";
  function setUp(menu) {
    var button = menu.querySelector("summary");
    var wide = window.matchMedia("(min-width: 48.0625rem)");
    var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    function sync() {
      button.setAttribute("aria-expanded", menu.open ? "true" : "false");
    }
    function fit() {
      if (!styled) {
        menu.open = wide.matches;
      }
    }
    menu.addEventListener("toggle", sync);
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        button.focus();
      }
    });
    wide.addEventListener("change", fit);
    fit();
    sync();
  }
  function start() {
    document.querySelectorAll("details.site-menu").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

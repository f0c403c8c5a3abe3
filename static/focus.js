// Move keyboard focus to what the address points at (a paragraph #p7, or the cited paragraph on
// a permalink page), so that keyboard and screen-reader users land where sighted users look.
// Everything works without this file; it only moves focus.
(function () {
  "use strict";
  function land() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = (id && document.getElementById(id)) || document.querySelector("[data-focus]");
    if (!target) { return; }
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus({ preventScroll: !id });
  }
  document.addEventListener("DOMContentLoaded", land);
  window.addEventListener("hashchange", land);
})();

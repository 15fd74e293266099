/* Every page: the compact header's menu on small screens, and signing out clears what this device
   keeps of personal data (1:1 drafts and 1:1s not yet sent), after saying so if any are unsent. */
(function () {
  "use strict";
  var header = document.querySelector("header.top");
  var toggle = document.getElementById("menu-toggle");
  if (header && toggle) {
    header.classList.add("has-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var signOut = document.getElementById("sign-out-form");
  if (signOut) {
    signOut.addEventListener("submit", function (e) {
      var kept = window.cmDevice ? window.cmDevice.unsent() : 0;
      if (kept && !window.confirm(kept + " 1:1" + (kept === 1 ? " is" : "s are") + " saved on this phone but not yet sent. "
          + "Signing out deletes " + (kept === 1 ? "it" : "them") + " from this phone. Sign out anyway?")) {
        e.preventDefault();
        return;
      }
      if (window.cmDevice) { window.cmDevice.clearPersonal(); }
    });
  }
})();
/* Search pages: the filter set is folded away on a phone (results come first) and open on a desktop. */
(function () {
  "use strict";
  var more = document.getElementById("more-filters");
  if (!more || !window.matchMedia) { return; }
  more.open = !window.matchMedia("(max-width: 640px)").matches;
})();

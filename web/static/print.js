/* The shortlist: a print button, and the share link selected when clicked. */
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
  var link = document.getElementById("share-link");
  if (link) { link.addEventListener("focus", function () { link.select(); }); }
})();

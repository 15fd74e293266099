/* Find support: the shortlist button says how many are ticked. */
(function () {
  "use strict";
  var button = document.getElementById("make-shortlist");
  if (!button) { return; }
  var boxes = document.querySelectorAll("input[type=checkbox][form=shortlist]");
  function update() {
    var n = 0;
    boxes.forEach(function (b) { if (b.checked) { n += 1; } });
    button.disabled = n === 0;
    button.textContent = n ? "Print or share the " + n + " ticked" : "Tick entries to print or share them";
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  update();
})();

// The what-if picker as a type-ahead: suggestions come from /api/network/nodes (named as the viewer
// may see them) as you type; choosing one adds it to what is taken out. Without script, "Find" does
// the same on the server.
(function () {
  "use strict";
  var input = document.getElementById("find");
  var list = document.getElementById("find-list");
  var form = document.getElementById("what-if");
  if (!input || !list || !window.fetch) { return; }
  var found = {};
  var timer = null;
  input.addEventListener("input", function () {
    var q = input.value.trim();
    if (found[q]) {  // a suggestion was chosen: take it out, and look again
      var box = document.createElement("input");
      box.type = "hidden"; box.name = "remove"; box.value = found[q];
      form.appendChild(box);
      input.value = "";
      form.submit();
      return;
    }
    clearTimeout(timer);
    if (q.length < 2) { return; }
    timer = setTimeout(function () {
      fetch(input.dataset.src + "&q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { nodes: [] }; })
        .then(function (body) {
          list.textContent = "";
          found = {};
          (body.nodes || []).forEach(function (n) {
            var label = n.label + " (" + n.kind + ")";
            found[label] = n.id;
            var option = document.createElement("option");
            option.value = label;
            list.appendChild(option);
          });
        });
    }, 200);
  });
})();

// Draws a person's neighbourhood, two steps out, with vis-network: people as dots, organisations
// as diamonds, hubs and groups as squares; the person at the centre in red. Names are set as
// text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("neighbourhood");
  var status = document.getElementById("neighbourhood-status");
  if (!box || typeof vis === "undefined") { return; }
  var colours = { person: "#4a7fb5", organisation: "#8a6bb0", asset: "#0b6e4f" };
  var shapes = { person: "dot", organisation: "diamond", asset: "square" };
  fetch(box.dataset.src, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (data) {
      var nodes = data.nodes.map(function (n) {
        var colour = n.step === 0 ? "#c0392b" : colours[n.kind];
        return { id: n.id, label: n.name, title: n.name + " (" + n.kind + ")", shape: shapes[n.kind],
                 size: n.step === 0 ? 16 : (n.step === 1 ? 10 : 6), color: { background: colour, border: colour },
                 font: { size: n.step === 2 ? 10 : 13 } };
      });
      var edges = data.links.map(function (e) {
        return { from: e.from, to: e.to, color: { color: e.type === "ONE_TO_ONE" ? "#7f8c96" : "#b39ddb" },
                 dashes: e.type !== "ONE_TO_ONE" };
      });
      var network = new vis.Network(box, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, {
        physics: { stabilization: { iterations: 200 }, barnesHut: { gravitationalConstant: -2500, springLength: 90 } },
        interaction: { hover: true, tooltipDelay: 100 }
      });
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: false });
        network.fit({ animation: false });
        var people = data.nodes.filter(function (n) { return n.kind === "person"; }).length;
        status.textContent = people + " people, " + (data.nodes.length - people) + " organisations and groups, " +
          data.links.length + " links drawn. Double-click someone to open their page.";
        box.dataset.ready = "1";
      });
      network.on("doubleClick", open);
      function open(params) {
        if (params.nodes.length && box.dataset.personUrl) {
          var node = data.nodes.filter(function (n) { return n.id === params.nodes[0]; })[0];
          if (node && node.kind === "person" && node.step !== 0) {
            window.location = box.dataset.personUrl.replace("__id__", encodeURIComponent(node.id));
          }
        }
      }
    })
    .catch(function (err) { status.textContent = "The neighbourhood could not be drawn: " + err.message; });
})();

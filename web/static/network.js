// Draws the network with vis-network, highlighting single points of failure, single links and
// people with no path to any asset. Data comes from /api/network/graph (named as the viewer may see).
(function () {
  "use strict";
  var box = document.getElementById("network");
  var status = document.getElementById("network-status");
  if (!box) { return; }
  var colours = { person: "#4a7fb5", organisation: "#8a6bb0", asset: "#0b6e4f" };
  // 202: the analysis is still being computed in the background; show how far it has got and ask again.
  function load(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (r.status === 202) {
        return r.json().then(function (body) {
          status.textContent = "The network's analysis is being computed: " + body.progress + ".";
          return new Promise(function (done) { setTimeout(done, 3000); }).then(function () { return load(url); });
        });
      }
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }
  load(box.dataset.src)
    .then(function (data) {
      var nodes = data.nodes.map(function (n) {
        var colour = n.cut_off > 0 ? "#c0392b" : (n.isolated ? "#e6a100" : colours[n.kind]);
        return {
          id: n.id, label: n.label, title: n.title + (n.cut_off ? " — their departure cuts off " + n.cut_off : ""),
          shape: n.kind === "asset" ? "square" : (n.kind === "organisation" ? "diamond" : "dot"),
          size: n.cut_off > 0 ? 18 + Math.min(n.cut_off, 20) : (n.kind === "person" ? 9 : 13),
          color: { background: colour, border: colour }, font: { size: n.cut_off > 0 ? 20 : 13, strokeWidth: 3, strokeColor: "#ffffff" }
        };
      });
      var edges = data.edges.map(function (e) {
        return { from: e.from, to: e.to, width: e.bridge ? 4 : 1, color: { color: e.bridge ? "#c0392b" : "#b8c2c8" },
                 dashes: false };
      });
      var network = new vis.Network(box, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, {
        physics: { stabilization: { iterations: 300 }, barnesHut: { gravitationalConstant: -2500, centralGravity: 0.8, springLength: 70 } },
        interaction: { hover: true, tooltipDelay: 100 }
      });
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: false });
        network.fit();
        status.textContent = data.nodes.length + " nodes and " + data.edges.length + " links drawn.";
        box.dataset.ready = "1";
      });
    })
    .catch(function (err) { status.textContent = "The network could not be drawn: " + err.message; });
})();

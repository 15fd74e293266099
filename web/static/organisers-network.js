// A person's neighbourhood, two steps out, drawn with the network picture (network-picture.js):
// the person at the centre (red), those one step out on a ring around them, those two steps out
// beside whoever links them in; coloured by kind. Tap or click a node to see who it is, with a link
// to their page (no double-click). Data: {nodes: [{id, name, kind, step}], links: [{from, to, type}]}.
(function () {
  "use strict";
  var box = document.getElementById("neighbourhood");
  var status = document.getElementById("neighbourhood-status");
  var picked = document.getElementById("neighbourhood-picked");
  if (!box || typeof NetworkPicture === "undefined") { return; }
  var KINDS = ["person", "organisation", "asset"];
  var WORDS = { person: "person", organisation: "organisation", asset: "hub or group" };

  // Rings by step: each node two steps out sits in the slice of the ring of whoever links it in.
  function rings(data) {
    var at = {}, first = data.nodes.filter(function (n) { return n.step === 1; });
    data.nodes.forEach(function (n, i) { at[n.id] = i; });
    var angle = {}, xy = data.nodes.map(function () { return [0, 0]; });
    first.forEach(function (n, i) {
      angle[n.id] = 2 * Math.PI * i / Math.max(first.length, 1);
      xy[at[n.id]] = [1000 * Math.cos(angle[n.id]), 1000 * Math.sin(angle[n.id])];
    });
    var via = {};
    data.links.forEach(function (l) {
      [[l.from, l.to], [l.to, l.from]].forEach(function (p) {
        var a = data.nodes[at[p[0]]], b = data.nodes[at[p[1]]];
        if (a && b && a.step === 2 && b.step === 1 && !(a.id in via)) { via[a.id] = b.id; }
      });
    });
    var slices = {};
    data.nodes.forEach(function (n) { if (n.step === 2) { (slices[via[n.id]] = slices[via[n.id]] || []).push(n); } });
    var width = 2 * Math.PI / Math.max(first.length, 1);
    Object.keys(slices).forEach(function (parent) {
      var kids = slices[parent], centre = angle[parent] || 0;
      kids.forEach(function (n, i) {
        var a = centre + width * 0.8 * ((i + 0.5) / kids.length - 0.5), r = 2000 + 250 * (i % 3);
        xy[at[n.id]] = [r * Math.cos(a), r * Math.sin(a)];
      });
    });
    return xy;
  }

  function say(text) { status.textContent = text; }
  function show(node, data) {
    picked.replaceChildren();
    if (!node) { return; }
    var n = data.nodes[node.id];
    picked.appendChild(document.createTextNode(n.name + " (" + WORDS[n.kind] + ", " +
      (n.step === 0 ? "at the centre" : n.step === 1 ? "one step out" : "two steps out") + ")"));
    if (n.kind === "person" && n.step !== 0 && box.dataset.personUrl) {
      var link = document.createElement("a");
      link.href = box.dataset.personUrl.replace("__id__", encodeURIComponent(n.id));
      link.textContent = "Open their page";
      link.className = "button";
      picked.appendChild(document.createTextNode(" "));
      picked.appendChild(link);
    }
  }

  NetworkPicture.load(box.dataset.src).then(function (data) {
    var xy = rings(data), at = {};
    data.nodes.forEach(function (n, i) { at[n.id] = i; });
    var edges = [];
    data.links.forEach(function (l) { if (l.from in at && l.to in at) { edges.push(at[l.from], at[l.to]); } });
    var columns = {
      x: xy.map(function (p) { return Math.round(p[0]); }), y: xy.map(function (p) { return Math.round(p[1]); }),
      s: data.nodes.map(function (n) { return n.step === 0 ? 14 : (n.step === 1 ? 8 : 4); }),
      k: data.nodes.map(function (n) { return KINDS.indexOf(n.kind); }),
      c: data.nodes.map(function (n) { return n.step; }), a: data.nodes.map(function () { return -1; }),
      cut: data.nodes.map(function () { return 0; }), l: data.nodes.map(function (n) { return n.name; })
    };
    var picture = NetworkPicture.create(box, { nodes: columns, kinds: KINDS, areas: [], edges: edges }, {
      labelThreshold: 6,
      colour: function (attrs) { return attrs.community === 0 ? "#c0392b" : NetworkPicture.KIND_COLOURS[attrs.kind]; },
      onPick: function (node) { show(node, data); }
    });
    var people = data.nodes.filter(function (n) { return n.kind === "person"; }).length;
    say(people + " people, " + (data.nodes.length - people) + " organisations and groups, " +
        data.links.length + " links drawn. Tap someone to see who they are.");
    box.picture = picture;
    box.dataset.nodes = String(picture.count);
    box.dataset.ready = "1";
  }).catch(function (err) { say("The neighbourhood could not be drawn: " + err.message); });
})();

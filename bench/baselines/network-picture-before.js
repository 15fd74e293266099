// BENCH BASELINE ONLY (bench/picture.py serves it in place of web/static/network-picture.js to time the
// drawing as it was before 5 December 2026, in the same run). Never served by the app.
// One network picture for every page that draws the network (the Collaborative's picture, an
// organiser's "My network", a person's page): sigma.js (WebGL) over a graphology graph, with
// positions computed on the server. Nodes are coloured by community or by kind; single points of
// failure get a red ring, single links are drawn red; labels appear as one zooms in, the biggest
// first; find, filter, select (tap or click) and highlight; export as PNG.
// Data (columns per node, see /api/network/graph): {nodes: {x, y, s, k, c, a, cut, l, id?},
// kinds, areas, unnamed, isolated, edges: [from, to, ...], bridges: [edge index, ...]}.
// Names are only ever set as text, never as HTML.
(function () {
  "use strict";
  var KIND_COLOURS = { person: "#4a7fb5", organisation: "#8a6bb0", asset: "#0b6e4f" };
  var COMMUNITY_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#8c6d31", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1"];
  var SPOF = "#c0392b", ISOLATED = "#e6a100", EDGE = "#a9b4bc", BRIDGE = "#c0392b";
  var DIMMED = "#e8ecef", PICKED = "#d35400";

  function communityColour(c) { return COMMUNITY_COLOURS[c % COMMUNITY_COLOURS.length]; }

  function create(box, data, hooks) {
    hooks = hooks || {};
    var cols = data.nodes, kinds = data.kinds, areas = data.areas || [];
    var count = cols.k.length;
    var unnamed = {}, isolated = {};
    (data.unnamed || []).forEach(function (i) { unnamed[i] = true; });
    (data.isolated || []).forEach(function (i) { isolated[i] = true; });
    var graph = new graphology.Graph({ type: "undirected", multi: false, allowSelfLoops: false });
    var ids = [];
    for (var j = 0; j < count; j++) {
      var id = cols.id ? cols.id[j] : j;
      ids.push(id);
      var kind = kinds[cols.k[j]];
      graph.addNode(String(id), {
        x: cols.x[j], y: -cols.y[j], size: cols.s[j],
        label: unnamed[id] ? null : cols.l[j],  // people not named to the viewer carry no label
        seen: cols.l[j], kind: kind, community: cols.c[j], area: cols.a[j] >= 0 ? areas[cols.a[j]] : null,
        cut: cols.cut[j], isolated: !!isolated[id], named: !unnamed[id],
        type: cols.cut[j] > 0 ? "ringed" : "circle", ring: SPOF,
        forceLabel: cols.cut[j] >= 10
      });
    }
    var pairs = data.edges, bridges = {};
    (data.bridges || []).forEach(function (e) { bridges[e] = true; });
    for (var e = 0; e * 2 < pairs.length; e++) {
      var a = String(pairs[2 * e]), b = String(pairs[2 * e + 1]);
      if (a !== b && !graph.hasEdge(a, b)) {
        graph.addEdge(a, b, { size: bridges[e] ? 2.5 : 1, color: bridges[e] ? BRIDGE : EDGE, bridge: !!bridges[e] });
      }
    }
    var state = { colourBy: hooks.colourBy || "c", area: "", kind: "", picked: null, marked: null };
    function baseColour(attrs) {
      if (attrs.isolated) { return ISOLATED; }
      if (hooks.colour) { return hooks.colour(attrs); }
      return state.colourBy === "k" ? KIND_COLOURS[attrs.kind] : communityColour(attrs.community);
    }
    function shown(attrs) {
      return (!state.area || attrs.area === state.area) && (!state.kind || attrs.kind === state.kind);
    }
    var rendering = Sigma.rendering;
    var Ringed = rendering.createNodeBorderProgram({
      borders: [{ size: { value: 0.28 }, color: { attribute: "ring" } }, { size: { fill: true }, color: { attribute: "color" } }]
    });
    var renderer = new Sigma(graph, box, {
      nodeProgramClasses: { ringed: Ringed },
      labelRenderedSizeThreshold: hooks.labelThreshold || 7,  // labels appear as nodes grow on zooming in
      labelDensity: 0.4, labelGridCellSize: 90, labelFont: "system-ui, sans-serif", labelSize: 13,
      zIndex: true, minEdgeThickness: 0.6, defaultEdgeColor: EDGE,
      nodeReducer: function (node, attrs) {
        var out = Object.assign({}, attrs);
        out.color = baseColour(attrs);
        if (!shown(attrs)) { out.hidden = true; return out; }
        if (state.marked) {
          if (node === state.picked) { out.highlighted = true; out.zIndex = 2; out.forceLabel = true; }
          else if (state.marked[node]) { out.color = PICKED; out.zIndex = 1; }
          else { out.color = DIMMED; out.label = null; out.ring = DIMMED; out.zIndex = 0; }
        } else if (node === state.picked) {
          out.highlighted = true; out.forceLabel = true; out.zIndex = 2;
        }
        return out;
      },
      edgeReducer: function (edge, attrs) {
        var ends = graph.extremities(edge);
        if (!shown(graph.getNodeAttributes(ends[0])) || !shown(graph.getNodeAttributes(ends[1]))) {
          return Object.assign({}, attrs, { hidden: true });
        }
        if (state.marked && !(state.marked[ends[0]] || ends[0] === state.picked) &&
            !(state.marked[ends[1]] || ends[1] === state.picked)) {
          return Object.assign({}, attrs, { color: DIMMED });
        }
        return attrs;
      }
    });
    renderer.on("clickNode", function (event) { pick(event.node); });
    renderer.on("clickStage", function () { pick(null); });
    function pick(node) {
      state.picked = node;
      state.marked = null;
      renderer.refresh({ skipIndexation: true });
      if (hooks.onPick) { hooks.onPick(node === null ? null : view(node)); }
    }
    function view(node) {
      var attrs = graph.getNodeAttributes(node);
      return { id: Number(node), label: attrs.seen, kind: attrs.kind, area: attrs.area, cut: attrs.cut,
               isolated: attrs.isolated, named: attrs.named, community: attrs.community };
    }
    return {
      graph: graph, renderer: renderer, count: count, edgeCount: graph.size,
      // The nodes whose name as the viewer sees it holds the text (the payload holds no other name).
      find: function (text, limit) {
        var wanted = text.trim().toLowerCase().replace(/\s+/g, " "), found = [];
        if (!wanted) { return found; }
        graph.forEachNode(function (node, attrs) {
          var at = attrs.seen.toLowerCase().indexOf(wanted);
          if (at >= 0 && shown(attrs)) { found.push([at !== 0, attrs.seen.length, node]); }
        });
        found.sort(function (p, q) { return p[0] - q[0] || p[1] - q[1]; });
        return found.slice(0, limit || 10).map(function (f) { return view(f[2]); });
      },
      select: function (id) {
        var node = String(id);
        if (!graph.hasNode(node)) { return; }
        var at = renderer.getNodeDisplayData(node);
        if (at) { renderer.getCamera().animate({ x: at.x, y: at.y, ratio: 0.25 }, { duration: 400 }); }
        pick(node);
      },
      // Mark these ids (e.g. who the picked node would cut off): the rest of the picture fades.
      mark: function (list) {
        state.marked = {};
        list.forEach(function (i) { state.marked[String(i)] = true; });
        renderer.refresh({ skipIndexation: true });
      },
      colourBy: function (mode) { state.colourBy = mode; renderer.refresh({ skipIndexation: true }); },
      filter: function (area, kind) {
        state.area = area || ""; state.kind = kind || "";
        renderer.refresh({ skipIndexation: true });
        var visible = 0;
        graph.forEachNode(function (node, attrs) { if (shown(attrs)) { visible += 1; } });
        return visible;
      },
      // The picture as drawn now (layers drawn into one canvas on white) as a PNG blob.
      png: function () {
        renderer.refresh({ skipIndexation: true });
        var canvases = renderer.getCanvases(), first = canvases.nodes || canvases.edges;
        var out = document.createElement("canvas");
        out.width = first.width; out.height = first.height;
        var ctx = out.getContext("2d");
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, out.width, out.height);
        ["edges", "nodes", "edgeLabels", "labels", "hovers", "hoverNodes"].forEach(function (layer) {
          if (canvases[layer]) { ctx.drawImage(canvases[layer], 0, 0); }
        });
        return new Promise(function (done, failed) {
          out.toBlob(function (blob) { if (blob) { done(blob); } else { failed(new Error("no image")); } }, "image/png");
        });
      },
      kill: function () { renderer.kill(); }
    };
  }

  // A download of a blob under a file name, with no inline script.
  function download(blob, fileName) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // The JSON at url; 202 (the analysis is being computed in the background) is shown and asked again.
  function load(url, say) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (r.status === 202) {
        return r.json().then(function (body) {
          if (say) { say("The network's analysis is being computed: " + body.progress + "."); }
          return new Promise(function (done) { setTimeout(done, 3000); }).then(function () { return load(url, say); });
        });
      }
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  window.NetworkPicture = { create: create, download: download, load: load, communityColour: communityColour,
                            KIND_COLOURS: KIND_COLOURS };
})();

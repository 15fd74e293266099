// The Collaborative's network picture (see network-picture.js): find a node by its name as the
// viewer may see it, filter by area and kind, colour by community or kind, pick a node to see its
// findings and who its departure would cut off, download it as PNG. Above 10,000 nodes it opens on
// the communities and draws one at a time. Data: /api/network/graph (and .../cut-off for one node).
(function () {
  "use strict";
  var box = document.getElementById("network");
  var status = document.getElementById("network-status");
  if (!box || typeof NetworkPicture === "undefined") { return; }
  var $ = function (id) { return document.getElementById(id); };
  var search = $("picture-search"), found = $("picture-found"), colour = $("picture-colour");
  var area = $("picture-area"), kind = $("picture-kind"), png = $("picture-png"), back = $("picture-back");
  var details = $("picture-details"), title = $("picture-name"), facts = $("picture-facts"), cut = $("picture-cut");
  var picture = null, whole = null, computedAt = null;
  var VERB = { person: "steps back", organisation: "withdraws", asset: "closes" };

  function say(text) { status.textContent = text; }
  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text;
    select.appendChild(o);
  }
  function people(n) { return n === 1 ? "1 person" : n.toLocaleString("en-GB") + " people"; }

  function draw(data) {
    if (picture) { picture.kill(); }
    picture = NetworkPicture.create(box, data, { colourBy: colour.value, onPick: show });
    box.picture = picture;  // the drawing, for whoever holds the element (the browser tests find nodes on it)
    if (area.value || kind.value) { picture.filter(area.value, kind.value); }  // else drawn once, whole
    found.replaceChildren();
    box.dataset.nodes = String(picture.count);
    if (!box.dataset.ready) { box.dataset.drawnMs = String(Math.round(performance.now())); }  // since navigation
    box.dataset.ready = "1";
  }

  function clusters(data) {
    // One node per community, sized by its people; ties between communities as weighted edges.
    var c = data.clusters, n = c.size.length, ids = [];
    for (var i = 0; i < n; i++) { ids.push(i); }
    var edges = [], top = Math.max.apply(null, c.people.concat([1]));
    for (var j = 0; j < c.links.length; j += 3) { edges.push(c.links[j], c.links[j + 1]); }
    return {
      kinds: ["community"], areas: [], unnamed: [], isolated: [], edges: edges, bridges: [],
      nodes: { id: ids, x: c.x, y: c.y, k: ids.map(function () { return 0; }), c: ids, a: ids.map(function () { return -1; }),
               cut: ids.map(function () { return 0; }),
               s: c.people.map(function (p) { return 4 + Math.round(22 * Math.sqrt(p / top)); }),
               l: c.people.map(function (p, k) { return "Community " + (k + 1) + ": " + people(p) + " (" + c.size[k] + " in all)"; }) }
    };
  }

  function show(node) {
    cut.textContent = "";
    if (!node) { details.hidden = true; return; }
    details.hidden = false;
    title.textContent = node.label;
    if (whole && whole.aggregated && whole.cluster === null) {
      facts.textContent = "Opening this community…";
      open(node.id);
      return;
    }
    var bits = [node.kind + (node.area ? " in " + node.area : "")];
    if (node.isolated) { bits.push("no path to any listening hub, hub or peer-support group"); }
    facts.textContent = bits.join("; ") + ".";
    if (!node.cut) {
      cut.textContent = "No one would lose every link to an asset if they went.";
      return;
    }
    cut.textContent = "If " + node.label + " " + VERB[node.kind] + ", " + people(node.cut) +
      " lose every link to a listening hub, hub or peer-support group (highlighted).";
    var url = box.dataset.cutOffSrc + "&node=" + encodeURIComponent(node.id);
    NetworkPicture.load(url).then(function (body) {
      if (body.computed_at !== computedAt) { say("The network has changed since it was drawn: reload the page."); }
      picture.mark(body.cut_off);
      box.dataset.marked = String(body.cut_off.length);
    }).catch(function (err) { say("Who would be cut off could not be shown: " + err.message); });
  }

  function open(community) {
    say("Drawing community " + (community + 1) + "…");
    NetworkPicture.load(box.dataset.src + "&cluster=" + community, say).then(function (data) {
      whole = data; draw(data);
      back.hidden = false;
      say("Community " + (community + 1) + ": " + data.nodes.k.length.toLocaleString("en-GB") + " of " +
          data.total.toLocaleString("en-GB") + " nodes.");
    }).catch(function (err) { say("The community could not be drawn: " + err.message); });
  }

  search.addEventListener("input", function () {
    found.replaceChildren();
    if (!picture || search.value.trim().length < 2) { return; }
    var hits = picture.find(search.value, 8);
    hits.forEach(function (hit) {
      var li = document.createElement("li"), button = document.createElement("button");
      button.type = "button"; button.className = "link";
      button.textContent = hit.label + " (" + hit.kind + ")";
      button.addEventListener("click", function () { picture.select(hit.id); found.replaceChildren(); });
      li.appendChild(button); found.appendChild(li);
    });
    if (!hits.length) {
      var li = document.createElement("li");
      li.textContent = "No one drawn here goes by that.";
      found.appendChild(li);
    }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      var first = found.querySelector("button");
      if (first) { first.click(); }
    }
  });
  colour.addEventListener("change", function () { if (picture) { picture.colourBy(colour.value); } });
  function filtered() {
    if (!picture) { return; }
    var visible = picture.filter(area.value, kind.value);
    box.dataset.visible = String(visible);
    say(visible.toLocaleString("en-GB") + " of " + picture.count.toLocaleString("en-GB") + " nodes shown.");
  }
  area.addEventListener("change", filtered);
  kind.addEventListener("change", filtered);
  png.addEventListener("click", function () {
    if (!picture) { return; }
    picture.png().then(function (blob) { NetworkPicture.download(blob, "network-" + box.dataset.asOf + ".png"); })
      .catch(function (err) { say("The picture could not be saved: " + err.message); });
  });
  back.addEventListener("click", function () {
    back.hidden = true; details.hidden = true;
    whole = Object.assign({}, whole, { cluster: null });
    draw(clusters(whole));
    say(whole.clusters.size.length + " communities of " + whole.total.toLocaleString("en-GB") +
        " nodes: pick one to draw it.");
  });

  NetworkPicture.load(box.dataset.src, say).then(function (data) {
    box.dataset.dataMs = String(Math.round(performance.now()));  // the data in hand, since navigation
    whole = data; computedAt = data.computed_at;
    data.areas.forEach(function (name, i) { option(area, name, name); });
    data.kinds.forEach(function (name) { option(kind, name, name); });
    if (data.aggregated) {
      draw(clusters(data));
      say(data.clusters.size.length + " communities of " + data.total.toLocaleString("en-GB") +
          " nodes (too many to draw at once): pick one to draw it.");
      return;
    }
    draw(data);
    say(picture.count.toLocaleString("en-GB") + " nodes and " + (data.edges.length / 2).toLocaleString("en-GB") +
        " links drawn" + (data.fresh ? "." : " (from before the latest changes; a newer picture is on its way)."));
  }).catch(function (err) { say("The network could not be drawn: " + err.message); });
})();

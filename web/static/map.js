/* The live map: assets clustered and coloured by kind, borough outlines with their names (and place
   names when zoomed in), and coverage gaps for the boroughs the network serves, in cividis classes.
   The assets are clustered by supercluster (a k-d tree per zoom, built once when the markers arrive):
   only the view's clusters and single places are drawn, afresh after each move. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var status = document.getElementById("map-status");
  var COLOURS = { ListeningHub: "#0b6e4f", PeerSupportGroup: "#7b3fa0", Hub: "#c05a00" };
  var query = window.location.search.replace(/^\?/, "");
  // Coverage classes, low to high share far from support: cividis reversed (as in map.css's legend).
  var GAP_COLOURS = ["#ead156", "#ada476", "#7f7c75", "#4d566d", "#0a326a"];
  // Names by zoom (classes on the map, see map.css): below 11 the served boroughs' names only, smaller;
  // from 11 every borough's but the smallest; from 12 place names too.
  var ZOOM_CLASSES = [[0, "zoom-far"], [11, "zoom-near"], [12, "zoomed-in"]];
  var SMALL_KM2 = 10;  // boroughs smaller than this (the City) are named from zoom 12

  function gapClass(share) { return Math.min(GAP_COLOURS.length - 1, Math.floor(share * GAP_COLOURS.length)); }

  L.Icon.Default.imagePath = el.dataset.imagePath;
  var map = L.map(el, { maxZoom: 19, minZoom: 8 }).setView([51.44, -0.09], 11);
  var attribution = el.dataset.postcodeAttribution;
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution }).addTo(map);
  }
  map.attributionControl.addAttribution(attribution);

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  function popup(a) {
    var where = a.precise ? (a.address ? a.address + ", " : "") + (a.postcode || "")
                          : (a.postcode || "") + " area: address given on contact";
    return "<strong>" + text(a.name) + "</strong><br>" + text(a.kind_label) +
      "<br>" + text(where) +
      (a.opening && a.opening.length ? "<br>Open: " + text(a.opening.join("; ")) : "") +
      (a.contact ? "<br>Contact: " + text(a.contact) : "") +
      (a.cost ? "<br>Cost: " + text(a.cost) : "") +
      "<br>Last verified: " + text(a.last_verified || "never");
  }

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (r.status === 202) {  // still being computed in the background: ask again shortly
          return new Promise(function (done) { setTimeout(done, 3000); }).then(function () { return getJSON(url); });
        }
        if (!r.ok) { throw new Error(body.detail || ("HTTP " + r.status)); }
        return body;
      });
    });
  }

  // For the Collaborative: the network findings by borough (people at risk, isolated, single points),
  // as circles at each borough's name sized by the people at risk, apart from the gap shading.
  function addFindings(labels, layers) {
    var at = {};
    labels.boroughs.forEach(function (b) { at[b.code] = b; });
    getJSON(el.dataset.findingsUrl).then(function (found) {
      var top = 1;
      Object.keys(found.areas).forEach(function (k) { top = Math.max(top, found.areas[k].at_risk); });
      var layer = L.featureGroup(Object.keys(found.areas).filter(function (k) { return at[k]; }).map(function (k) {
        var a = found.areas[k];
        var circle = L.circleMarker([at[k].lat, at[k].lon], {
          radius: 6 + 18 * Math.sqrt(a.at_risk / top), color: "#5b2a86", weight: 2, fillColor: "#5b2a86",
          fillOpacity: 0.35, className: "finding-marker"
        });
        circle.bindPopup("<strong>" + text(a.name) + "</strong><br>" + a.people + " people in the network; " +
          a.at_risk + " one departure from losing every asset; " + a.isolated + " with no path to any asset" +
          (a.single_points.length ? "<ul><li>" + a.single_points.map(text).join("</li><li>") + "</li></ul>" : ""));
        return circle;
      }));
      layer.addTo(map);
      layers.addOverlay(layer, "Network findings");
      el.dataset.findings = "ready";
    }).catch(function (err) { status.textContent += " Network findings could not load: " + text(err.message); });
  }

  // Names drawn without tiles: borough names (muted outside the area served) and place names.
  function addLabels(labels, served) {
    function label(item, cls) {
      var icon = L.divIcon({ className: "map-label " + cls, html: "<span>" + text(item.name) + "</span>", iconSize: null });
      return L.marker([item.lat, item.lon], { icon: icon, interactive: false, keyboard: false });
    }
    var names = L.layerGroup(labels.boroughs.map(function (b) {
      return label(b, "borough-label" + (served[b.code] ? " served" : " unserved") + (b.area_km2 < SMALL_KM2 ? " small" : ""));
    }).concat(labels.places.map(function (p) { return label(p, "place-label"); })));
    names.addTo(map);
    function zoomed() {
      var z = map.getZoom(), now = ZOOM_CLASSES[0][1];
      ZOOM_CLASSES.forEach(function (c) { if (z >= c[0]) { now = c[1]; } });
      ZOOM_CLASSES.forEach(function (c) { el.classList.toggle(c[1], c[1] === now); });
      el.dataset.zoom = z;  // the zoom itself, for anyone reading the page (a test, a style)
    }
    map.on("zoomend", zoomed);
    zoomed();
    return names;
  }

  // Clusters as markercluster drew them: within 40 screen pixels (supercluster measures its radius in a
  // tile `extent` wide; Leaflet's tiles are 256 pixels), down to the map's closest zoom, where only places
  // at one point are still together (a click lists them).
  var CLUSTERING = { radius: 40, extent: 256, minZoom: 8, maxZoom: 19 };
  var CLUSTER_SIZES = [[100, "large", 44], [10, "medium", 36], [0, "small", 30]];  // from that many places

  // The index of every asset's point; each point's properties name its row in the markers.
  function clusterIndex(assets) {
    var index = new Supercluster(CLUSTERING);
    index.load(assets.map(function (row, i) {
      return { type: "Feature", properties: { row: i }, geometry: { type: "Point", coordinates: [row[4], row[3]] } };
    }));
    return index;
  }

  // The box around every place (null for none), without a LatLng object for each.
  function placesBounds(assets) {
    if (!assets.length) { return null; }
    var s = 90, w = 180, n = -90, e = -180;
    assets.forEach(function (row) {
      s = Math.min(s, row[3]); n = Math.max(n, row[3]); w = Math.min(w, row[4]); e = Math.max(e, row[4]);
    });
    return L.latLngBounds([s, w], [n, e]);
  }

  // One place: a circle coloured by kind, fainter and larger where the point is its district's centre.
  function assetMarker(row) {
    var marker = L.circleMarker([row[3], row[4]], {
      radius: row[5] ? 8 : 11, color: "#fff", weight: 2, fillColor: COLOURS[row[2]] || "#333",
      fillOpacity: row[5] ? 0.95 : 0.55, className: "asset-marker kind-" + row[2]
    });
    marker.asset = row;
    return marker;
  }

  // Several places: a disc with their number, sized by it; a button (Enter or a click: see openCluster).
  function clusterMarker(feature) {
    var count = feature.properties.point_count;
    var size = CLUSTER_SIZES.filter(function (s) { return count >= s[0]; })[0];
    var words = count + " places here: select to see them";
    var marker = L.marker([feature.geometry.coordinates[1], feature.geometry.coordinates[0]], {
      icon: L.divIcon({ className: "marker-cluster marker-cluster-" + size[1], html: "<span>" + count + "</span>",
                        iconSize: [size[2], size[2]] }),
      title: words, keyboard: true
    });
    marker.on("add", function () { marker.getElement().setAttribute("aria-label", words); });
    marker.cluster = feature.properties.cluster_id;
    return marker;
  }

  // The clusters and single places in view (and half a view around it, so that a short pan finds them
  // drawn), in place of those drawn before.
  function drawSupport(layer, index, assets) {
    var b = map.getBounds().pad(0.5);
    var found = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], map.getZoom());
    layer.clearLayers();
    found.forEach(function (f) {
      layer.addLayer(f.properties.cluster ? clusterMarker(f) : assetMarker(assets[f.properties.row]));
    });
  }

  // A place's popup: its name at once, the rest as anyone may see it once fetched (one popup for all).
  function openAsset(row, latlng, popupUrl) {
    var open = L.popup().setLatLng(latlng).setContent("<strong>" + text(row[1]) + "</strong><br>Loading…").openOn(map);
    getJSON(popupUrl + encodeURIComponent(row[0]) + ".json").then(function (full) {
      open.setContent(popup(full));
    }).catch(function (err) { open.setContent(text(row[1]) + ": " + text(err.message)); });
  }

  // Places at one point that no zoom separates: their names, each a button to its popup.
  function listHere(leaves, latlng, assets, popupUrl) {
    var box = document.createElement("div"), list = document.createElement("ul");
    box.className = "places-here";
    box.appendChild(document.createElement("strong")).textContent = leaves.length + " places here";
    leaves.forEach(function (leaf) {
      var row = assets[leaf.properties.row], button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = row[1];
      button.addEventListener("click", function () { openAsset(row, latlng, popupUrl); });
      list.appendChild(document.createElement("li")).appendChild(button);
    });
    box.appendChild(list);
    L.popup().setLatLng(latlng).setContent(box).openOn(map);
    list.querySelector("button").focus();
  }

  // A cluster zooms in to where it comes apart (true); at the closest zoom it lists its places instead.
  function openCluster(marker, index, assets, popupUrl) {
    var zoom = index.getClusterExpansionZoom(marker.cluster);
    if (zoom > map.getMaxZoom()) {
      listHere(index.getLeaves(marker.cluster, Infinity), marker.getLatLng(), assets, popupUrl);
      return false;
    }
    map.setView(marker.getLatLng(), zoom);
    return true;
  }

  // The "Support" layer: the view's clusters and places, redrawn after every move and zoom.
  function addSupport(assets, popupUrl) {
    var index = clusterIndex(assets);
    var layer = L.featureGroup();
    layer.on("click", function (e) {
      if (e.layer.asset) { openAsset(e.layer.asset, e.layer.getLatLng(), popupUrl); }
      else if (e.layer.cluster != null) { openCluster(e.layer, index, assets, popupUrl); }
    });
    layer.on("keypress", function (e) {  // a focused cluster: Enter or the space bar
      var key = e.originalEvent.key;
      if (e.layer.cluster != null && (key === "Enter" || key === " ")) {
        L.DomEvent.preventDefault(e.originalEvent);
        if (openCluster(e.layer, index, assets, popupUrl)) {
          el.focus();  // the cluster's button goes when the view is redrawn: the map keeps the focus
        }
      }
    });
    map.on("moveend", function () { drawSupport(layer, index, assets); });
    layer.addTo(map);
    drawSupport(layer, index, assets);
    return layer;
  }

  var gapsUrl = el.dataset.gapsUrl + (query ? "?" + query : "");

  Promise.all([getJSON(el.dataset.boroughsUrl), getJSON(gapsUrl),
               getJSON(el.dataset.assetsUrl + (query ? "?" + query : "")),
               getJSON(el.dataset.labelsUrl)]).then(function (got) {
    var boroughs = got[0], gaps = got[1], assets = got[2].assets, labels = got[3];
    var km = gaps.distance_m / 1000;
    // Only the boroughs the network serves are measured (gaps.boroughs holds those alone).
    var gapLayer = L.geoJSON(boroughs, {
      filter: function (f) { return !!gaps.boroughs[f.properties.code]; },
      style: function (f) {
        var k = gapClass(gaps.boroughs[f.properties.code].uncovered);
        return { color: "#1d2a33", weight: 1.5, fillColor: GAP_COLOURS[k], fillOpacity: 0.6, className: "gap-area gap-" + k + " area-" + f.properties.code };
      },
      onEachFeature: function (f, layer) {
        var g = gaps.boroughs[f.properties.code];
        layer.bindTooltip(text(f.properties.name) + ": " + Math.round(g.uncovered * 100) +
          "% of the area is more than " + km + " km from a listening hub or peer-support group" +
          (g.districts.length ? " (mostly " + text(g.districts.slice(0, 8).join(", ")) + ")" : ""), { sticky: true });
        layer.feature.properties.uncovered = g.uncovered;
      }
    });
    var areaLayer = L.geoJSON(boroughs, { style: { color: "#44525d", weight: 1, fill: false, className: "borough-outline" },
                                          interactive: false });
    // The area served in view (else the places shown), never so far out that its names crowd together:
    // set before anything is drawn, so that the shapes and the clusters are drawn once, at this view.
    var served = Object.keys(gaps.boroughs).length ? gapLayer.getBounds() : placesBounds(assets);
    if (served) {
      map.setView(served.getCenter(), Math.max(10, map.getBoundsZoom(served.pad(0.05))), { animate: false });
    }
    areaLayer.addTo(map);
    gapLayer.addTo(map);
    var nameLayer = addLabels(labels, gaps.boroughs);
    var support = addSupport(assets, el.dataset.assetsUrl.replace(/\.json$/, "/"));
    var overlays = { "Coverage gaps": gapLayer, "Borough outlines": areaLayer, "Names": nameLayer, "Support": support };
    var layers = L.control.layers(null, overlays, { collapsed: el.clientWidth < 600 }).addTo(map);
    if (el.dataset.findingsUrl) { addFindings(labels, layers); }
    status.textContent = assets.length + " places shown; coverage gaps within " + km + " km of the " + gaps.assets +
      " listening hubs and peer-support groups, for the " + gaps.served.length + " boroughs this network serves.";
    el.dataset.ready = "true";  // the first clusters are drawn, and the status says what is shown
  }).catch(function (err) {
    if (window.console) { console.error(err); }
    status.textContent = "The map could not load: " + (err && err.message ? err.message : String(err));
    status.className = "error";
    el.dataset.ready = "error";
  });
})();

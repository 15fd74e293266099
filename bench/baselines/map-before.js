// BENCH BASELINE ONLY (bench/directory.py serves it in place of web/static/map.js, with
// leaflet.markercluster's script and styles added to the page from web/node_modules, to time the map page
// as it was before 5 December 2026's supercluster in the same run: every marker clustered by markercluster
// at every zoom, in chunks). Never served by the app; leaflet.markercluster is a devDependency for it alone.
/* The live map: assets clustered and coloured by kind, borough outlines with their names (and place
   names when zoomed in), and coverage gaps for the boroughs the network serves, in cividis classes. */
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
    }
    map.on("zoomend", zoomed);
    zoomed();
    return names;
  }

  // Ready once every marker is clustered (chunked loading hands the browser back between chunks).
  function placed() { el.dataset.ready = "true"; }
  var clusters = L.markerClusterGroup({
    // 10,000 markers take about 0.3 s on a busy 2-core machine: one chunk there, more on a slow phone
    showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true, chunkInterval: 400, chunkDelay: 10,
    // called before the last chunk's clusters are put on the map, in the same task: ready just after it
    // (and once with nothing, when the group is put on the map: not that one)
    chunkProgress: function (done, total) { if (total && done >= total) { Promise.resolve().then(placed); } }
  });
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
    var served = Object.keys(gaps.boroughs).length ? gapLayer.getBounds() :
      (assets.length ? L.latLngBounds(assets.map(function (row) { return [row[3], row[4]]; })) : null);
    if (served) {
      map.setView(served.getCenter(), Math.max(10, map.getBoundsZoom(served.pad(0.05))), { animate: false });
    }
    areaLayer.addTo(map);
    gapLayer.addTo(map);
    var nameLayer = addLabels(labels, gaps.boroughs);
    var popupUrl = el.dataset.assetsUrl.replace(/\.json$/, "/");
    // One marker per row ([id, name, kind, lat, lon, exact]); one popup for them all, filled on opening.
    var markers = assets.map(function (row) {
      var marker = L.circleMarker([row[3], row[4]], {
        radius: row[5] ? 8 : 11, color: "#fff", weight: 2, fillColor: COLOURS[row[2]] || "#333",
        fillOpacity: row[5] ? 0.95 : 0.55, className: "asset-marker kind-" + row[2]
      });
      marker.asset = row;
      return marker;
    });
    clusters.on("click", function (e) {
      var row = e.layer && e.layer.asset;
      if (!row) { return; }
      var open = L.popup().setLatLng(e.layer.getLatLng())
        .setContent("<strong>" + text(row[1]) + "</strong><br>Loading…").openOn(map);
      getJSON(popupUrl + encodeURIComponent(row[0]) + ".json").then(function (full) {
        open.setContent(popup(full));
      }).catch(function (err) { open.setContent(text(row[1]) + ": " + text(err.message)); });
    });
    map.addLayer(clusters);
    clusters.addLayers(markers);  // in one call, in chunks (see chunkProgress above): the page stays responsive
    var overlays = { "Coverage gaps": gapLayer, "Borough outlines": areaLayer, "Names": nameLayer, "Support": clusters };
    var layers = L.control.layers(null, overlays, { collapsed: el.clientWidth < 600 }).addTo(map);
    if (el.dataset.findingsUrl) { addFindings(labels, layers); }
    status.textContent = assets.length + " places shown; coverage gaps within " + km + " km of the " + gaps.assets +
      " listening hubs and peer-support groups, for the " + gaps.served.length + " boroughs this network serves.";
    if (!markers.length) { placed(); }
  }).catch(function (err) {
    if (window.console) { console.error(err); }
    status.textContent = "The map could not load: " + (err && err.message ? err.message : String(err));
    status.className = "error";
    el.dataset.ready = "error";
  });
})();

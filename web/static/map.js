/* The live map: assets clustered and coloured by kind, borough outlines, and coverage gaps. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var status = document.getElementById("map-status");
  var COLOURS = { ListeningHub: "#0b6e4f", PeerSupportGroup: "#7b3fa0", Hub: "#c05a00" };
  var query = window.location.search.replace(/^\?/, "");

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

  // For the Collaborative: the network findings by borough (people at risk, isolated, single points).
  function addFindings(boroughs, layers) {
    getJSON(el.dataset.findingsUrl).then(function (found) {
      var top = 1;
      Object.keys(found.areas).forEach(function (k) { top = Math.max(top, found.areas[k].at_risk); });
      var layer = L.geoJSON(boroughs, {
        filter: function (f) { return !!found.areas[f.properties.code]; },
        style: function (f) {
          var a = found.areas[f.properties.code];
          return { color: "#5b2a86", weight: 2, fillColor: "#5b2a86", fillOpacity: 0.1 + 0.6 * a.at_risk / top };
        },
        onEachFeature: function (f, lyr) {
          var a = found.areas[f.properties.code];
          lyr.bindPopup("<strong>" + text(a.name) + "</strong><br>" + a.people + " people in the network; " +
            a.at_risk + " one departure from losing every asset; " + a.isolated + " with no path to any asset" +
            (a.single_points.length ? "<ul><li>" + a.single_points.map(text).join("</li><li>") + "</li></ul>" : ""));
        }
      });
      layer.addTo(map);
      layers.addOverlay(layer, "Network findings");
      el.dataset.findings = "ready";
    }).catch(function (err) { status.textContent += " Network findings could not load: " + text(err.message); });
  }

  var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  var gapsUrl = el.dataset.gapsUrl + (query ? "?" + query : "");

  Promise.all([getJSON(el.dataset.boroughsUrl), getJSON(gapsUrl),
               getJSON(el.dataset.assetsUrl + (query ? "?" + query : ""))]).then(function (got) {
    var boroughs = got[0], gaps = got[1], assets = got[2].assets;
    var gapLayer = L.geoJSON(boroughs, {
      style: function (f) {
        var g = gaps.boroughs[f.properties.code] || { uncovered: 0 };
        return { color: "#44525d", weight: 1, fillColor: "#a4262c", fillOpacity: 0.05 + 0.6 * g.uncovered };
      },
      onEachFeature: function (f, layer) {
        var g = gaps.boroughs[f.properties.code] || { uncovered: 0, districts: [] };
        layer.bindTooltip(text(f.properties.name) + ": " + Math.round(g.uncovered * 100) +
          "% of postcodes have no listening hub or peer-support group within " + (gaps.distance_m / 1000) + " km" +
          (g.districts.length ? " (mostly " + text(g.districts.slice(0, 8).join(", ")) + ")" : ""), { sticky: true });
        layer.feature.properties.uncovered = g.uncovered;
      }
    });
    var areaLayer = L.geoJSON(boroughs, { style: { color: "#44525d", weight: 1, fill: false }, interactive: false });
    gapLayer.addTo(map);
    var popupUrl = el.dataset.assetsUrl.replace(/\.json$/, "/");
    var markers = assets.map(function (row) {
      var a = { id: row[0], name: row[1], kind: row[2], lat: row[3], lon: row[4], precise: row[5] };
      var marker = L.circleMarker([a.lat, a.lon], {
        radius: a.precise ? 8 : 11, color: "#fff", weight: 2, fillColor: COLOURS[a.kind] || "#333",
        fillOpacity: a.precise ? 0.95 : 0.55, className: "asset-marker kind-" + a.kind
      });
      marker.bindPopup("<strong>" + text(a.name) + "</strong><br>Loading…");
      marker.on("popupopen", function (e) {
        getJSON(popupUrl + encodeURIComponent(a.id) + ".json").then(function (full) {
          e.popup.setContent(popup(full));
        }).catch(function (err) { e.popup.setContent(text(a.name) + ": " + text(err.message)); });
      });
      return marker;
    });
    clusters.addLayers(markers);
    map.addLayer(clusters);
    var overlays = { "Coverage gaps": gapLayer, "Borough outlines": areaLayer, "Support": clusters };
    var layers = L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    if (el.dataset.findingsUrl) { addFindings(boroughs, layers); }
    if (assets.length) {
      map.fitBounds(L.latLngBounds(assets.map(function (row) { return [row[3], row[4]]; })).pad(0.1));
    }
    status.textContent = assets.length + " places shown; " + gaps.assets +
      " listening hubs and peer-support groups used for the coverage gaps within " + (gaps.distance_m / 1000) + " km.";
    el.dataset.ready = "true";
  }).catch(function (err) {
    if (window.console) { console.error(err); }
    status.textContent = "The map could not load: " + (err && err.message ? err.message : String(err));
    status.className = "error";
    el.dataset.ready = "error";
  });
})();

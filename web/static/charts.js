/* The Collaborative's trend charts: Chart.js (served locally) draws each <canvas data-chart="…">,
   a JSON object {title, unit, labels, values} written by the server (mapper.network.trend.chart).
   The same figures are in a table beside each chart. No inline script or style (CSP). */
(function () {
  "use strict";
  var canvases = document.querySelectorAll("canvas[data-chart]");
  if (!canvases.length) { return; }
  if (typeof window.Chart === "undefined") {
    document.documentElement.setAttribute("data-charts", "unavailable");
    return;
  }
  var styles = getComputedStyle(document.documentElement);
  function colour(name, fallback) { return (styles.getPropertyValue(name) || "").trim() || fallback; }
  var warn = colour("--warn", "#b3261e");
  var accent = colour("--accent", "#1d5f8a");
  var WARNING = { people_at_risk: true, single_points: true, isolated_people: true };
  var charts = [];

  Array.prototype.forEach.call(canvases, function (canvas) {
    var c;
    try { c = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    var line = WARNING[c.key] ? warn : accent;
    charts.push(new window.Chart(canvas, {
      type: "line",
      data: {
        labels: c.labels,
        datasets: [{ label: c.title, data: c.values, borderColor: line, backgroundColor: line,
                     borderWidth: 2, pointRadius: c.values.length > 24 ? 0 : 2, tension: 0 }]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),  // sharp when printed
        plugins: { legend: { display: false }, tooltip: { intersect: false, mode: "index" } },
        scales: {
          x: { title: { display: true, text: "Month" },
               ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 12,
                        maxTicksLimit: Math.max(3, Math.floor((canvas.parentNode.clientWidth || 300) / 90)) } },
          y: { beginAtZero: true, title: { display: true, text: c.unit }, ticks: { precision: 0, maxTicksLimit: 5 } }
        }
      }
    }));
  });
  // Redraw at the printed width, and back.
  window.addEventListener("beforeprint", function () { charts.forEach(function (ch) { ch.resize(); }); });
  window.addEventListener("afterprint", function () { charts.forEach(function (ch) { ch.resize(); }); });
  document.documentElement.setAttribute("data-charts", String(charts.length));
})();

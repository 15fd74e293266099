/* Find support: a shortlist that lasts across searches. Ticked entries are kept in this browser
   (asset ids only, "cm.shortlist"), shown ticked again in later searches and listed in the tray;
   "Print or share" opens the shortlist of every entry kept, with distances from the place searched. */
(function () {
  "use strict";
  var KEY = "cm.shortlist", MAX = 30, ID = /^[A-Za-z0-9_.:\-]{1,100}$/;
  var form = document.getElementById("shortlist");
  var button = document.getElementById("make-shortlist");
  if (!form || !button) { return; }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][form=shortlist]"));
  var tray = document.getElementById("shortlist-tray");
  var names = {};

  function read() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY));
      return Array.isArray(ids) ? ids.filter(function (i) { return typeof i === "string" && ID.test(i); }).slice(0, MAX) : [];
    } catch (e) { return []; }
  }
  function write(ids) {
    try {
      if (ids.length) { window.localStorage.setItem(KEY, JSON.stringify(ids.slice(0, MAX))); }
      else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* private mode: the ticks on this page still work */ }
  }

  boxes.forEach(function (b) {
    var card = b.closest("li.result");
    var title = card && card.querySelector("h2");
    if (title) { names[b.value] = title.textContent.trim(); }
  });

  function link(ids) {
    var params = new URLSearchParams();
    ids.forEach(function (i) { params.append("id", i); });
    var from = form.querySelector("input[name=from]");
    if (from && from.value) { params.append("from", from.value); }
    return form.getAttribute("action") + "?" + params.toString();
  }

  function drawTray(ids) {
    if (!tray) { return; }
    tray.hidden = ids.length === 0;
    document.getElementById("tray-summary").textContent = "Your shortlist: " + ids.length
      + (ids.length === 1 ? " entry" : " entries") + " (kept in this browser)";
    var list = document.getElementById("tray-list");
    list.textContent = "";
    ids.forEach(function (i) {
      var li = document.createElement("li");
      li.textContent = names[i] || i;
      li.dataset.id = i;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link";
      remove.textContent = "remove";
      remove.setAttribute("aria-label", "Remove " + (names[i] || i) + " from the shortlist");
      remove.addEventListener("click", function () { set(i, false); });
      li.appendChild(document.createTextNode(" "));
      li.appendChild(remove);
      list.appendChild(li);
    });
  }

  function update() {
    var ids = read();
    boxes.forEach(function (b) { b.checked = ids.indexOf(b.value) >= 0; });
    button.disabled = ids.length === 0;
    button.textContent = ids.length ? "Print or share the " + ids.length + " ticked" : "Tick entries to print or share them";
    drawTray(ids);
  }

  function set(id, on) {
    var ids = read().filter(function (i) { return i !== id; });
    if (on) { ids.push(id); }
    write(ids);
    update();
  }

  boxes.forEach(function (b) { b.addEventListener("change", function () { set(b.value, b.checked); }); });
  form.addEventListener("submit", function (e) {
    var ids = read();
    if (!ids.length) { return; }
    e.preventDefault();
    window.location.assign(link(ids));
  });
  var clear = document.getElementById("tray-clear");
  if (clear) { clear.addEventListener("click", function () { write([]); update(); }); }

  // Names of entries kept from earlier searches (ids only are kept; names come from the directory).
  var unknown = read().filter(function (i) { return !names[i]; });
  if (unknown.length) {
    var params = new URLSearchParams();
    unknown.forEach(function (i) { params.append("id", i); });
    fetch(form.dataset.names + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { entries: [] }; })
      .then(function (data) { data.entries.forEach(function (e) { names[e.id] = e.name; }); update(); })
      .catch(function () { /* offline: ids are shown */ });
  }
  update();
})();

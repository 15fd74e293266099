// Type-ahead for the people on the 1:1 form: finds existing people as you type (GET
// /api/people/search) and fills the hidden id; typing again, or "add as new", clears it.
// Choosing who was met also fetches the follow-ups still open with them, offered for closing.
(function () {
  "use strict";
  function setup(input) {
    var side = input.dataset.side;
    var hidden = document.getElementById(side + "_id");
    var list = document.getElementById(side + "_list");
    var chosen = document.getElementById(side + "_chosen");
    var details = document.getElementById(side + "_new");
    var timer = null;
    var latest = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); }

    function pick(person) {
      hidden.value = person.id;
      input.value = person.name;
      chosen.textContent = "Existing person: " + person.name + (person.area ? " (" + person.area + ")" : "");
      if (details) { details.open = false; }
      close();
      changed();
    }

    function addNew() {
      hidden.value = "";
      chosen.textContent = input.value.trim() ? "New person: " + input.value.trim() : "";
      if (details) { details.open = true; }
      close();
      changed();
    }

    function changed() {
      if (side === "b") { openFollowUps(hidden.value); }
      input.form.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function item(text, extra, onChoose) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "option");
      button.textContent = text;
      if (extra) {
        var span = document.createElement("span");
        span.className = "hint";
        span.textContent = " " + extra;
        button.appendChild(span);
      }
      button.addEventListener("click", onChoose);
      li.appendChild(button);
      return li;
    }

    function show(people, typed) {
      list.textContent = "";
      people.forEach(function (p) {
        list.appendChild(item(p.name, [p.area, (p.roles || []).join(", ")].filter(Boolean).join(" · "),
                              function () { pick(p); }));
      });
      list.appendChild(item("Add \u201c" + typed + "\u201d as a new person", "", addNew));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    input.addEventListener("input", function () {
      if (hidden.value && side === "b") { openFollowUps(""); }
      hidden.value = "";
      chosen.textContent = "";
      clearTimeout(timer);
      var typed = input.value.trim();
      if (typed.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var ask = ++latest;
        fetch(input.dataset.src + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
          .then(function (data) { if (ask === latest) { show(data.people, typed); } })
          .catch(function () { close(); });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { close(); }
      if (e.key === "ArrowDown" && !list.hidden) {
        var first = list.querySelector("button");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    document.addEventListener("click", function (e) {
      if (!input.parentNode.contains(e.target)) { close(); }
    });
  }
  // The follow-ups still open with the person met (a fragment of the form, drawn by the server).
  function openFollowUps(personId) {
    var box = document.getElementById("close-follow-ups");
    var form = document.getElementById("one-to-one-form");
    if (!box || !form) { return; }
    if (!personId) { box.textContent = ""; return; }
    fetch(form.dataset.followUps + "?with=" + encodeURIComponent(personId), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var found = doc.getElementById("close-follow-ups");
        if (found) { box.replaceWith(document.importNode(found, true)); }
      })
      .catch(function () { /* offline: nothing offered; the 1:1 still saves */ });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("input.person-search"), function (input) {
      if (input.dataset.ready) { return; }
      input.dataset.ready = "1";
      setup(input);
    });
  }
  window.cmPeopleForm = { init: init, openFollowUps: openFollowUps };
  init();
})();

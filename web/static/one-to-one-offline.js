/* The 1:1 form on a phone: a draft kept on this device as it is typed (offered back when the form
   opens again, deleted when the 1:1 is saved), and a save that survives a lost signal: sent with an
   Idempotency-Key; when the network is gone it is kept on this phone ("saved on this phone, not yet
   sent") and sent when the connection returns (device.js), never recorded twice. */
(function () {
  "use strict";
  var device = window.cmDevice;
  if (!device || !device.account) { return; }
  var draftTimer = null;

  function form() { return document.getElementById("one-to-one-form"); }

  function fieldsOf(f) {
    var out = [];
    new FormData(f).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") { out.push([name, value]); }
    });
    return out;
  }

  function meaningful(fields) {
    return fields.some(function (p) {
      return ["b_name", "b_id", "place", "notes", "follow_up", "b_email", "b_phone"].indexOf(p[0]) >= 0 && p[1].trim();
    });
  }

  function keepDraft() {
    var f = form();
    if (!f) { return; }
    var fields = fieldsOf(f);
    if (!meaningful(fields)) { return; }
    device.write(device.DRAFT, { account: device.account, savedAt: Date.now(), fields: fields });
  }

  function fill(f, fields) {
    var values = {};
    fields.forEach(function (p) { (values[p[0]] = values[p[0]] || []).push(p[1]); });
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "submit" || el.type === "button") { return; }
      var given = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = !!given && given.indexOf(el.value) >= 0;
      } else if (given) {
        el.value = given[0];
      } else if (el.name !== "idempotency_key") {
        el.value = "";
      }
    });
    ["a", "b"].forEach(function (side) {
      var id = (values[side + "_id"] || [""])[0], name = (values[side + "_name"] || [""])[0];
      var chosen = document.getElementById(side + "_chosen");
      var details = document.getElementById(side + "_new");
      if (chosen) { chosen.textContent = id ? "Existing person: " + name : (name ? "New person: " + name : ""); }
      if (details) { details.open = !id && !!name; }
    });
    var b = (values.b_id || [""])[0];
    if (b && window.cmPeopleForm) { window.cmPeopleForm.openFollowUps(b); }
  }

  function when(ms) {
    var d = new Date(ms);
    return d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" }) + " at "
      + d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  }

  function offerDraft() {
    var f = form(), offer = document.getElementById("draft-offer");
    var draft = device.read(device.DRAFT);
    if (!f || !offer) { return; }
    if (!device.fresh(draft) || draft.account !== device.account) {
      if (draft && draft.account !== device.account) { device.remove(device.DRAFT); }
      return;
    }
    if (document.getElementById("form-problems") || document.getElementById("form-suggestions")) { return; }
    var who = draft.fields.filter(function (p) { return p[0] === "b_name"; })[0];
    document.getElementById("draft-offer-text").textContent = "A draft 1:1" + (who && who[1] ? " with " + who[1] : "")
      + " from " + when(draft.savedAt) + " is kept on this device.";
    offer.hidden = false;
    document.getElementById("draft-restore").onclick = function () {
      fill(form(), draft.fields);
      offer.hidden = true;
    };
    document.getElementById("draft-discard").onclick = function () {
      device.remove(device.DRAFT);
      offer.hidden = true;
    };
  }

  function fromOutbox() {
    var key = new URLSearchParams(window.location.search).get("outbox");
    if (!key) { return; }
    var item = device.take(key);
    if (!item) { return; }
    var f = form();
    fill(f, item.fields);
    f.elements.idempotency_key.value = item.key;
    device.write(device.DRAFT, { account: device.account, savedAt: Date.now(), fields: item.fields });
    // Sent again as the form: the server shows what it wants changed beside the fields.
    submit(f);
  }

  function swapIn(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("main"), here = document.querySelector("main");
    if (!main || !here) { return; }
    here.replaceWith(document.importNode(main, true));
    if (window.cmPeopleForm) { window.cmPeopleForm.init(); }
    bind();
    var first = document.querySelector("[aria-invalid=true], #form-suggestions, #form-problems");
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  function submit(f) {
    var key = f.elements.idempotency_key.value || device.newKey();
    f.elements.idempotency_key.value = key;
    var fields = fieldsOf(f);
    var url = f.getAttribute("action") || window.location.pathname;
    var button = document.getElementById("save");
    if (button) { button.disabled = true; button.textContent = "Saving…"; }
    device.send(url, fields, key).then(function (result) {
      if (button) { button.disabled = false; button.textContent = "Save the 1:1"; }
      if (result.state === "sent") {
        device.remove(device.DRAFT);
        window.location.assign(result.url);
      } else if (result.state === "attention") {
        swapIn(result.html);
      } else {
        if (!device.queue(url, fields, key)) {
          device.say("This phone could not keep the 1:1: do not close this page; try Save again when online.", "attention");
          return;
        }
        device.remove(device.DRAFT);
        var again = form();
        again.reset();
        again.elements.idempotency_key.value = device.newKey();
        ["a", "b"].forEach(function (side) {
          var chosen = document.getElementById(side + "_chosen");
          if (chosen && side === "b") { chosen.textContent = ""; }
        });
        var box = document.getElementById("close-follow-ups");
        if (box) { box.textContent = ""; }
        device.say(result.state === "signed-out"
          ? "Saved on this phone, not yet sent: sign in again and it will be sent."
          : "Saved on this phone, not yet sent. It will be sent when you are back online; keep this page or come back to it.",
          "waiting");
        window.scrollTo(0, 0);
      }
    });
  }

  function bind() {
    var f = form();
    if (!f || f.dataset.offline) { return; }
    f.dataset.offline = "1";
    f.addEventListener("input", function () { clearTimeout(draftTimer); draftTimer = setTimeout(keepDraft, 250); });
    f.addEventListener("change", function () { clearTimeout(draftTimer); draftTimer = setTimeout(keepDraft, 250); });
    f.addEventListener("submit", function (e) { e.preventDefault(); submit(f); });
    offerDraft();
  }

  bind();
  fromOutbox();
})();

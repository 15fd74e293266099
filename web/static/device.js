/* What this device keeps for a signed-in organiser, in localStorage, and nothing else anywhere:
   - a draft of the 1:1 form ("cm.draft.one-to-one"), and
   - 1:1s saved while offline, waiting to be sent ("cm.outbox"), each with its Idempotency-Key so
     that sending it again never records it twice.
   Both hold personal data: each entry names its account (a keyed hash, not the e-mail), is
   never kept past seven days, and is cleared at sign-out (site.js). The outbox is sent again
   when the connection returns, when any page loads and every 20 seconds while it holds entries. */
(function () {
  "use strict";
  var DRAFT = "cm.draft.one-to-one", OUTBOX = "cm.outbox", WEEK = 7 * 24 * 3600 * 1000;
  var account = document.body.dataset.device || "";

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key)); } catch (e) { return null; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function remove(key) { try { window.localStorage.removeItem(key); } catch (e) { /* none kept */ } }

  function fresh(item) { return item && typeof item.savedAt === "number" && Date.now() - item.savedAt < WEEK; }

  function purge() {
    if (!fresh(read(DRAFT))) { remove(DRAFT); }
    var box = read(OUTBOX);
    if (Array.isArray(box)) {
      var kept = box.filter(fresh);
      if (kept.length) { write(OUTBOX, kept); } else { remove(OUTBOX); }
    } else if (box !== null) { remove(OUTBOX); }
  }

  function outbox() { var box = read(OUTBOX); return Array.isArray(box) ? box : []; }
  function mine() { return outbox().filter(function (i) { return i.account === account; }); }
  function setOutbox(items) { if (items.length) { write(OUTBOX, items); } else { remove(OUTBOX); } }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function csrf() {
    var input = document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  // Send one saved form. Resolves "sent" (with the page it went to), "attention" (the server wants
  // something changed: a likely duplicate, an error), "signed-out" or "offline" (try again later).
  function send(url, fields, key) {
    var body = new URLSearchParams();
    fields.forEach(function (pair) { if (pair[0] !== "csrf_token") { body.append(pair[0], pair[1]); } });
    body.append("csrf_token", csrf());
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "Idempotency-Key": key, "X-Requested-With": "fetch" } })
      .then(function (r) {
        var path = new URL(r.url, window.location.href).pathname;
        if (r.ok && (r.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
          return r.json().then(function (saved) {
            return saved.saved ? { state: "sent", url: saved.url } : { state: "attention", html: "" };
          });
        }
        if (path === "/login" || r.status === 401) { return { state: "signed-out" }; }
        if (r.status === 400 || r.status >= 500) { return { state: r.status >= 500 ? "offline" : "signed-out" }; }
        return r.text().then(function (html) { return { state: "attention", html: html, status: r.status }; });
      }, function () { return { state: "offline" }; });
  }

  var listeners = [];
  function say(text, kind, link) {
    listeners.forEach(function (f) { f(text, kind, link); });
    var box = document.getElementById("outbox-status");
    if (!box) {
      var main = document.querySelector("main");
      if (!main || !text) { return; }
      box = document.createElement("div");
      box.id = "outbox-status";
      box.className = "outbox";
      box.setAttribute("role", "status");
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = "";
    box.hidden = !text;
    box.className = "outbox " + (kind || "");
    if (!text) { return; }
    box.appendChild(document.createTextNode(text));
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      a.id = link.id || "";
      box.appendChild(document.createTextNode(" "));
      box.appendChild(a);
    }
  }

  function describeWaiting() {
    var waiting = mine();
    var attention = waiting.filter(function (i) { return i.state === "attention"; });
    if (attention.length) {
      say("A 1:1 saved on this phone was not accepted as it was: it needs you.", "attention",
          { href: "/organisers/one-to-ones/new?outbox=" + encodeURIComponent(attention[0].key), text: "Open it",
            id: "outbox-open" });
    } else if (waiting.length) {
      say((waiting.length === 1 ? "1 1:1 is" : waiting.length + " 1:1s are")
          + " saved on this phone, not yet sent. " + (navigator.onLine ? "Sending…" : "It will be sent when you are back online."),
          "waiting");
    }
  }

  var flushing = false;
  function flush() {
    purge();
    var waiting = mine().filter(function (i) { return i.state !== "attention"; });
    if (flushing || !waiting.length || !csrf()) { describeWaiting(); return Promise.resolve(); }
    flushing = true;
    describeWaiting();
    var item = waiting[0];
    return send(item.url, item.fields, item.key).then(function (result) {
      flushing = false;
      var items = outbox();
      if (result.state === "sent") {
        setOutbox(items.filter(function (i) { return i.key !== item.key; }));
        say("Sent: the 1:1 saved on this phone is now recorded (once).", "sent",
            { href: result.url, text: "See it", id: "outbox-sent" });
        if (mine().length) { return flush(); }
      } else if (result.state === "attention") {
        items.forEach(function (i) { if (i.key === item.key) { i.state = "attention"; } });
        setOutbox(items);
        describeWaiting();
      } else if (result.state === "signed-out") {
        say("A 1:1 is saved on this phone, not yet sent: sign in again and it will be sent.", "waiting");
      } else {
        describeWaiting();
      }
    });
  }

  function queue(url, fields, key) {
    var items = outbox().filter(function (i) { return i.key !== key; });
    items.push({ account: account, key: key, url: url, fields: fields, savedAt: Date.now(), state: "waiting" });
    return write(OUTBOX, items);
  }

  function take(key) {
    var found = null;
    setOutbox(outbox().filter(function (i) {
      if (i.key === key && i.account === account) { found = i; return false; }
      return true;
    }));
    return found;
  }

  window.cmDevice = {
    DRAFT: DRAFT, account: account, read: read, write: write, remove: remove, fresh: fresh, newKey: newKey,
    send: send, queue: queue, take: take, flush: flush, say: say, onSay: function (f) { listeners.push(f); },
    unsent: function () { return outbox().length; },
    clearPersonal: function () { remove(DRAFT); remove(OUTBOX); }
  };

  purge();
  if (account) {
    window.addEventListener("online", function () { flush(); });
    window.setInterval(function () { if (mine().length) { flush(); } }, 20000);
    flush();
  }
})();

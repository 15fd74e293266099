// Follows a running import: asks for its progress every half second until it is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box) { return; }
  var bar = document.getElementById("import-bar");
  var message = document.getElementById("import-message");
  function poll() {
    fetch(box.dataset.src, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (job) {
        box.dataset.state = job.state;
        bar.max = job.total || 1;
        bar.value = job.done;
        if (job.state === "writing" && job.done < job.total) {
          message.textContent = "Checking and writing: " + job.done.toLocaleString() + " of about " +
            job.total.toLocaleString() + " rows (nothing is kept until all of them are written)";
        } else if (job.state === "writing") {
          message.textContent = "Saving all " + job.total.toLocaleString() + " rows at once...";
        } else {
          message.textContent = job.message;
        }
        if (job.state === "failed") { message.className = "error"; }
        if (job.state !== "done" && job.state !== "failed") { setTimeout(poll, 500); }
      })
      .catch(function (err) { message.textContent = "Could not ask for progress: " + err.message; setTimeout(poll, 2000); });
  }
  poll();
})();

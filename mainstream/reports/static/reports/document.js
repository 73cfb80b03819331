// Follows a document being made by the background worker; shows the download link when it is ready (no library).
(function () {
  "use strict";
  var box = document.getElementById("document-job");
  if (!box) { return; }
  var state = document.getElementById("document-state"), link = document.getElementById("document-link");
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        state.textContent = job.label + (job.message ? "：" + job.message : "");
        if (job.ready) { link.hidden = false; link.focus(); }
        if (!job.finished) { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 4000); });
  }
  if (box.getAttribute("data-finished") !== "1") { setTimeout(poll, 1000); }
}());

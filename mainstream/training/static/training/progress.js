// Polls a background training import and shows its progress (no library: the intranet has no CDN).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("bar"), state = document.getElementById("state"), list = document.getElementById("errors");
  function fmt(n) { return Number(n).toLocaleString("zh-TW"); }
  function show(job) {
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    var text = job.label;
    if (job.waiting || job.status === "queued") { /* the label says it */ }
    else if (job.status === "reading") { text += "：已讀取 " + fmt(job.rows) + (job.total ? " / 約 " + fmt(job.total) : "") + " 列"; }
    else if (job.status === "writing") { text += "：" + fmt(job.rows) + " 列寫入資料庫中"; }
    else if (job.status === "done") { text += "：" + job.year + " 年 " + fmt(job.rows) + " 列，新增 " + fmt(job.created) + " 筆，重複未匯入 " + fmt(job.unchanged) + " 筆"; }
    else if (job.status === "rejected") { text += "：整個檔案未寫入，共 " + fmt(job.error_count) + " 個錯誤"; }
    else if (job.status === "failed") { text += "：" + job.message; }
    state.textContent = text;
    list.textContent = "";
    (job.errors || []).forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = (e.row ? "第 " + e.row + " 列" : "檔案") + (e.column ? "「" + e.column + "」" : "") + "：" + e.reason;
      list.appendChild(li);
    });
  }
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) { show(job); if (!job.finished) { setTimeout(poll, 1000); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
}());

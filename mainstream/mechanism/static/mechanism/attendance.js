/* Live validity of a task force meeting as the attendance form is filled in (伍、一、(二)、4、A).
   Mirrors mainstream/mechanism/validity.py; the server's verdict after saving is the record. */
(function () {
  "use strict";
  var SHARE_WORDS = {"1/2": "二分之一", "1/3": "三分之一", "2/3": "三分之二"};

  function days(from, to) {
    return Math.round((Date.parse(to) - Date.parse(from)) / 86400000);
  }

  function evaluate(form, q) {
    var rows = form.querySelectorAll("tr[data-member]");
    var total = rows.length;
    var need = Math.ceil(total * q.share_num / q.share_den);
    var words = SHARE_WORDS[q.share_num + "/" + q.share_den] || (q.share_num + "/" + q.share_den);
    var present = 0, ext = 0, saved = [], notes = [];
    rows.forEach(function (tr) {
      var id = tr.getAttribute("data-member");
      var name = tr.querySelector("th").textContent.replace("（召集人）", "").trim();
      var status = form.querySelector("#status-" + id).value;
      var external = tr.getAttribute("data-kind") === "external";
      if (status === "present") {
        present += 1;
        if (external) { ext += 1; }
      } else if (external && (status === "late_notice" || status === "no_show")) {
        var opinion = form.querySelector("#opinion-" + id).value;
        var inMinutes = form.querySelector("#minutes-" + id).checked;
        if (!opinion) { notes.push(name + "未提出書面意見"); }
        else if (Math.max(0, days(q.date, opinion)) > q.days) {
          notes.push(name + "書面意見於會後 " + days(q.date, opinion) + " 日送達，逾 " + q.days + " 日");
        } else if (!inMinutes) { notes.push(name + "書面意見未併入會議紀錄"); }
        else { saved.push(name); }
      }
    });
    function problems(p, e) {
      var out = [];
      if (e < q.min_external) { out.push("府外委員出席 " + e + " 人，未達 " + q.min_external + " 人"); }
      if (p < need) { out.push("出席委員 " + p + " 人，未達在任委員 " + total + " 人之" + words + "（" + need + " 人）"); }
      return out;
    }
    if (total === 0) { return {valid: false, reason: "會議當日無在任委員"}; }
    var first = problems(present, ext);
    if (!first.length) {
      return {valid: true, reason: "有效：府外委員出席 " + ext + " 人，出席委員 " + present + " 人，達在任委員 " +
        total + " 人之" + words + "（" + need + " 人）"};
    }
    if (saved.length) {
      var second = problems(present + saved.length, ext + saved.length);
      if (!second.length) {
        return {valid: true, reason: "有效：府外委員 " + saved.join("、") + " 於會後 " + q.days +
          " 日內提出書面意見並併入會議紀錄，視為出席；府外委員出席 " + (ext + saved.length) + " 人，出席委員 " +
          (present + saved.length) + " 人，達在任委員 " + total + " 人之" + words + "（" + need + " 人）"};
      }
      first = second;
      notes.unshift(saved.join("、") + "之書面意見視為出席後仍未達");
    }
    return {valid: false, reason: "無效：" + first.concat(notes).join("；")};
  }

  function init() {
    var form = document.getElementById("attendance-form");
    var data = document.getElementById("quorum-data");
    var out = document.getElementById("validity");
    if (!form || !data || !out) { return; }
    var q = JSON.parse(data.textContent);
    function update() {
      var v = evaluate(form, q);
      var badge = out.querySelector(".status");
      badge.className = "status status-" + (v.valid ? "met" : "unmet");
      badge.textContent = v.valid ? "✓ 有效" : "✗ 無效";
      out.querySelector("#validity-reason").textContent = v.reason + "（尚未儲存）";
    }
    form.addEventListener("change", update);
    form.addEventListener("input", update);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

// Reader: hovering a highlighted statement shows its record; clicking opens it with its source span.
(function () {
  var marks = {};
  JSON.parse(document.getElementById("marks").textContent).forEach(function (m) { marks[m.id] = m; });
  var plan = document.getElementById("plantext").dataset.plan;
  var tip = document.getElementById("tip");
  function esc(s) { return String(s === null || s === undefined ? "" : s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function show(el, x, y) {
    var m = marks[el.dataset.id]; if (!m) return;
    tip.innerHTML = "<b>" + esc(m.indicator) + "</b> " + esc(m.target_text) + (m.year ? "（" + m.year + "年）" : "") +
      "<br>" + (m.type === "target" ? "目标" : "基期值") + " · " + esc(m.kind_label) + " · 审核 " + esc(m.review) +
      (m.status ? " · 状态 " + esc(m.status) : "") + "<br><small>点击查看记录与原文位置</small>";
    tip.hidden = false;
    tip.style.left = Math.min(x + 12, window.innerWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(y + 16, window.innerHeight - tip.offsetHeight - 8) + "px";
  }
  document.addEventListener("mouseover", function (e) { var el = e.target.closest("mark.t"); if (el) show(el, e.clientX, e.clientY); });
  document.addEventListener("mouseout", function (e) { if (e.target.closest("mark.t")) tip.hidden = true; });
  document.addEventListener("focusin", function (e) { var el = e.target.closest("mark.t"); if (el) { var r = el.getBoundingClientRect(); show(el, r.left, r.bottom); } });
  function open(el) { window.location.href = "/plans/" + encodeURIComponent(plan) + "/targets/" + encodeURIComponent(el.dataset.id) + "#span"; }
  document.addEventListener("click", function (e) { var el = e.target.closest("mark.t"); if (el) open(el); });
  document.addEventListener("keydown", function (e) { var el = e.target.closest && e.target.closest("mark.t"); if (el && e.key === "Enter") open(el); });
})();

// Actual values against the expected path to the target, one chart per canvas[data-chart] (Chart.js, vendored).
(function () {
  if (typeof Chart === "undefined") return;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  function draw(canvas) {
    var d = JSON.parse(canvas.dataset.chart);
    var years = {};
    d.expected.concat(d.actual).forEach(function (p) { years[p[0]] = 1; });
    if (d.target_year && d.target_value !== null) years[d.target_year] = 1;
    var labels = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
    function series(points) { var m = {}; points.forEach(function (p) { m[p[0]] = p[1]; }); return labels.map(function (y) { return y in m ? m[y] : null; }); }
    var sets = [
      { label: "预期路径", data: series(d.expected), borderColor: "#8a8f98", borderDash: [6, 4], pointRadius: 0, spanGaps: true, borderWidth: 2 },
      { label: "实际值", data: series(d.actual), borderColor: "#b3261e", backgroundColor: "#b3261e", pointRadius: 4, spanGaps: true, borderWidth: 2 }
    ];
    if (d.target_year && d.target_value !== null && d.expected.length === 0) {
      sets.push({ label: "目标", data: series([[d.target_year, d.target_value]]), borderColor: "#2e7d32", backgroundColor: "#2e7d32", pointStyle: "rectRot", pointRadius: 6, showLine: false });
    }
    new Chart(canvas, { type: "line", data: { labels: labels, datasets: sets },
      options: { responsive: true, maintainAspectRatio: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 18 } }, tooltip: { callbacks: { label: function (c) { return c.dataset.label + "：" + c.formattedValue + (d.unit && d.unit !== "ratio" ? " " + d.unit : ""); } } } },
        scales: { y: { title: { display: !!d.unit, text: d.unit || "" } } } } });
  }
  var canvases = document.querySelectorAll("canvas[data-chart]");
  if ("IntersectionObserver" in window) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { io.unobserve(e.target); draw(e.target); } });
    }, { rootMargin: "200px" });
    canvases.forEach(function (c) { io.observe(c); });
  } else { canvases.forEach(draw); }
})();

/* Charts of the Youth Development Index page (Chart.js, served locally). */
(function () {
  const PALETTE = ["#0b6bcb", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#1098ad", "#c2255c", "#5c940d",
                   "#364fc7", "#a61e4d", "#087f5b", "#5f3dc4", "#e8590c", "#495057"];
  function data(id) { const el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function trend() {
    const el = document.getElementById("trend-chart"); const d = data("series-data");
    if (!el || !d || typeof Chart === "undefined") return;
    const chart = new Chart(el, {
      type: "line",
      data: { labels: d.labels, datasets: d.datasets.map((s, i) => ({ label: s.label, data: s.data, borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length], tension: 0.2, pointRadius: 3, hidden: i >= 5 })) },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
                 scales: { y: { suggestedMin: 30, suggestedMax: 90 } } },
    });
    // The legend is a set of checkboxes in the page (keyboard and screen readers work), not the canvas.
    document.querySelectorAll('[data-series-for="trend-chart"] input[data-series]').forEach(function (box) {
      const i = Number(box.dataset.series);
      const swatch = box.parentElement.querySelector("[data-swatch]");
      if (swatch) swatch.style.backgroundColor = PALETTE[i % PALETTE.length];
      chart.setDatasetVisibility(i, box.checked);
      box.addEventListener("change", function () { chart.setDatasetVisibility(i, box.checked); chart.update(); });
    });
    chart.update();
  }
  function radar() {
    const el = document.getElementById("radar-chart"); const d = data("radar-data"); const sel = document.getElementById("radar-district");
    if (!el || !d || typeof Chart === "undefined") return;
    const meanLabel = el.dataset.meanLabel || "mean";
    const chart = new Chart(el, {
      type: "radar",
      data: { labels: d.labels, datasets: [
        { label: d.districts[0].name, data: d.districts[0].data, borderColor: "#0b6bcb", backgroundColor: "rgba(11,107,203,0.2)" },
        { label: meanLabel, data: d.mean, borderColor: "#868e96", backgroundColor: "rgba(134,142,150,0.08)", borderDash: [4, 4] }] },
      options: { responsive: true, maintainAspectRatio: false, scales: { r: { suggestedMin: 0, suggestedMax: 100, pointLabels: { font: { size: 11 } } } },
                 plugins: { legend: { position: "bottom" } } },
    });
    if (sel) sel.addEventListener("change", function () {
      const row = d.districts.find((x) => x.code === sel.value) || d.districts[0];
      chart.data.datasets[0].label = row.name; chart.data.datasets[0].data = row.data; chart.update();
    });
  }
  document.addEventListener("DOMContentLoaded", function () { trend(); radar(); });
})();

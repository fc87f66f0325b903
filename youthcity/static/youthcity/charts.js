/* Charts of the dashboards (Chart.js, served locally), declared in the page, drawn here:
 *
 *   {{ data|json_script:"occ-data" }}
 *   <canvas data-chart="occ-data" data-chart-type="bar" data-chart-options='{"indexAxis": "y"}'
 *           data-chart-key="projects"></canvas>
 *
 * `data-chart` names the JSON block; `data-chart-key` picks one entry of it; the data is either
 * {labels, values, label} (one series) or {labels, datasets}. No inline script: the pages keep a
 * strict Content-Security-Policy. Animation is off (stable screenshots, reduced motion).
 */
(function () {
  "use strict";
  const BLUE = "#0b6bcb";

  function merge(target, source) {
    Object.keys(source || {}).forEach(function (k) {
      const v = source[k];
      if (v && typeof v === "object" && !Array.isArray(v)) {
        target[k] = merge(target[k] && typeof target[k] === "object" ? target[k] : {}, v);
      } else {
        target[k] = v;
      }
    });
    return target;
  }

  function draw(canvas) {
    const block = document.getElementById(canvas.dataset.chart);
    if (!block || typeof Chart === "undefined") return;
    let data = JSON.parse(block.textContent);
    if (canvas.dataset.chartKey) data = data[canvas.dataset.chartKey];
    if (!data) return;
    const type = canvas.dataset.chartType || "bar";
    const datasets = data.datasets || [{ label: data.label || "", data: data.values, backgroundColor: data.colours || BLUE }];
    const round = type === "doughnut" || type === "pie";
    const options = merge({
      responsive: true, animation: false,
      plugins: { legend: { display: round || !!data.datasets } },
      scales: round ? {} : { y: { beginAtZero: true } },
    }, canvas.dataset.chartOptions ? JSON.parse(canvas.dataset.chartOptions) : {});
    if (data.titles) {  // short labels on the axis (a phone is 390 px wide), the full name in the tooltip
      options.plugins.tooltip = merge(options.plugins.tooltip || {}, {
        callbacks: { title: function (items) { return items.length ? data.titles[items[0].dataIndex] : ""; } },
      });
    }
    new Chart(canvas, { type: type, data: { labels: data.labels, datasets: datasets }, options: options });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();

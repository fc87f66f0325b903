/* Small wrappers over Chart.js used by the dashboards (served locally). */
function ycBarChart(canvasId, data, opts) {
  const el = document.getElementById(canvasId);
  if (!el || typeof Chart === "undefined") return null;
  return new Chart(el, {
    type: (opts && opts.type) || "bar",
    data: { labels: data.labels, datasets: data.datasets || [{ label: data.label || "", data: data.values, backgroundColor: "#0b6bcb" }] },
    options: Object.assign({ responsive: true, plugins: { legend: { display: !!data.datasets } }, scales: { y: { beginAtZero: true } } }, (opts && opts.options) || {}),
  });
}

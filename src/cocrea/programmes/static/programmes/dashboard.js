// The programme's ratio dashboard: objective bars sized from their data attribute, and the
// week-by-week chart drawn with the locally served Chart.js. Every figure is also in the page
// as a table, so the dashboard reads without this file.
(function () {
  "use strict";

  function cssVar(name, fallback) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function readJSON(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function sizeBars() {
    document.querySelectorAll(".bar__fill[data-percent]").forEach(function (bar) {
      const percent = Math.max(0, Math.min(100, Number(bar.dataset.percent) || 0));
      bar.style.width = percent + "%";
    });
  }

  function weekLabel(iso) {
    const lang = document.documentElement.lang || undefined;
    const date = new Date(iso + "T00:00:00");
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "short" }).format(date);
  }

  function drawChart() {
    const canvas = document.getElementById("programme-chart");
    const data = readJSON("programme-chart-data");
    const labels = readJSON("programme-chart-labels");
    if (!canvas || !data || !labels || typeof window.Chart === "undefined") return;
    const primary = cssVar("--brand-primary", "#1f4e79");
    const accent = cssVar("--brand-accent", "#e07a1f");
    new window.Chart(canvas, {
      data: {
        labels: data.weeks.map(weekLabel),
        datasets: [
          { type: "bar", label: labels.contributions, data: data.contributions, backgroundColor: primary, yAxisID: "y" },
          { type: "bar", label: labels.accepted, data: data.accepted, backgroundColor: "#1e7a46", yAxisID: "y" },
          { type: "line", label: labels.hours, data: data.hours, borderColor: accent, backgroundColor: accent, yAxisID: "hours", tension: 0.25 },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { beginAtZero: true, position: "left", title: { display: true, text: labels.count } },
          hours: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: labels.hours } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    sizeBars();
    drawChart();
  });
})();

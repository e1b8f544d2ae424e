// Customizer statistics: one horizontal bar chart per part, drawn with the locally served
// Chart.js (insights/vendor). The tables under each chart hold the same figures.
(function () {
  "use strict";

  function draw() {
    const source = document.getElementById("customizer-chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart-part]").forEach(function (canvas) {
      const part = data.parts[Number(canvas.dataset.chartPart)];
      if (!part) return;
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: part.labels,
          datasets: [{
            label: part.name,
            data: part.counts,
            backgroundColor: part.colours,
            borderColor: "#1c2430",
            borderWidth: 1,
          }],
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

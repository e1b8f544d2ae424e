// The insights dashboard: charts drawn with the locally served Chart.js, drill-down on click,
// and a live refresh when new contributions arrive. Every figure is also in the page as a
// table or a link, so the dashboard works (and reads) without this file.
(function () {
  "use strict";

  const charts = [];

  function cssVar(name, fallback) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function tint(hex, ratio) {
    // Mix a #rrggbb colour with white (ratio 0: the colour, 1: white).
    const match = /^#?([0-9a-f]{6})$/i.exec(hex);
    if (!match) return hex;
    const n = parseInt(match[1], 16);
    const channel = (shift) => Math.round(((n >> shift) & 255) * (1 - ratio) + 255 * ratio);
    return "rgb(" + channel(16) + ", " + channel(8) + ", " + channel(0) + ")";
  }

  function palette(count) {
    const primary = cssVar("--brand-primary", "#1f4e79");
    const accent = cssVar("--brand-accent", "#e07a1f");
    const base = [primary, accent, tint(primary, 0.45), tint(accent, 0.45), tint(primary, 0.7), tint(accent, 0.7), "#8a94a6"];
    return Array.from({ length: count }, (_, i) => base[i % base.length]);
  }

  function readJSON(id, root) {
    const element = (root || document).querySelector("#" + id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function dayLabel(iso) {
    const lang = document.documentElement.lang || undefined;
    const date = new Date(iso + "T00:00:00");
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "short" }).format(date);
  }

  function drillUrl(params) {
    const drill = readJSON("dash-drill");
    if (!drill) return null;
    const query = new URLSearchParams(drill.query);
    Object.entries(params).forEach(([key, value]) => query.set(key, value));
    return drill.voices_url + "?" + query.toString();
  }

  function go(params) {
    const url = drillUrl(params);
    if (url) window.location.assign(url);
  }

  function pointer(event, elements) {
    event.native.target.style.cursor = elements.length ? "pointer" : "default";
  }

  function volumeChart(canvas, data) {
    const split = canvas.dataset.split;
    const series = data[split] || [];
    const colours = palette(series.length);
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels.map(dayLabel),
        datasets: series.map((s, i) => ({
          label: s.label, data: s.data, backgroundColor: colours[i], borderRadius: 3, stack: "all",
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        onHover: pointer,
        onClick(event, elements, chart) {
          if (!elements.length) return;
          const params = { day: data.labels[elements[0].index] };
          if (data.span > 1) params.span = data.span;
          const hit = chart.getElementsAtEventForMode(event, "nearest", { intersect: true }, true);
          if (hit.length) {
            const s = series[hit[0].datasetIndex];
            if (split === "channel") params.channel = s.key;
            else if (s.key) params.campaign = s.key;
          }
          go(params);
        },
      },
    });
  }

  function funnelChart(canvas, data) {
    const primary = cssVar("--brand-primary", "#1f4e79");
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.map((s) => s.label),
        datasets: [{
          data: data.map((s) => s.count),
          backgroundColor: data.map((_, i) => tint(primary, i * 0.18)),
          borderRadius: 4,
        }],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } },
        plugins: { legend: { display: false } },
        onHover: pointer,
        onClick(event, elements) {
          if (elements.length) go({ channel: "idea", stage: data[elements[0].index].stage });
        },
      },
    });
  }

  function draw(root) {
    if (!window.Chart) return; // the tables below each chart hold the same figures
    while (charts.length) charts.pop().destroy();
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.color = cssVar("--ink-soft", "#4a5565");
    root.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const data = readJSON(canvas.dataset.source, root);
      if (!data) return;
      charts.push(canvas.dataset.chart === "funnel" ? funnelChart(canvas, data) : volumeChart(canvas, data));
    });
  }

  async function refreshBody() {
    const body = document.getElementById("dash-body");
    if (!body) return;
    const response = await fetch(body.dataset.refreshUrl, {
      headers: { "HX-Request": "true" }, credentials: "same-origin",
    });
    if (!response.ok) return;
    body.innerHTML = await response.text();
    draw(body);
    const live = document.getElementById("dash-live");
    if (live) live.textContent = body.querySelector("[data-testid=dash-updated]")?.textContent || "";
  }

  function poll() {
    const state = readJSON("dash-pulse");
    if (!state) return;
    window.setInterval(async () => {
      if (document.hidden) return;
      try {
        const response = await fetch(state.url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) return;
        const now = await response.json();
        if (now.voices !== state.voices || now.last_id !== state.last_id) {
          state.voices = now.voices;
          state.last_id = now.last_id;
          await refreshBody();
        }
      } catch (error) {
        // Offline for a moment: the next tick tries again.
      }
    }, state.interval || 15000);
  }

  function start() {
    const body = document.getElementById("dash-body");
    if (!body) return;
    draw(body);
    poll();
    document.body.addEventListener("insights-refresh", refreshBody);
    // A refused recomputation (409) carries its message: show it instead of ignoring it.
    document.body.addEventListener("htmx:beforeSwap", (event) => {
      if (event.detail.xhr && event.detail.xhr.status === 409) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

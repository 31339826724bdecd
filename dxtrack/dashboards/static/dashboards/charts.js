/* dxtrack dashboards: draws each <canvas data-chart> from the JSON embedded next to it
   (json_script). Chart.js is served from static/vendor/ (scripts/vendor_static.sh), never a CDN.
   Without JavaScript or Chart.js the tables under each chart carry the same numbers. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var COLORS = {
    achieved: "#1a7f37", on_track: "#4ac26b", at_risk: "#d4a72c", off_track: "#fb8f44",
    missed: "#cf222e", no_data: "#8c959f", done: "#1a7f37", on_schedule: "#4ac26b",
    not_started: "#8c959f", overdue: "#cf222e"
  };
  var nf = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;

  function data(canvas) {
    var el = document.getElementById(canvas.dataset.source);
    return el ? JSON.parse(el.textContent) : null;
  }
  function yearLabel(x) {
    var year = Math.floor(x - 1e-9), frac = x - year;
    if (Math.abs(frac - 1) < 0.01) { return String(year); }
    return "Q" + Math.max(1, Math.round(frac * 4)) + "/" + year;
  }
  /* A long category name on the y axis of a horizontal bar chart, cut into lines of about
     `width` characters at spaces (Chart.js draws an array as several lines): on a phone
     (390 px) "Khoa học, công nghệ và đổi mới sáng tạo" would otherwise be cut at the left. */
  function wrapped(text, width) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.length > 1 ? lines : lines[0] || "";
  }
  function labelWidth(chartWidth) { return chartWidth < 600 ? 16 : 44; }
  function categoryTicks(every) {
    return { autoSkip: !every, callback: function (value) {
      return wrapped(this.getLabelForValue(value), labelWidth(this.chart.width)); } };
  }
  /* A horizontal bar chart on a phone: its box grows with the lines of its category names, so
     that "Khoa học công nghệ và đổi mới sáng tạo" in four lines is not drawn over the next
     category's name (a fixed 300 px held 8 categories of up to 4 lines each). */
  function fitHeight(canvas, config) {
    var box = canvas.parentElement, labels = config.data.labels || [];
    if (config.options.indexAxis !== "y" || !box || box.clientWidth >= 600) { return; }
    var lines = labels.reduce(function (sum, label) {
      var cut = wrapped(label, labelWidth(box.clientWidth));
      return sum + (Array.isArray(cut) ? cut.length : 1);
    }, 0);
    var needed = 120 + lines * 16 + labels.length * 14;
    if (needed > box.clientHeight) { box.style.height = needed + "px"; }
  }
  var builders = {
    stacked: function (d) {
      return { type: "bar", data: { labels: d.labels, datasets: d.statuses.map(function (s, i) {
        return { label: d.status_labels[i], backgroundColor: COLORS[s],
                 data: d.values.map(function (row) { return row[i]; }) }; }) },
        options: { indexAxis: "y", scales: { x: { stacked: true, ticks: { precision: 0 } },
                                             y: { stacked: true, ticks: categoryTicks(true) } } } };
    },
    "status-bar": function (d) {
      return { type: "bar", data: { labels: d.labels, datasets: [{ label: "Số chỉ tiêu", data: d.values,
        backgroundColor: d.statuses.map(function (s) { return COLORS[s]; }) }] },
        options: { plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } } };
    },
    "score-line": function (d) {
      return { type: "line", data: { labels: d.labels, datasets: [{ label: "Điểm", data: d.scores,
        borderColor: "#0b5cad", spanGaps: true }] }, options: { scales: { y: { min: 0, max: 100 } } } };
    },
    ranking: function (d) {
      return { type: "bar", data: { labels: d.labels, datasets: [{ label: "Điểm", data: d.values,
        backgroundColor: "#0b5cad" }] }, options: { indexAxis: "y", plugins: { legend: { display: false } },
        scales: { x: { min: 0, max: 100 }, y: { ticks: categoryTicks(false) } } } };
    },
    indicator: function (d) {
      var sets = [{ label: "Giá trị (cấp tỉnh)", data: d.observed, borderColor: "#0b5cad",
                    backgroundColor: "#0b5cad", showLine: true }];
      var palette = ["#1a7f37", "#8250df", "#bf3989", "#9a6700"];
      d.targets.forEach(function (t, i) {
        var c = palette[i % palette.length];
        sets.push({ label: "Đường thẳng đến chỉ tiêu: " + t.label, data: t.path, borderColor: c,
                    borderDash: [6, 4], showLine: true, pointRadius: 0 });
        sets.push({ label: "Chỉ tiêu: " + t.label, data: t.target, borderColor: c, backgroundColor: c,
                    pointStyle: "star", pointRadius: 9 });
        if (t.projection) {
          sets.push({ label: "Dự báo: " + t.label, data: t.projection, borderColor: "#6e7781",
                      borderDash: [2, 3], showLine: true, pointRadius: 2 });
        }
      });
      return { type: "scatter", data: { datasets: sets }, options: { scales: { x: { type: "linear",
        ticks: { callback: yearLabel } } }, plugins: { tooltip: { callbacks: { label: function (c) {
          return c.dataset.label + ": " + nf.format(c.parsed.y) + " (" + yearLabel(c.parsed.x) + ")"; } } } } } };
    }
  };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var d = data(canvas), build = builders[canvas.dataset.chart];
    if (!d || !build) { return; }
    var config = build(d);
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options);
    fitHeight(canvas, config);
    canvas.chart = new Chart(canvas, config);
    canvas.setAttribute("data-drawn", "1");
  });
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (c) { c.resize(); });
  });
})();

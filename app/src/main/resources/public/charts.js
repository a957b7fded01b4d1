// Events over time by log type, drawn with uPlot from the data-volume attribute of each .chart.
(function () {
  "use strict";
  var COLORS = { url: "#1f4e8c", impersonation: "#b3261e", attachment: "#e08a00" };
  var NAMES = { url: "URL", impersonation: "Impersonation", attachment: "Attachment" };
  document.querySelectorAll(".chart[data-volume]").forEach(function (el) {
    var v = JSON.parse(el.getAttribute("data-volume"));
    var sums = {};
    var total = 0;
    Object.keys(v.series).forEach(function (t) {
      sums[t] = v.series[t].reduce(function (a, n) { return a + n; }, 0);
      total += sums[t];
    });
    // log types with no event in the period are left out of the chart and its legend
    var types = Object.keys(v.series).filter(function (t) { return sums[t] > 0; });
    if (total === 0 || typeof uPlot === "undefined") {
      el.innerHTML = '<p class="no-data">No events in this period yet.</p>';
      return;
    }
    var data = [v.x].concat(types.map(function (t) { return v.series[t]; }));
    var series = [{}].concat(types.map(function (t) {
      return { label: NAMES[t] || t, stroke: COLORS[t] || "#555", width: 2, fill: (COLORS[t] || "#555") + "22" };
    }));
    var opts = {
      width: Math.max(300, el.clientWidth), height: 220, series: series,
      scales: { x: { time: true } }, axes: [{}, { label: "events", size: 60 }],
      legend: { live: true }, cursor: { drag: { x: false, y: false } }
    };
    var plot = new uPlot(opts, data, el);
    window.addEventListener("resize", function () { plot.setSize({ width: Math.max(300, el.clientWidth), height: 220 }); });
    el.setAttribute("data-drawn", "true");
  });
})();

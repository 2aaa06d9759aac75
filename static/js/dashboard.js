// The programme dashboard's charts: Apache ECharts (SVG renderer, ARIA on) over the JSON the
// page hands over in <script type="application/json" id="dashboard-data">. The HTML table
// under each chart holds the same figures and is what works without this file.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var language = document.documentElement.lang || "ko";
  // Each colour has at least 3:1 contrast against white; series also differ by pattern
  // (ARIA decals) or symbol, so colour is never the only carrier of meaning.
  var PALETTE = ["#1f5fa8", "#b4441d", "#2e7d32", "#6a3d9a", "#8a5a00", "#00727d"];
  var SYMBOLS = ["circle", "diamond", "triangle", "rect"];
  var integer = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  var decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  var percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 });

  function format(value, unit) {
    if (value === null || value === undefined) {
      return "–";
    }
    if (unit === "krw") {
      return language === "ko" ? integer.format(value) + "원" : "KRW " + integer.format(value);
    }
    if (unit === "percent") {
      return percent.format(value);
    }
    if (unit === "hours" || unit === "score" || unit === "rating") {
      return decimal.format(value);
    }
    return integer.format(value);
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The tooltip lists every figure of the row, charted or not (per-criterion means too).
  function tooltip(chart) {
    return function (params) {
      var index = (Array.isArray(params) ? params[0] : params).dataIndex;
      var lines = ["<strong>" + escapeHtml(chart.categories[index]) + "</strong>"];
      chart.series.forEach(function (series) {
        lines.push(escapeHtml(series.name) + ": " + escapeHtml(format(series.values[index], series.unit)));
      });
      return lines.join("<br>");
    };
  }

  function option(chart) {
    var charted = (chart.chartSeries || chart.series.map(function (_s, i) { return i; }))
      .map(function (i) { return chart.series[i]; });
    var horizontal = chart.kind === "hbar" || chart.kind === "hstacked" || chart.kind === "dot";
    var stacked = chart.kind === "hstacked" || chart.kind === "stacked";
    var categoryAxis = {
      type: "category",
      data: chart.categories,
      inverse: horizontal,
      axisLabel: { color: "#333", width: 160, overflow: "truncate", interval: 0 },
    };
    var unit = charted[0].unit;
    var valueAxis = {
      type: "value",
      scale: chart.kind === "dot",
      axisLabel: { color: "#333", formatter: function (v) { return format(v, unit); } },
    };
    var series = charted.map(function (s, i) {
      var item = {
        name: s.name,
        type: chart.kind === "dot" ? "scatter" : chart.kind === "line" ? "line" : "bar",
        data: s.values,
        itemStyle: { color: PALETTE[i % PALETTE.length] },
        symbol: SYMBOLS[i % SYMBOLS.length],
        symbolSize: 10,
      };
      if (stacked) {
        item.stack = "total";
      }
      return item;
    });
    if (chart.kind === "dot" && chart.categories.length) {
      var first = chart.cutoffIndex === null ? 0 : chart.cutoffIndex + 1;
      if (first < chart.categories.length) {
        series[0].markArea = {
          silent: true,
          itemStyle: { color: "rgba(180, 68, 29, 0.12)" },
          label: { show: true, position: "insideTopRight", color: "#8a2f10", formatter: chart.cutoffLabel },
          data: [[{ yAxis: chart.categories[first] }, { yAxis: chart.categories[chart.categories.length - 1] }]],
        };
      }
    }
    return {
      aria: { enabled: true, decal: { show: true }, label: { description: chart.description } },
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: '"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", system-ui, sans-serif' },
      legend: { show: charted.length > 1, top: 0, textStyle: { color: "#333" } },
      tooltip: { trigger: horizontal && chart.kind !== "dot" ? "axis" : "item", formatter: tooltip(chart), confine: true },
      grid: { left: 8, right: 24, top: charted.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: series,
    };
  }

  var rendered = [];
  charts.forEach(function (chart) {
    var element = document.querySelector('[data-chart="' + chart.slug + '"]');
    if (!element || !chart.categories.length) {
      return;
    }
    var horizontal = ["hbar", "hstacked", "dot"].indexOf(chart.kind) !== -1;
    var height = horizontal ? Math.max(160, 28 * chart.categories.length + 60) : 300;
    element.style.height = height + "px";
    var instance = echarts.init(element, null, { renderer: "svg", locale: "EN" });
    instance.setOption(option(chart));
    // The chart's label stays ours (translated); ECharts' generated text is English only.
    element.setAttribute("aria-label", chart.description);
    rendered.push(instance);
  });
  window.addEventListener("resize", function () {
    rendered.forEach(function (instance) { instance.resize(); });
  });
})();

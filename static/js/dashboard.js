/* The dashboard's charts, drawn with the vendored Apache ECharts (static/vendor/echarts/) from the JSON the page
   embeds (#dashboard-data): reporting rate by child region (a bar per region, click to drill down) and the
   campaign's trends (click a point to open that day). Labels come from the page, already translated. */
(function () {
  "use strict";

  var RED = "#c62828", BLUE = "#2f6db5", GREEN = "#1a7f37", AMBER = "#d9822b", GRID = "#e5e8ec", INK = "#1f2328";
  var FONT = '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  var charts = [];

  // The three lowest rates stand out in red (whom to chase); the others share one calm blue.
  function lowestThree(rows) {
    var rates = rows.filter(function (r) { return r.rate !== null; }).map(function (r) { return r.rate; });
    rates.sort(function (a, b) { return a - b; });
    return rates.length > 3 ? rates[2] : -1;
  }

  function make(element) {
    var chart = echarts.init(element, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function childrenChart(element, rows) {
    var label = element.getAttribute("data-label");
    // Highest at the top: ECharts draws a category axis bottom-up.
    var shown = rows.slice().reverse();
    var cutoff = lowestThree(rows);
    var chart = make(element);
    chart.setOption({
      textStyle: { fontFamily: FONT },
      animation: false,
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var row = shown[p.dataIndex];
          return row.name + "<br>" + label + "：" + (row.rate === null ? "—" : row.rate.toFixed(1) + "%");
        }
      },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%", color: "#636c76" },
               splitLine: { lineStyle: { color: GRID } } },
      yAxis: { type: "category", data: shown.map(function (r) { return r.name; }),
               axisLabel: { color: INK, fontSize: 13, width: element.clientWidth < 500 ? 84 : 160, overflow: "truncate" },
               axisTick: { show: false } },
      series: [{
        type: "bar", name: label, barMaxWidth: 20, cursor: "pointer",
        data: shown.map(function (r) {
          var colour = r.rate === null ? "#c9ced6" : (r.rate <= cutoff ? RED : BLUE);
          return { value: r.rate === null ? 0 : r.rate, itemStyle: { color: colour, borderRadius: [0, 3, 3, 0] } };
        }),
        label: { show: true, position: "right", color: INK,
                 formatter: function (p) { var r = shown[p.dataIndex]; return r.rate === null ? "—" : r.rate.toFixed(1) + "%"; } }
      }]
    });
    chart.on("click", function (p) { window.location.href = shown[p.dataIndex].url; });
  }

  function lineChart(element, trend) {
    var percent = element.hasAttribute("data-percent");
    var series = [{ key: element.getAttribute("data-series"), name: element.getAttribute("data-label"),
                    colour: percent ? BLUE : GREEN }];
    if (element.hasAttribute("data-series2")) {
      series[0].colour = AMBER;
      series.push({ key: element.getAttribute("data-series2"), name: element.getAttribute("data-label2"), colour: RED });
    }
    var chart = make(element);
    chart.setOption({
      textStyle: { fontFamily: FONT },
      animation: false,
      grid: { left: 8, right: 16, top: series.length > 1 ? 30 : 12, bottom: 8, containLabel: true },
      legend: series.length > 1 ? { top: 0, right: 0, itemWidth: 14, textStyle: { fontSize: 12 } } : undefined,
      tooltip: { trigger: "axis", valueFormatter: function (v) {
        return v === null || v === undefined ? "—" : (percent ? v.toFixed(1) + "%" : v.toLocaleString("zh-CN"));
      } },
      xAxis: { type: "category", data: trend.days.map(function (d) { return d.slice(5); }), boundaryGap: false,
               axisLabel: { color: "#636c76" }, axisLine: { lineStyle: { color: "#c9ced6" } } },
      yAxis: { type: "value", min: percent ? 0 : undefined, max: percent ? 100 : undefined, scale: !percent,
               axisLabel: { color: "#636c76", formatter: percent ? "{value}%" : undefined },
               splitLine: { lineStyle: { color: GRID } } },
      series: series.map(function (s) {
        return { type: "line", name: s.name, data: trend[s.key], smooth: false, showSymbol: trend.days.length < 40,
                 symbolSize: 6, lineStyle: { width: 2, color: s.colour }, itemStyle: { color: s.colour },
                 areaStyle: series.length === 1 ? { color: s.colour, opacity: 0.08 } : undefined,
                 connectNulls: true, cursor: "pointer" };
      })
    });
    chart.on("click", function (p) { if (trend.urls[p.dataIndex]) window.location.href = trend.urls[p.dataIndex]; });
  }

  function init() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var bars = document.getElementById("chart-children");
    if (bars && data.children.length) childrenChart(bars, data.children);
    Array.prototype.forEach.call(document.querySelectorAll(".chart-line"), function (element) {
      lineChart(element, data.trend);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 120);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

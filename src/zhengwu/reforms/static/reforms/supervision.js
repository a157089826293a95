/* 大督查 charts: status lights, lights by project, unit ranking, systems' on-time rates, milestone schedule.
   Data comes from the page's json_script (#supervision-data); labels from data-* on <html lang>. */
(function () {
  var node = document.getElementById("supervision-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var L = zh ? {green: "正常", yellow: "预警", red: "逾期", lights: "改革事项状态灯", projects: "各项目状态灯",
                units: "单位得分", systems: "各系统按时率", schedule: "节点进度（按期限）"}
             : {green: "On schedule", yellow: "Warning", red: "Overdue", lights: "Reform items by light",
                projects: "Lights by project", units: "Unit scores", systems: "On-time rate by system",
                schedule: "Milestones by due date"};
  var COLORS = {green: "#2e7d32", yellow: "#f9a825", red: "#c62828"};
  var charts = [];
  function make(id, option) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var c = echarts.init(el);
    c.setOption(option);
    charts.push(c);
    return c;
  }
  var title = function (t) { return {text: t, textStyle: {fontSize: 13}}; };
  make("chart-lights", {
    title: title(L.lights), tooltip: {},
    series: [{type: "pie", radius: ["40%", "70%"], top: 20,
              data: ["green", "yellow", "red"].map(function (k) {
                return {name: L[k], value: data.lights[k], itemStyle: {color: COLORS[k]}}; })}]
  });
  make("chart-projects", {
    title: title(L.projects), tooltip: {trigger: "axis"}, legend: {top: 20},
    grid: {top: 50, left: 10, right: 10, bottom: 10, containLabel: true},
    xAxis: {type: "value", minInterval: 1},
    yAxis: {type: "category", data: data.projects.map(function (p) { return p.title; }), inverse: true},
    series: ["green", "yellow", "red"].map(function (k) {
      return {name: L[k], type: "bar", stack: "l", itemStyle: {color: COLORS[k]},
              data: data.projects.map(function (p) { return p[k]; })}; })
  });
  var units = make("chart-units", {
    title: title(L.units), tooltip: {},
    grid: {top: 40, left: 10, right: 30, bottom: 10, containLabel: true},
    xAxis: {type: "value", max: 100},
    yAxis: {type: "category", data: data.units.map(function (u) { return u.name; }), inverse: true},
    series: [{type: "bar", data: data.units.map(function (u) {
      return {value: u.score, itemStyle: {color: u.score >= 90 ? COLORS.green : u.score >= 60 ? COLORS.yellow : COLORS.red}}; }),
      label: {show: true, position: "right"}}]
  });
  if (units) {
    units.on("click", function (p) {  /* drill down: the ranking table holds the unit links */
      var row = document.querySelectorAll("#ranking tbody tr")[p.dataIndex];
      var a = row && row.querySelector("a");
      if (a) { window.location.href = a.href; }
    });
  }
  make("chart-systems", {
    title: title(L.systems), tooltip: {},
    grid: {top: 40, left: 10, right: 10, bottom: 10, containLabel: true},
    xAxis: {type: "category", data: data.systems.map(function (s) { return s.name; })},
    yAxis: {type: "value", max: 100},
    series: [{type: "bar", data: data.systems.map(function (s) { return s.score; }), label: {show: true, position: "top"}}]
  });
  make("chart-schedule", {
    title: title(L.schedule), tooltip: {formatter: function (p) {  /* titles are typed by staff: escaped */
      return echarts.format.encodeHTML(p.data.title) + "<br>" + echarts.format.encodeHTML(p.data.value[0]); }},
    grid: {top: 40, left: 10, right: 20, bottom: 10, containLabel: true},
    xAxis: {type: "time"}, yAxis: {type: "value", name: "#", min: 0, max: 43, inverse: true, minInterval: 1},
    series: [{type: "scatter", symbolSize: 10, data: data.schedule.map(function (m) {
      return {value: [m.due, m.item], title: m.item + " " + m.title, itemStyle: {color: COLORS[m.light]}}; })}]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();

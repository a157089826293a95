/* 大督查 charts: status lights, lights by project, unit ranking, systems' on-time rates, the milestone Gantt,
   the composite score's trend (district or unit).
   Data comes from the page's json_script (#supervision-data); labels from data-* on <html lang>. */
(function () {
  var node = document.getElementById("supervision-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var zh = (document.documentElement.lang || "zh").indexOf("zh") === 0;
  var L = zh ? {green: "正常", yellow: "预警", red: "逾期", lights: "改革事项状态灯", projects: "各项目状态灯",
                units: "单位得分", systems: "各系统按时率", schedule: "节点进度（甘特图）", trend: "近12个月综合得分"}
             : {green: "On schedule", yellow: "Warning", red: "Overdue", lights: "Reform items by light",
                projects: "Lights by project", units: "Unit scores", systems: "On-time rate by system",
                schedule: "Milestone schedule (Gantt)",
                trend: "Composite score, last 12 months"};
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
  if (data.lights) {
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
  }
  if (data.systems) {
  make("chart-systems", {
    title: title(L.systems), tooltip: {},
    grid: {top: 40, left: 10, right: 10, bottom: 10, containLabel: true},
    xAxis: {type: "category", data: data.systems.map(function (s) { return s.name; })},
    yAxis: {type: "value", max: 100},
    series: [{type: "bar", data: data.systems.map(function (s) { return s.score; }), label: {show: true, position: "top"}}]
  });
  }
  if (data.schedule) {
    /* Gantt: one row per item; each milestone a bar from its start to its due date, coloured by its light */
    var items = [];
    data.schedule.forEach(function (m) { if (items.indexOf(m.item) < 0) { items.push(m.item); } });
    items.sort(function (a, b) { return a - b; });
    var DAY = 86400000;
    make("chart-schedule", {
      title: title(L.schedule), tooltip: {formatter: function (p) {  /* titles are typed by staff: escaped */
        var m = p.data.m;
        return echarts.format.encodeHTML(m.item + " " + m.title) + "<br>" + echarts.format.encodeHTML(m.start) +
          " — " + echarts.format.encodeHTML(m.due) + " · " + L[m.light]; }},
      grid: {top: 40, left: 10, right: 20, bottom: 30, containLabel: true},
      dataZoom: [{type: "slider", xAxisIndex: 0, height: 16, bottom: 4}, {type: "inside", xAxisIndex: 0}],
      xAxis: {type: "time"},
      yAxis: {type: "category", data: items.map(function (n) { return "#" + n; }), inverse: true},
      series: [{type: "custom", encode: {x: [1, 2], y: 0},
        renderItem: function (params, api) {
          var y = api.value(0), from = api.coord([api.value(1), y]), to = api.coord([api.value(2), y]);
          var h = api.size([0, 1])[1] * 0.6;
          var rect = echarts.graphic.clipRectByRect(
            {x: from[0], y: from[1] - h / 2, width: Math.max(to[0] - from[0], 2), height: h},
            {x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height});
          return rect && {type: "rect", shape: rect, style: api.style()};
        },
        data: data.schedule.map(function (m) {
          return {value: [items.indexOf(m.item), Date.parse(m.start), Date.parse(m.due) + DAY - 1], m: m,
                  itemStyle: {color: COLORS[m.light]}}; })}]
    });
  }
  function drawTrend(trend) {
    var series = [{name: trend.name, type: "line", connectNulls: false, data: trend.scores, label: {show: true}}];
    if (trend.district) {
      series.push({name: trend.district_name, type: "line", lineStyle: {type: "dashed"}, data: trend.district});
    }
    make("chart-trend", {
      title: title(L.trend), tooltip: {trigger: "axis"}, legend: {top: 20},
      grid: {top: 50, left: 10, right: 20, bottom: 10, containLabel: true},
      xAxis: {type: "category", data: trend.months}, yAxis: {type: "value", min: 0, max: 100},
      series: series
    });
  }
  if (data.trend_url && window.fetch) {  /* 12 months of every system: fetched after the page is shown */
    fetch(data.trend_url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (trend) { if (trend && trend.months) { drawTrend(trend); } });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();

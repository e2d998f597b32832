/**
 * The report page's script (plain browser JavaScript, no build step): renders the embedded chart options with the
 * inlined ECharts, and drives the leaderboard (filters, sorting) and the drill-down from the embedded JSON.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  // An empty selection renders a "no data" page without charts or tables.
  if (!document.getElementById("leaderboard-body")) return;
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var charts = JSON.parse(document.getElementById("report-charts").textContent);
  var rendered = {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  function fmt(v) { return v === null || v === undefined ? "" : Number(v).toFixed(2); }
  function entityName(n) { return n === "" ? "(none)" : n; }

  function renderChart(spec, container) {
    var box = el("div", { "class": "chart", "data-chart-id": spec.id, style: "width:100%;max-width:" + spec.width + "px;height:" + spec.height + "px" });
    container.append(box);
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption(spec.option);
    rendered[spec.id] = chart;
    box.setAttribute("data-rendered", "true");
  }

  // Static charts: radar, bars, heatmap.
  ["radar", "bar", "heatmap"].forEach(function (kind) {
    var container = document.getElementById("charts-" + kind);
    if (!container) return;
    charts.filter(function (c) { return c.kind === kind; }).forEach(function (spec) { renderChart(spec, container); });
  });

  // Line graphs: one model and aspect at a time.
  var lineModel = document.getElementById("line-model");
  var lineAspect = document.getElementById("line-aspect");
  var lineBox = document.getElementById("charts-line");
  function drawLines() {
    if (!lineBox) return;
    Object.keys(rendered).forEach(function (id) {
      if (id.indexOf("line-") === 0) { rendered[id].dispose(); delete rendered[id]; }
    });
    lineBox.textContent = "";
    var wanted = charts.filter(function (c) { return c.kind === "line" && c.model === lineModel.value && c.aspect === lineAspect.value; });
    if (wanted.length === 0) { lineBox.append(el("p", { "class": "no-data" }, ["No data for this model and aspect."])); return; }
    wanted.forEach(function (spec) { renderChart(spec, lineBox); });
  }
  if (lineModel && lineAspect) {
    lineModel.addEventListener("change", drawLines);
    lineAspect.addEventListener("change", drawLines);
    drawLines();
  }

  // Leaderboard.
  var body = document.getElementById("leaderboard-body");
  var filters = {
    level: document.getElementById("filter-level"),
    aspect: document.getElementById("filter-aspect"),
    kind: document.getElementById("filter-kind"),
    text: document.getElementById("filter-text")
  };
  // Default: entities by name, the best model first within each.
  var sort = { key: "name", descending: false };
  function visibleRows() {
    var text = filters.text.value.trim().toLowerCase();
    return data.leaderboard.filter(function (e) {
      if (filters.level.value && e.level !== filters.level.value) return false;
      if (filters.aspect.value && e.level !== "overall" && e.aspect !== filters.aspect.value) return false;
      if (filters.kind.value && e.kind !== filters.kind.value) return false;
      if (text && (entityName(e.name) + " " + e.model).toLowerCase().indexOf(text) < 0) return false;
      return true;
    });
  }
  function drawLeaderboard() {
    var rows = visibleRows().slice();
    rows.sort(function (a, b) {
      var x = a[sort.key], y = b[sort.key];
      if (sort.key === "low") { x = a.interval ? a.interval.low : -1; y = b.interval ? b.interval.low : -1; }
      var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      if (sort.descending) order = -order;
      return order || b.value - a.value || String(a.model).localeCompare(String(b.model));
    });
    body.textContent = "";
    rows.forEach(function (e) {
      var ci = e.interval ? fmt(e.interval.low) + " – " + fmt(e.interval.high) : (e.source === "reference" ? "reference" : "n/a");
      body.append(el("tr", { "data-model": e.model }, [
        el("td", {}, [e.level]), el("td", {}, [e.aspect || ""]), el("td", {}, [entityName(e.name)]),
        el("td", {}, [e.model + (e.source === "reference" ? " (ref.)" : "")]), el("td", {}, [e.kind]),
        el("td", { "class": "num" }, [fmt(e.value)]), el("td", { "class": "num" }, [ci]),
        el("td", {}, [e.bestStyle || ""]), el("td", { "class": "num" }, [String(e.tasks)])
      ]));
    });
    document.getElementById("leaderboard-count").textContent = rows.length + " rows";
    document.getElementById("leaderboard-empty").hidden = rows.length > 0;
  }
  Object.keys(filters).forEach(function (k) {
    filters[k].addEventListener(k === "text" ? "input" : "change", drawLeaderboard);
  });
  Array.prototype.forEach.call(document.querySelectorAll("#leaderboard th[data-key]"), function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      sort = { key: key, descending: sort.key === key ? !sort.descending : key === "value" || key === "low" };
      drawLeaderboard();
    });
  });
  drawLeaderboard();

  // Drill-down to sampled predictions.
  var dModel = document.getElementById("drill-model");
  var dEntity = document.getElementById("drill-entity");
  var dOut = document.getElementById("drill-results");
  function drawDrill() {
    if (!dModel || !dEntity) return;
    var parts = dEntity.value.split("\u0001");
    var samples = data.samples.filter(function (s) { return s.model === dModel.value && s.aspect === parts[0] && s.entity === parts[1]; });
    dOut.textContent = "";
    if (samples.length === 0) { dOut.append(el("p", { "class": "no-data" }, ["No sampled predictions for this model and entity."])); return; }
    samples.forEach(function (s) {
      var scores = Object.keys(s.scores).sort().map(function (k) { return k + " " + fmt(s.scores[k]); }).join(" · ");
      dOut.append(el("article", { "class": "prediction" }, [
        el("h4", {}, [s.task + " · " + s.instanceId + " · style " + s.style]),
        el("p", { "class": "scores" }, [scores]),
        el("h5", {}, ["Prompt"]), el("pre", {}, [s.prompt]),
        el("h5", {}, ["Output"]), el("pre", { "class": "output" }, [s.candidate]),
        el("h5", {}, ["Reference"]), el("pre", {}, [s.reference])
      ]));
    });
  }
  if (dModel && dEntity) {
    dModel.addEventListener("change", drawDrill);
    dEntity.addEventListener("change", drawDrill);
    drawDrill();
  }
  window.addEventListener("resize", function () { Object.keys(rendered).forEach(function (id) { rendered[id].resize(); }); });
})();
`;

import { styleLabel } from "../analysis/prompt-styles.js";
import type { AnalysisResult, SamplingImpactRow } from "../domain/analysis.js";
import { ASPECTS } from "../domain/task.js";
import { PAGE_SCRIPT } from "./page-script.js";
import type { ReportChart } from "./report-charts.js";
import { metricLabel } from "./report-charts.js";

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** JSON inside a <script> element: `<` escaped so no text can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

function fmt(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : value.toFixed(2);
}

function noData(what: string): string {
  return `<p class="no-data">No data: ${escapeHtml(what)}</p>`;
}

const STYLE = `
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{background:#0b3d63;color:#fff;padding:18px 28px}header h1{margin:0 0 6px;font-size:24px}
header p{margin:2px 0;opacity:.9}main{padding:12px 28px 40px;max-width:1400px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:14px 18px;margin:16px 0}
h2{margin-top:0;font-size:20px}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #e3e3e3;padding:5px 8px;text-align:left}th{background:#f0f4f8}
th[data-key]{cursor:pointer;user-select:none}th[data-key]:hover{background:#dde7f0}td.num{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:10px}label{font-size:14px}
select,input{font-size:14px;padding:3px 6px}.chart-grid{display:flex;flex-wrap:wrap;gap:16px}
.chart{border:1px solid #eee;background:#fff}.no-data{color:#8a4b00;background:#fff6e5;padding:8px 12px;border-radius:4px}
.noise{color:#8a4b00;font-weight:bold}pre{white-space:pre-wrap;background:#f6f6f6;padding:8px;border-radius:4px;max-height:260px;overflow:auto;font-size:13px}
pre.output{background:#eef6ee}.prediction{border-top:1px solid #ddd;padding-top:8px}.scores{font-size:13px;color:#333}
.muted{color:#666;font-size:13px}header .muted{color:#cfe0ee}`;

function leaderboardSection(result: AnalysisResult): string {
  const aspects = [...new Set(result.leaderboard.map((e) => e.aspect).filter(Boolean))] as string[];
  return `<section id="leaderboard-section"><h2>Leaderboard</h2>
<p class="muted">Each model at its best prompt style per entity, group (macro average of the group's entities) and
overall. 95% intervals: cluster bootstrap over tasks (${result.resamples} draws, seed ${result.seed}); reference
results come from published tables and have no interval. Click a column header to sort.</p>
<div class="filters">
<label>Level <select id="filter-level"><option value="">all</option><option value="overall">overall</option>
<option value="group">group</option><option value="entity" selected>entity</option></select></label>
<label>Aspect <select id="filter-aspect"><option value="">all</option>${aspects
    .map((a) => `<option value="${escapeHtml(a)}">${escapeHtml(a)}</option>`)
    .join("")}</select></label>
<label>Models <select id="filter-kind"><option value="">all</option><option value="pretrained">pretrained</option>
<option value="instruction-tuned">instruction-tuned</option></select></label>
<label>Search <input id="filter-text" type="search" placeholder="entity or model"></label>
<span id="leaderboard-count" class="muted"></span></div>
<table id="leaderboard"><thead><tr><th data-key="level">Level</th><th data-key="aspect">Aspect</th>
<th data-key="name">Entity / group</th><th data-key="model">Model</th><th data-key="kind">Kind</th>
<th data-key="value">${escapeHtml(metricLabel(result.metric))}</th><th data-key="low">95% CI</th>
<th data-key="bestStyle">Best style</th><th data-key="tasks">Tasks</th></tr></thead>
<tbody id="leaderboard-body"></tbody></table>
<p id="leaderboard-empty" class="no-data" hidden>No data: nothing matches these filters.</p></section>`;
}

function chartsSection(charts: readonly ReportChart[]): string {
  const has = (kind: ReportChart["kind"]) => charts.some((c) => c.kind === kind);
  const lineModels = [...new Set(charts.filter((c) => c.kind === "line").map((c) => c.model as string))];
  const lineAspects = [...new Set(charts.filter((c) => c.kind === "line").map((c) => c.aspect as string))];
  const links = charts
    .filter((c) => c.kind !== "line")
    .map(
      (c) =>
        `<a href="${escapeHtml(c.file)}.svg">${escapeHtml(c.title)}</a> (<a href="${escapeHtml(c.file)}.png">PNG</a>)`,
    )
    .join(" · ");
  return `<section id="charts-section"><h2>Charts</h2>
<h3>Models across entities (radar, best style per entity)</h3>
${has("radar") ? '<div id="charts-radar" class="chart-grid"></div>' : noData("fewer than three entities with values")}
<h3>Scores with 95% intervals</h3>
${has("bar") ? '<div id="charts-bar" class="chart-grid"></div>' : noData("no overall or group scores")}
<h3>Correlation of models across prompts</h3>
${has("heatmap") ? '<div id="charts-heatmap" class="chart-grid"></div>' : noData("needs at least two models with predictions on shared prompts (reference tables have none)")}
<h3>Score vs number of examples</h3>
${
  lineModels.length > 0
    ? `<div class="filters"><label>Model <select id="line-model">${lineModels
        .map((m) => `<option>${escapeHtml(m)}</option>`)
        .join("")}</select></label><label>Aspect <select id="line-aspect">${lineAspects
        .map((a) => `<option>${escapeHtml(a)}</option>`)
        .join("")}</select></label></div><div id="charts-line" class="chart-grid"></div>`
    : noData("no prompt-style tables")
}
<p class="muted">Static files: ${links}</p></section>`;
}

function pairedSection(result: AnalysisResult): string {
  if (result.paired.length === 0) {
    return `<section id="paired-section"><h2>Is the winner ahead of the noise?</h2>${noData("needs two models with own predictions on an entity")}</section>`;
  }
  const rows = result.paired
    .map(
      (
        p,
      ) => `<tr><td>${escapeHtml(p.aspect)}</td><td>${escapeHtml(p.entity)}</td><td>${escapeHtml(p.winner)}</td>
<td>${escapeHtml(p.runnerUp)}</td><td class="num">${fmt(p.difference)}</td>
<td class="num">${p.interval ? `${fmt(p.interval.low)} – ${fmt(p.interval.high)}` : "n/a"}</td><td class="num">${p.sharedTasks}</td>
<td>${p.withinNoise ? '<span class="noise">within noise</span>' : "clear"}</td></tr>`,
    )
    .join("");
  return `<section id="paired-section"><h2>Is the winner ahead of the noise?</h2>
<p class="muted">Best vs runner-up per entity: difference of means, paired cluster bootstrap over shared tasks.
"Within noise" means the 95% interval of the difference contains 0.</p>
<table><thead><tr><th>Aspect</th><th>Entity</th><th>Winner</th><th>Runner-up</th><th>Difference</th><th>95% CI</th>
<th>Tasks</th><th>Verdict</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function impactSection(result: AnalysisResult): string {
  const overall = result.sampling.filter((row) => row.name === "overall");
  const sampling =
    overall.length === 0
      ? noData("no sampled (top-k / top-p) runs")
      : `<table><thead><tr><th>Model</th><th>Style</th><th>Decoding values</th></tr></thead><tbody>${overall
          .map(
            (row) =>
              `<tr><td>${escapeHtml(row.model)}</td><td>${escapeHtml(styleLabel(row.style))}</td><td>${decodingValues(row)}</td></tr>`,
          )
          .join("")}</tbody></table>`;
  const variants =
    result.definitionVariants.length === 0
      ? noData("no runs with paraphrased or adversarial definitions")
      : `<table><thead><tr><th>Model</th><th>Variant</th><th>Style</th><th>Original</th><th>Variant</th><th>Change %</th><th>Difference 95% CI</th></tr></thead><tbody>${result.definitionVariants
          .map(
            (row) =>
              `<tr><td>${escapeHtml(row.model)}</td><td>${escapeHtml(row.variant)}</td><td>${escapeHtml(row.style)}</td>
<td class="num">${fmt(row.valueWithDefinition)}</td><td class="num">${fmt(row.valueWithVariant)}</td><td class="num">${fmt(row.percentageDifference)}</td>
<td class="num">${row.differenceInterval ? `${fmt(row.differenceInterval.low)} – ${fmt(row.differenceInterval.high)}` : "n/a"}</td></tr>`,
          )
          .join("")}</tbody></table>`;
  return `<section id="impact-section"><h2>Impact of sampling and of the definition's wording</h2>
<h3>Greedy vs sampled decoding (each model's best greedy style)</h3>${sampling}${samplingPerEntity(result)}
<h3>Paraphrased and adversarial definitions</h3>${variants}</section>`;
}

/** Each decoding's value with its 95% interval, e.g. `greedy: 41.20 [38.10 – 44.00] · top-k=10: …`. */
function decodingValues(row: SamplingImpactRow): string {
  return row.decodings
    .map((decoding, i) => {
      const interval = row.intervals?.[i];
      const range = interval ? ` [${fmt(interval.low)} – ${fmt(interval.high)}]` : "";
      return `${escapeHtml(decoding)}: ${fmt(row.values[i])}${range}`;
    })
    .join(" · ");
}

/** The sampling study per entity (the paper's aspect-wise sampling impact), at each model's best greedy style. */
function samplingPerEntity(result: AnalysisResult): string {
  const rows = result.sampling.filter((row) => row.name !== "overall" && row.aspect !== undefined);
  if (rows.length === 0) return "";
  return `<h4>Per entity</h4><table><thead><tr><th>Aspect</th><th>Entity</th><th>Model</th><th>Style</th><th>Decoding values</th></tr></thead><tbody>${rows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.aspect ?? "")}</td><td>${escapeHtml(row.name)}</td><td>${escapeHtml(row.model)}</td><td>${escapeHtml(styleLabel(row.style))}</td><td>${decodingValues(row)}</td></tr>`,
    )
    .join("")}</tbody></table>`;
}

function drillSection(result: AnalysisResult): string {
  if (result.samples.length === 0) {
    return `<section id="drill-section"><h2>Predictions</h2>${noData("no predictions in the store for this selection (reference results have none)")}</section>`;
  }
  const models = [...new Set(result.samples.map((s) => s.model))];
  const entities = [...new Set(result.samples.map((s) => `${s.aspect}\u0001${s.entity}`))].sort();
  return `<section id="drill-section"><h2>Predictions</h2>
<p class="muted">A bounded sample: up to ${result.samplesPerEntity} predictions per model and entity, at the model's
best style for that entity, chosen by a fixed hash of task and instance; long texts are clipped. Use
<code>slm-eval view --store FILE</code> or <code>slm-eval export</code> for all predictions.</p>
<div class="filters"><label>Model <select id="drill-model">${models
    .map((m) => `<option>${escapeHtml(m)}</option>`)
    .join("")}</select></label><label>Entity <select id="drill-entity">${entities
    .map((key) => {
      const [aspect, entity] = key.split("\u0001") as [string, string];
      return `<option value="${escapeHtml(key)}">${escapeHtml(`${aspect}: ${entity}`)}</option>`;
    })
    .join("")}</select></label></div><div id="drill-results"></div></section>`;
}

/** The self-contained report page: the ECharts library inline, all data embedded, no network access. */
export function reportHtml(
  result: AnalysisResult,
  charts: readonly ReportChart[],
  echartsSource: string,
): string {
  const data = {
    metric: result.metric,
    leaderboard: result.leaderboard,
    samples: result.samples,
  };
  const chartData = charts.map((c) => ({
    id: c.id,
    kind: c.kind,
    model: c.model,
    aspect: c.aspect,
    width: c.width,
    height: c.height,
    option: c.option,
  }));
  const models = result.models
    .map(
      (m) =>
        `${escapeHtml(m.model)} <span class="muted">(${m.kind}${m.source === "reference" ? ", reference" : ""})</span>`,
    )
    .join(", ");
  const body =
    result.models.length === 0 || result.leaderboard.length === 0
      ? `<section id="no-data-section"><h2>No data</h2>${noData("no model has values for this metric and selection")}</section>`
      : leaderboardSection(result) +
        chartsSection(charts) +
        pairedSection(result) +
        impactSection(result) +
        drillSection(result);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>slm-eval report: ${escapeHtml(metricLabel(result.metric))}</title><style>${STYLE}</style></head>
<body><header><h1>Which small language model, which prompt style?</h1>
<p>Metric: <strong>${escapeHtml(metricLabel(result.metric))}</strong> (0–100) · aspects: ${ASPECTS.join(", ")}</p>
<p>Models: ${models || "none"}</p></header>
<main>${body}</main>
<script>${echartsSource.replaceAll("</script", "<\\/script")}</script>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script type="application/json" id="report-charts">${scriptJson(chartData)}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

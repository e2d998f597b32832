import { Hono } from "hono";
import { NO_ENTITY } from "../domain/analysis.js";
import { ASPECTS, type Aspect } from "../domain/task.js";
import type { ResultsStore } from "../store/results-store.js";
import { escapeHtml } from "./html-page.js";

/** Columns holding each aspect's entities; fixed here, never taken from a request. */
const ENTITY_COLUMNS: Record<Aspect, string> = {
  "task-types": "task_type_entities",
  domains: "domain_entities",
  reasoning: "reasoning_entities",
};

export const MAX_PAGE_SIZE = 100;

class BadRequest extends Error {}

function pageParameters(query: (name: string) => string | undefined) {
  const model = query("model");
  const aspect = query("aspect") as Aspect | undefined;
  const entity = query("entity");
  if (!model || !aspect || entity === undefined)
    throw new BadRequest("model, aspect and entity are required");
  if (!ASPECTS.includes(aspect)) throw new BadRequest(`aspect must be one of ${ASPECTS.join(", ")}`);
  const page = Number(query("page") ?? "1");
  const size = Number(query("size") ?? "20");
  if (!Number.isInteger(page) || page < 1) throw new BadRequest("page must be a whole number ≥ 1");
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new BadRequest(`size must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return { model, aspect, entity, style: query("style") ?? "", page, size };
}

/**
 * A local web app over a store's predictions, one page at a time (the report embeds only a sample): pick a model
 * and an entity, page through prompts, outputs, references and scores. Only what a page shows is read.
 */
export function createViewerApp(store: ResultsStore, metric: string): Hono {
  const app = new Hono();

  app.get("/api/options", async (c) => {
    const models = await store.query("SELECT DISTINCT model_label FROM runs ORDER BY model_label");
    const entities: Record<string, string[]> = {};
    for (const aspect of ASPECTS) {
      const column = ENTITY_COLUMNS[aspect];
      const rows = await store.query(
        `SELECT DISTINCT unnest(CASE WHEN len(${column}) = 0 THEN ['${NO_ENTITY}'] ELSE ${column} END) AS entity
         FROM (SELECT DISTINCT ${column} FROM predictions) ORDER BY entity`,
      );
      entities[aspect] = rows.map((row) => String(row.entity));
    }
    return c.json({ metric, models: models.map((row) => String(row.model_label)), entities });
  });

  app.get("/api/predictions", async (c) => {
    let parameters: ReturnType<typeof pageParameters>;
    try {
      parameters = pageParameters((name) => c.req.query(name));
    } catch (error) {
      if (error instanceof BadRequest) return c.json({ error: error.message }, 400);
      throw error;
    }
    const { model, aspect, entity, style, page, size } = parameters;
    const column = ENTITY_COLUMNS[aspect];
    const where = `r.model_label = $1 AND ($2 = '' OR r.style = $2)
      AND (CASE WHEN $3 = '${NO_ENTITY}' THEN len(p.${column}) = 0 ELSE list_contains(p.${column}, $3) END)`;
    const [count] = await store.query(
      `SELECT count(*) AS n FROM predictions p JOIN runs r USING (run_id) WHERE ${where}`,
      [model, style, entity],
    );
    const rows = await store.query(
      `SELECT r.style, r.run_id, p.task, p.instance_id, p.prompt, p.candidate, p."references"[1] AS reference,
         p.error, v.value * 100 AS value
       FROM predictions p JOIN runs r USING (run_id)
         LEFT JOIN metric_values v ON v.run_id = p.run_id AND v.task = p.task AND v.instance_index = p.instance_index
           AND v.metric = $4
       WHERE ${where}
       ORDER BY r.style, r.run_id, p.task, p.instance_index LIMIT $5 OFFSET $6`,
      [model, style, entity, metric, size, (page - 1) * size],
    );
    return c.json({
      total: Number(count?.n ?? 0),
      page,
      size,
      metric,
      rows: rows.map((row) => ({
        style: String(row.style),
        runId: String(row.run_id),
        task: String(row.task),
        instanceId: String(row.instance_id),
        prompt: String(row.prompt),
        candidate: String(row.candidate),
        reference: String(row.reference ?? ""),
        error: row.error === null ? null : String(row.error),
        value: row.value === null ? null : Number(row.value),
      })),
    });
  });

  app.get("/", (c) => c.html(viewerPage(metric)));
  return app;
}

function viewerPage(metric: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>slm-eval predictions</title>
<style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:20px;max-width:1200px}pre{white-space:pre-wrap;background:#f6f6f6;padding:8px}
article{border-top:1px solid #ccc;padding:6px 0}.bar{display:flex;gap:10px;align-items:center;flex-wrap:wrap}</style></head>
<body><h1>Predictions</h1><p>Metric: ${escapeHtml(metric)} (0–100). One page at a time, read from the store.</p>
<div class="bar"><label>Model <select id="model"></select></label><label>Aspect <select id="aspect"></select></label>
<label>Entity <select id="entity"></select></label><label>Style <input id="style" placeholder="all, or e.g. 8-nodef" size="14"></label>
<button id="prev">◀</button><span id="position"></span><button id="next">▶</button></div><div id="rows"></div>
<script>
(function () {
  var options, page = 1, size = 20, total = 0;
  function $(id) { return document.getElementById(id); }
  function fill(select, values) { select.textContent = ""; values.forEach(function (v) { var o = document.createElement("option"); o.textContent = v; select.append(o); }); }
  function block(title, text) { var h = document.createElement("h4"); h.textContent = title; var p = document.createElement("pre"); p.textContent = text; return [h, p]; }
  function load() {
    var q = new URLSearchParams({ model: $("model").value, aspect: $("aspect").value, entity: $("entity").value, style: $("style").value, page: String(page), size: String(size) });
    fetch("/api/predictions?" + q).then(function (r) { return r.json(); }).then(function (data) {
      total = data.total || 0;
      $("position").textContent = total === 0 ? "no predictions" : "page " + page + " of " + Math.ceil(total / size) + " (" + total + ")";
      var box = $("rows"); box.textContent = "";
      (data.rows || []).forEach(function (row) {
        var a = document.createElement("article");
        var head = document.createElement("strong");
        head.textContent = row.task + " · " + row.instanceId + " · " + row.style + " · score " + (row.value === null ? "n/a" : row.value.toFixed(2)) + (row.error ? " · error: " + row.error : "");
        a.append(head);
        block("Prompt", row.prompt).concat(block("Output", row.candidate), block("Reference", row.reference)).forEach(function (n) { a.append(n); });
        box.append(a);
      });
    });
  }
  function entities() { fill($("entity"), options.entities[$("aspect").value] || []); page = 1; load(); }
  fetch("/api/options").then(function (r) { return r.json(); }).then(function (data) {
    options = data; fill($("model"), data.models); fill($("aspect"), Object.keys(data.entities)); entities();
  });
  $("aspect").addEventListener("change", entities);
  ["model", "entity", "style"].forEach(function (id) { $(id).addEventListener("change", function () { page = 1; load(); }); });
  $("prev").addEventListener("click", function () { if (page > 1) { page--; load(); } });
  $("next").addEventListener("click", function () { if (page * size < total) { page++; load(); } });
})();
</script></body></html>`;
}

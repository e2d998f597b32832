import { NO_ENTITY } from "../domain/analysis.js";
import type { ModelKind } from "../domain/provider.js";
import type { Aspect } from "../domain/task.js";
import type { ResultsStore } from "../store/results-store.js";

/** What analysis needs of a run: who, which style, which decoding. */
export interface RunInfo {
  runId: string;
  model: string;
  kind: ModelKind;
  style: string;
  examples: number;
  withDefinition: boolean;
  definitionVariant: string;
  explanations: boolean;
  /** `greedy`, `top-k=10`, `top-p=0.9` or `temperature=0.7`. */
  decoding: string;
}

/** Sum and count of one metric over one task's scored instances in one run, optionally within one entity. */
export interface RunTaskTotal {
  runId: string;
  task: string;
  sum: number;
  count: number;
}

export interface EntityTaskTotal extends RunTaskTotal {
  aspect: Aspect;
  entity: string;
}

export async function storedMetrics(store: ResultsStore): Promise<string[]> {
  const rows = await store.query("SELECT DISTINCT metric FROM metric_values ORDER BY metric");
  return rows.map((row) => String(row.metric));
}

function decodingLabel(temperature: number, topK: unknown, topP: unknown): string {
  if (temperature === 0) return "greedy";
  if (topK !== null && topK !== undefined) return `top-k=${Number(topK)}`;
  if (topP !== null && topP !== undefined) return `top-p=${Number(topP)}`;
  return `temperature=${temperature}`;
}

export async function loadRuns(store: ResultsStore): Promise<RunInfo[]> {
  const rows = await store.query(
    `SELECT run_id, model_label, model_kind, style, examples, with_definition, definition_variant, explanations,
       temperature, top_k, top_p
     FROM runs ORDER BY model_label, run_id`,
  );
  return rows.map((row) => ({
    runId: String(row.run_id),
    model: String(row.model_label),
    kind: row.model_kind as ModelKind,
    style: String(row.style),
    examples: Number(row.examples),
    withDefinition: Boolean(row.with_definition),
    definitionVariant: String(row.definition_variant),
    explanations: Boolean(row.explanations),
    decoding: decodingLabel(Number(row.temperature), row.top_k, row.top_p),
  }));
}

const TASK_TOTALS = `totals AS (
    SELECT run_id, task, sum(value) AS total, count(*) AS n FROM metric_values WHERE metric = $1 GROUP BY ALL
  )`;

/** Per (run, task): the metric's sum and count over scored instances. The LM level and its intervals build on it. */
export async function loadRunTaskTotals(store: ResultsStore, metric: string): Promise<RunTaskTotal[]> {
  const rows = await store.query(`WITH ${TASK_TOTALS} SELECT run_id, task, total, n FROM totals`, [metric]);
  return rows.map((row) => ({
    runId: String(row.run_id),
    task: String(row.task),
    sum: Number(row.total),
    count: Number(row.n),
  }));
}

/**
 * Per (run, aspect, entity, task): an instance counts for every distinct entity of its task (UNNEST over the
 * task's entity list); a task without a value for the aspect counts under `(none)`.
 */
export async function loadEntityTaskTotals(store: ResultsStore, metric: string): Promise<EntityTaskTotal[]> {
  const aspectColumns: Array<[Aspect, string]> = [
    ["task-types", "task_type_entities"],
    ["domains", "domain_entities"],
    ["reasoning", "reasoning_entities"],
  ];
  const perAspect = aspectColumns
    .map(
      ([aspect, column]) =>
        `SELECT run_id, '${aspect}' AS aspect,
           unnest(CASE WHEN len(${column}) = 0 THEN ['${NO_ENTITY}'] ELSE list_distinct(${column}) END) AS entity,
           task, total, n
         FROM totals JOIN task_entities USING (task)`,
    )
    .join(" UNION ALL ");
  const rows = await store.query(
    `WITH ${TASK_TOTALS},
       task_entities AS (
         SELECT task, any_value(task_type_entities) AS task_type_entities, any_value(domain_entities) AS domain_entities,
           any_value(reasoning_entities) AS reasoning_entities
         FROM predictions WHERE task IN (SELECT DISTINCT task FROM totals) GROUP BY task
       )
     ${perAspect}`,
    [metric],
  );
  return rows.map((row) => ({
    runId: String(row.run_id),
    aspect: row.aspect as Aspect,
    entity: String(row.entity),
    task: String(row.task),
    sum: Number(row.total),
    count: Number(row.n),
  }));
}

export interface ModelPairCorrelation {
  a: string;
  b: string;
  pearson: number | null;
  sharedPrompts: number;
}

/**
 * Pearson correlation of two runs' per-instance values over the prompts both answered. Prompts are matched by
 * (task, instance, style), so each pair of models is compared on identical inputs.
 */
export async function loadModelCorrelations(
  store: ResultsStore,
  metric: string,
  runIds: readonly string[],
): Promise<ModelPairCorrelation[]> {
  if (runIds.length < 2) return [];
  const rows = await store.query(
    `WITH x AS (
       SELECT r.model_label AS model, r.style, v.task, v.instance_index, v.value
       FROM metric_values v JOIN runs r USING (run_id)
       WHERE v.metric = $1 AND list_contains($2, v.run_id)
     )
     SELECT a.model AS a, b.model AS b, corr(a.value, b.value) AS pearson, count(*) AS n
     FROM x a JOIN x b ON a.task = b.task AND a.instance_index = b.instance_index AND a.style = b.style
       AND a.model < b.model
     GROUP BY ALL ORDER BY a, b`,
    [metric, runIds],
  );
  return rows.map((row) => ({
    a: String(row.a),
    b: String(row.b),
    pearson: row.pearson === null || Number.isNaN(Number(row.pearson)) ? null : Number(row.pearson),
    sharedPrompts: Number(row.n),
  }));
}

export interface PredictionSample {
  model: string;
  style: string;
  aspect: Aspect;
  entity: string;
  task: string;
  instanceId: string;
  prompt: string;
  candidate: string;
  reference: string;
  /** Every stored metric of this prediction, 0–100. */
  scores: Record<string, number>;
}

/** Text kept per sampled prediction in the report: enough to read, bounded so the page stays small. */
export const SAMPLE_TEXT_LIMIT = 1200;

function clip(text: string): string {
  return text.length > SAMPLE_TEXT_LIMIT
    ? `${text.slice(0, SAMPLE_TEXT_LIMIT)}… [${text.length - SAMPLE_TEXT_LIMIT} more characters]`
    : text;
}

/**
 * A bounded drill-down sample: for each requested (run, aspect, entity), the first `perEntity` scored predictions
 * in a fixed pseudo-random order (hash of task and instance), so the sample is stable and spread over tasks.
 */
export async function loadPredictionSamples(
  store: ResultsStore,
  metric: string,
  cells: ReadonlyArray<{ runId: string; aspect: Aspect; entity: string }>,
  perEntity: number,
): Promise<PredictionSample[]> {
  if (cells.length === 0 || perEntity <= 0) return [];
  const keys = cells.map((cell) => `${cell.runId}\u0000${cell.aspect}\u0000${cell.entity}`);
  const entityKeys = (
    [
      ["task-types", "task_type_entities"],
      ["domains", "domain_entities"],
      ["reasoning", "reasoning_entities"],
    ] as const
  )
    .map(
      ([aspect, column]) =>
        `SELECT run_id, task, instance_index, '${aspect}' AS aspect,
           unnest(CASE WHEN len(${column}) = 0 THEN ['${NO_ENTITY}'] ELSE list_distinct(${column}) END) AS entity
         FROM predictions WHERE run_id IN (SELECT run_id FROM wanted)`,
    )
    .join(" UNION ALL ");
  // Pick by keys first (equality joins on unnested entities), then fetch the texts of the few picked rows only.
  const rows = await store.query(
    `WITH wanted AS (
       SELECT split_part(k, chr(0), 1) AS run_id, split_part(k, chr(0), 2) AS aspect, split_part(k, chr(0), 3) AS entity
       FROM unnest($2::VARCHAR[]) t(k)
     ),
     keyed AS (${entityKeys}),
     picked AS (
       SELECT k.run_id, k.aspect, k.entity, k.task, k.instance_index,
         row_number() OVER (PARTITION BY k.run_id, k.aspect, k.entity ORDER BY hash(k.task, k.instance_index)) AS rank
       FROM keyed k SEMI JOIN wanted w ON w.run_id = k.run_id AND w.aspect = k.aspect AND w.entity = k.entity
       SEMI JOIN metric_values v
         ON v.run_id = k.run_id AND v.task = k.task AND v.instance_index = k.instance_index AND v.metric = $1
       QUALIFY rank <= $3
     )
     SELECT r.model_label AS model, r.style, picked.aspect, picked.entity, picked.task, p.instance_id,
       p.prompt, p.candidate, p."references"[1] AS reference,
       (SELECT map(list(v.metric), list(v.value * 100)) FROM metric_values v
        WHERE v.run_id = picked.run_id AND v.task = picked.task AND v.instance_index = picked.instance_index) AS scores
     FROM picked JOIN predictions p USING (run_id, task, instance_index) JOIN runs r USING (run_id)
     ORDER BY model, picked.aspect, picked.entity, picked.rank`,
    [metric, keys, perEntity],
  );
  return rows.map((row) => ({
    model: String(row.model),
    style: String(row.style),
    aspect: row.aspect as Aspect,
    entity: String(row.entity),
    task: String(row.task),
    instanceId: String(row.instance_id),
    prompt: clip(String(row.prompt)),
    candidate: clip(String(row.candidate)),
    reference: clip(String(row.reference ?? "")),
    scores: scoresFrom(row.scores),
  }));
}

function scoresFrom(value: unknown): Record<string, number> {
  const scores: Record<string, number> = {};
  // DuckDB maps come back as a list of {key, value} entries.
  if (Array.isArray(value)) {
    for (const entry of value as Array<{ key: unknown; value: unknown }>)
      scores[String(entry.key)] = Number(entry.value);
  } else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) scores[key] = Number(v);
  }
  return scores;
}

import { NO_ENTITY, type PredictionSampleRow } from "../domain/analysis.js";
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

/** Per (run, task): the metric's sum and count over scored instances. The LM level and its intervals build on it. */
export async function loadRunTaskTotals(store: ResultsStore, metric: string): Promise<RunTaskTotal[]> {
  const rows = await store.query(
    "SELECT run_id, task, sum(value) AS total, count(*) AS n FROM metric_values WHERE metric = $1 GROUP BY ALL",
    [metric],
  );
  return rows.map((row) => ({
    runId: String(row.run_id),
    task: String(row.task),
    sum: Number(row.total),
    count: Number(row.n),
  }));
}

/** One entity of one task under one aspect. */
export interface TaskEntity {
  task: string;
  aspect: Aspect;
  entity: string;
}

/**
 * The distinct entities of every task, per aspect (UNNEST over the task's entity list); a task without a value for
 * the aspect has the entity `(none)`.
 */
export async function loadTaskEntities(store: ResultsStore): Promise<TaskEntity[]> {
  const aspectColumns: Array<[Aspect, string]> = [
    ["task-types", "task_type_entities"],
    ["domains", "domain_entities"],
    ["reasoning", "reasoning_entities"],
  ];
  const perAspect = aspectColumns
    .map(
      ([aspect, column]) =>
        `SELECT task, '${aspect}' AS aspect,
           unnest(CASE WHEN len(${column}) = 0 THEN ['${NO_ENTITY}'] ELSE list_distinct(${column}) END) AS entity
         FROM task_entities`,
    )
    .join(" UNION ALL ");
  const rows = await store.query(
    `WITH task_entities AS MATERIALIZED (
       SELECT task, any_value(task_type_entities) AS task_type_entities, any_value(domain_entities) AS domain_entities,
         any_value(reasoning_entities) AS reasoning_entities
       FROM predictions GROUP BY task
     )
     ${perAspect}`,
  );
  return rows.map((row) => ({
    task: String(row.task),
    aspect: row.aspect as Aspect,
    entity: String(row.entity),
  }));
}

/**
 * Per (run, aspect, entity, task): an instance counts for every distinct entity of its task. Joined here rather
 * than in SQL: the joined rows repeat every run and entity name, and reading them out of the database cost more
 * than the query (60,000 rows from a million predictions).
 */
export function entityTaskTotals(
  runTotals: readonly RunTaskTotal[],
  taskEntities: readonly TaskEntity[],
): EntityTaskTotal[] {
  const entitiesByTask = new Map<string, TaskEntity[]>();
  for (const entity of taskEntities) {
    const list = entitiesByTask.get(entity.task);
    if (list) list.push(entity);
    else entitiesByTask.set(entity.task, [entity]);
  }
  return runTotals.flatMap((total) =>
    (entitiesByTask.get(total.task) ?? []).map(({ aspect, entity }) => ({ ...total, aspect, entity })),
  );
}

export async function loadEntityTaskTotals(store: ResultsStore, metric: string): Promise<EntityTaskTotal[]> {
  const [runTotals, taskEntities] = await Promise.all([
    loadRunTaskTotals(store, metric),
    loadTaskEntities(store),
  ]);
  return entityTaskTotals(runTotals, taskEntities);
}

export interface ModelPairCorrelation {
  a: string;
  b: string;
  pearson: number | null;
  sharedPrompts: number;
}

/**
 * Pearson correlation of two models' per-instance values over the prompts both answered. Prompts are matched by
 * (task, instance, style), so each pair is compared on identical inputs. One pass: the values are spread into one
 * column per model (conditional aggregation), then every pair's corr() is computed over those columns.
 */
export async function loadModelCorrelations(
  store: ResultsStore,
  metric: string,
  runIds: readonly string[],
): Promise<ModelPairCorrelation[]> {
  if (runIds.length < 2) return [];
  const modelRows = await store.query(
    "SELECT DISTINCT model_label FROM runs WHERE list_contains($1, run_id) ORDER BY model_label",
    [runIds],
  );
  const models = modelRows.map((row) => String(row.model_label));
  if (models.length < 2) return [];
  const columns = models.map((_, i) => `max(value) FILTER (WHERE model = $${i + 3}) AS m${i}`).join(", ");
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < models.length; i++) for (let j = i + 1; j < models.length; j++) pairs.push([i, j]);
  const aggregates = pairs
    .map(([i, j]) => `corr(m${i}, m${j}) AS r_${i}_${j}, count(m${i} + m${j}) AS n_${i}_${j}`)
    .join(", ");
  const [row] = await store.query(
    `WITH x AS (
       SELECT r.model_label AS model, r.style, v.task, v.instance_index, v.value
       FROM metric_values v JOIN runs r USING (run_id)
       WHERE v.metric = $1 AND list_contains($2, v.run_id)
     ),
     wide AS (SELECT ${columns} FROM x GROUP BY style, task, instance_index)
     SELECT ${aggregates} FROM wide`,
    [metric, runIds, ...models],
  );
  return pairs.map(([i, j]) => {
    const r = row?.[`r_${i}_${j}`];
    return {
      a: models[i] as string,
      b: models[j] as string,
      pearson: r === null || r === undefined || Number.isNaN(Number(r)) ? null : Number(r),
      sharedPrompts: Number(row?.[`n_${i}_${j}`] ?? 0),
    };
  });
}

/** Text kept per sampled prediction in the report: enough to read, bounded so the page stays small. */
export const SAMPLE_TEXT_LIMIT = 1200;

function clip(text: string): string {
  return text.length > SAMPLE_TEXT_LIMIT
    ? `${text.slice(0, SAMPLE_TEXT_LIMIT)}… [${text.length - SAMPLE_TEXT_LIMIT} more characters]`
    : text;
}

/** A stable, cheap string hash (FNV-1a) for choosing sample tasks. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A drill-down cell: one run, one entity, and the tasks of that run that carry the entity. */
export interface SampleCell {
  runId: string;
  aspect: Aspect;
  entity: string;
  tasks: readonly string[];
}

/**
 * A bounded drill-down sample: for each cell, up to `perEntity` scored predictions spread over the entity's tasks —
 * the tasks first in a fixed hash order, then round-robin over their instances in a fixed hash order — so the
 * sample is stable and cheap (only the chosen tasks' rows are read).
 */
export async function loadPredictionSamples(
  store: ResultsStore,
  metric: string,
  cells: readonly SampleCell[],
  perEntity: number,
): Promise<PredictionSampleRow[]> {
  if (cells.length === 0 || perEntity <= 0) return [];
  const chosen = cells.map((cell) => ({
    cell,
    tasks: [...cell.tasks].sort((a, b) => fnv1a(a) - fnv1a(b) || compareText(a, b)).slice(0, perEntity),
  }));
  const pairs = [
    ...new Set(chosen.flatMap(({ cell, tasks }) => tasks.map((task) => `${cell.runId}\u0000${task}`))),
  ];
  const rows = await store.query(
    `WITH wanted AS (
       SELECT split_part(k, chr(0), 1) AS run_id, split_part(k, chr(0), 2) AS task FROM unnest($2::VARCHAR[]) t(k)
     ),
     picked AS (
       SELECT v.run_id, v.task, v.instance_index,
         row_number() OVER (PARTITION BY v.run_id, v.task ORDER BY hash(v.task, v.instance_index), v.instance_index) AS rank
       FROM metric_values v SEMI JOIN wanted w ON w.run_id = v.run_id AND w.task = v.task
       WHERE v.metric = $1
       QUALIFY rank <= $3
     ),
     scores AS (
       SELECT s.run_id, s.task, s.instance_index, map(list(s.metric), list(s.value * 100)) AS scores
       FROM metric_values s SEMI JOIN picked USING (run_id, task, instance_index)
       GROUP BY ALL
     ),
     -- A semi join hashes the few picked keys and streams the predictions past them; a plain join may hash the
     -- predictions side instead (every prompt and output in memory: +400 MB and 0.7 s on a million rows).
     texts AS MATERIALIZED (
       SELECT p.run_id, p.task, p.instance_index, p.instance_id, p.prompt, p.candidate, p."references"[1] AS reference
       FROM predictions p SEMI JOIN picked USING (run_id, task, instance_index)
     )
     SELECT picked.run_id, picked.task, picked.rank, r.model_label AS model, r.style, p.instance_id, p.prompt,
       p.candidate, p.reference, scores.scores
     FROM picked JOIN texts p USING (run_id, task, instance_index) JOIN runs r USING (run_id)
       JOIN scores USING (run_id, task, instance_index)
     ORDER BY picked.run_id, picked.task, picked.rank`,
    [metric, pairs, perEntity],
  );
  const byPair = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = `${String(row.run_id)}\u0000${String(row.task)}`;
    byPair.set(key, [...(byPair.get(key) ?? []), row]);
  }
  const samples: PredictionSampleRow[] = [];
  for (const { cell, tasks } of chosen) {
    const queues = tasks.map((task) => [...(byPair.get(`${cell.runId}\u0000${task}`) ?? [])]);
    let taken = 0;
    while (taken < perEntity && queues.some((queue) => queue.length > 0)) {
      for (const queue of queues) {
        const row = queue.shift();
        if (!row || taken >= perEntity) continue;
        taken++;
        samples.push({
          model: String(row.model),
          style: String(row.style),
          aspect: cell.aspect,
          entity: cell.entity,
          task: String(row.task),
          instanceId: String(row.instance_id),
          prompt: clip(String(row.prompt)),
          candidate: clip(String(row.candidate)),
          reference: clip(String(row.reference ?? "")),
          scores: scoresFrom(row.scores),
        });
      }
    }
  }
  return samples;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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

import type { TaskTotal } from "../analysis/bootstrap.js";
import { loadRunTaskTotals, storedMetrics } from "../analysis/store-queries.js";
import { UsageError } from "../cli/errors.js";
import type { ModelKind } from "../domain/provider.js";
import {
  loadReferenceScores,
  referenceMetrics,
  type StoredReferenceScore,
} from "../store/reference-results.js";
import type { ResultsStore } from "../store/results-store.js";
import { loadTaskEntities, type TaskEntities } from "../store/task-entities.js";

/** A (model, style) cell of own runs: its greedy runs with the original definition, pooled. */
export interface OwnCell {
  model: string;
  kind: ModelKind;
  spec: string;
  parameters?: number;
  style: string;
  runIds: string[];
  /** Per task: the metric's sum and count over scored instances (0–1 values). */
  totals: Map<string, TaskTotal>;
  /** Generation time and tokens of predictions not served from the cache. */
  latencyMsSum: number;
  completionTokens: number;
  timedPredictions: number;
}

/** Everything selection guidance reads from a store, for one metric. */
export interface Evidence {
  metric: string;
  cells: OwnCell[];
  /** Per task of own runs: its entities per aspect (`(none)` when it has none). */
  taskEntities: TaskEntities;
  reference: StoredReferenceScore[];
}

/**
 * Reads own runs (greedy, original definition, no explanations: the runs the paper's styles compare) and
 * reference tables for `metric`. An unknown metric is bad input (exit 2) naming the metrics the store holds.
 */
export async function loadEvidence(store: ResultsStore, metric: string): Promise<Evidence> {
  const [own, published] = await Promise.all([storedMetrics(store), referenceMetrics(store)]);
  const known = [...new Set([...own, ...published])].sort();
  if (known.length === 0) {
    throw new UsageError(
      `${store.file} holds no scored results: run \`slm-eval metrics --store ${store.file}\` after an eval, ` +
        "or `slm-eval import-reference DIR` for published tables",
    );
  }
  if (!known.includes(metric)) {
    throw new UsageError(
      `--metric: unknown metric "${metric}" for ${store.file}; valid: ${known.join(", ")}`,
    );
  }

  const runRows = await store.query(
    `SELECT r.run_id, r.model_label, r.model_kind, r.model_spec, r.model_parameters, r.style,
       s.latency_ms, s.completion_tokens, s.timed
     FROM runs r LEFT JOIN (
       SELECT run_id, sum(latency_ms) AS latency_ms, sum(completion_tokens) AS completion_tokens, count(*) AS timed
       FROM predictions WHERE NOT cached AND finish_reason <> 'error' GROUP BY run_id
     ) s USING (run_id)
     WHERE r.temperature = 0 AND r.definition_variant = 'original' AND NOT r.explanations
     ORDER BY r.model_label, r.style, r.run_id`,
  );
  const totals = await loadRunTaskTotals(store, metric);
  const totalsByRun = new Map<string, TaskTotal[]>();
  for (const total of totals) {
    const list = totalsByRun.get(total.runId) ?? [];
    list.push(total);
    totalsByRun.set(total.runId, list);
  }

  const cells = new Map<string, OwnCell>();
  for (const row of runRows) {
    const runId = String(row.run_id);
    const key = `${row.model_label}\u0000${row.style}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        model: String(row.model_label),
        kind: row.model_kind as ModelKind,
        spec: String(row.model_spec),
        ...(row.model_parameters === null ? {} : { parameters: Number(row.model_parameters) }),
        style: String(row.style),
        runIds: [],
        totals: new Map(),
        latencyMsSum: 0,
        completionTokens: 0,
        timedPredictions: 0,
      };
      cells.set(key, cell);
    }
    cell.runIds.push(runId);
    cell.latencyMsSum += Number(row.latency_ms ?? 0);
    cell.completionTokens += Number(row.completion_tokens ?? 0);
    cell.timedPredictions += Number(row.timed ?? 0);
    // Two runs of one model and style (another data selection) pool their instances, as the analysis does.
    for (const total of totalsByRun.get(runId) ?? []) {
      const existing = cell.totals.get(total.task);
      cell.totals.set(total.task, {
        task: total.task,
        sum: (existing?.sum ?? 0) + total.sum,
        count: (existing?.count ?? 0) + total.count,
      });
    }
  }

  const taskEntities = await loadTaskEntities(store);

  return {
    metric,
    cells: [...cells.values()].filter((cell) => cell.totals.size > 0),
    taskEntities,
    reference: await loadReferenceScores(store, metric),
  };
}

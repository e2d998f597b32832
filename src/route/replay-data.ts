import { storedMetrics } from "../analysis/store-queries.js";
import { UsageError } from "../cli/errors.js";
import type { ResultsStore } from "../store/results-store.js";
import { loadTaskEntities, type TaskEntities } from "../store/task-entities.js";

/** Stored per-instance values, for replaying a routing table without inference. */
export interface ReplayData {
  metric: string;
  /** Instance key (`task\0index`) → model → style → value (0–1). */
  values: Map<string, Map<string, Map<string, number>>>;
  /** Task → its entities per aspect. */
  taskEntities: TaskEntities;
  /** Model label → parameter count, when known. */
  parameters: Map<string, number>;
}

export function instanceKey(task: string, index: number): string {
  return `${task}\u0000${index}`;
}

export function taskOfKey(key: string): string {
  return key.slice(0, key.indexOf("\u0000"));
}

/** Reads every scored prediction of greedy runs with the original definition (the runs routes are built from). */
export async function loadReplayData(store: ResultsStore, metric: string): Promise<ReplayData> {
  const metrics = await storedMetrics(store);
  if (metrics.length === 0) {
    throw new UsageError(
      `${store.file} has no scored predictions to replay (imported reference tables hold no per-instance values); ` +
        `run \`slm-eval metrics --store ${store.file}\` after an eval`,
    );
  }
  if (!metrics.includes(metric)) {
    throw new UsageError(
      `--metric: unknown metric "${metric}" for ${store.file}; valid: ${metrics.join(", ")}`,
    );
  }
  const rows = await store.query(
    `SELECT r.model_label, r.style, v.task, v.instance_index, avg(v.value) AS value
     FROM metric_values v JOIN runs r USING (run_id)
     WHERE v.metric = $1 AND r.temperature = 0 AND r.definition_variant = 'original' AND NOT r.explanations
     GROUP BY ALL`,
    [metric],
  );
  const values: ReplayData["values"] = new Map();
  for (const row of rows) {
    const key = instanceKey(String(row.task), Number(row.instance_index));
    let byModel = values.get(key);
    if (!byModel) {
      byModel = new Map();
      values.set(key, byModel);
    }
    let byStyle = byModel.get(String(row.model_label));
    if (!byStyle) {
      byStyle = new Map();
      byModel.set(String(row.model_label), byStyle);
    }
    byStyle.set(String(row.style), Number(row.value));
  }
  const taskEntities = await loadTaskEntities(store);
  const sizeRows = await store.query(
    "SELECT model_label, max(model_parameters) AS parameters FROM runs WHERE model_parameters IS NOT NULL GROUP BY ALL",
  );
  const parameters = new Map(sizeRows.map((row) => [String(row.model_label), Number(row.parameters)]));
  return { metric, values, taskEntities, parameters };
}

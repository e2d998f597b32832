import type { StoredMetricValue } from "../domain/prediction.js";
import type { ResultsStore, StoreTransaction } from "./results-store.js";

/** A stored metric configuration: the hash every value it produced points to. */
export interface StoredMetricConfig {
  configHash: string;
  metric: string;
  configJson: string;
}

/** A prediction as the metrics need it. */
export interface PredictionToScore {
  runId: string;
  task: string;
  instanceIndex: number;
  candidate: string;
  references: string[];
}

/**
 * Predictions lacking a value for any of `metrics` (every prediction with `force`). Failed predictions (an error,
 * a context overflow) and instances without references are never scored.
 */
export async function predictionsToScore(
  store: ResultsStore,
  metrics: readonly string[],
  force: boolean,
): Promise<PredictionToScore[]> {
  const rows = await store.query(
    `SELECT run_id, task, instance_index, candidate, "references" FROM predictions p
     WHERE p.error IS NULL AND len(p."references") > 0 AND ($1 OR (
       SELECT count(DISTINCT v.metric) FROM metric_values v
       WHERE v.run_id = p.run_id AND v.task = p.task AND v.instance_index = p.instance_index
         AND list_contains($2::VARCHAR[], v.metric)) < $3)
     ORDER BY run_id, task, instance_index`,
    [force, metrics, metrics.length],
  );
  return rows.map((row) => ({
    runId: String(row.run_id),
    task: String(row.task),
    instanceIndex: Number(row.instance_index),
    candidate: String(row.candidate),
    references: (row.references as string[]).map(String),
  }));
}

/** Stores values (replacing earlier ones for the same prediction and metric) and the configs they point to. */
export async function saveMetricValues(
  tx: StoreTransaction,
  values: readonly StoredMetricValue[],
  configs: readonly StoredMetricConfig[],
): Promise<void> {
  for (const config of configs) {
    await tx.execute("INSERT INTO metric_configs VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [
      config.configHash,
      config.metric,
      config.configJson,
    ]);
  }
  for (const v of values) {
    await tx.execute("INSERT OR REPLACE INTO metric_values VALUES ($1, $2, $3, $4, $5, $6)", [
      v.runId,
      v.task,
      v.instanceIndex,
      v.metric,
      v.value,
      v.configHash,
    ]);
  }
}

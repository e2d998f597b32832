import type { MetricConfig } from "../domain/metric.js";
import type { StoredMetricValue } from "../domain/prediction.js";
import type { BatchScorer } from "../metrics/scorers.js";
import { predictionsToScore, type StoredMetricConfig, saveMetricValues } from "../store/metric-values.js";
import type { ResultsStore } from "../store/results-store.js";
import { canonicalJson } from "./canonical-json.js";
import { sha256 } from "./run-identity.js";

export interface FillMetricsOptions {
  store: ResultsStore;
  scorers: readonly BatchScorer[];
  /** Recompute values that are already stored. */
  force: boolean;
  /** Predictions scored and committed together. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Scores the stored predictions that lack any of the scorers' keys (all with `force`) and stores each value with the
 * hash of the metric configuration that produced it. Each batch is one transaction, so an interrupted fill resumes.
 */
export async function fillMetrics(options: FillMetricsOptions): Promise<{ scored: number; keys: string[] }> {
  const keys = options.scorers.flatMap((scorer) => [...scorer.keys]);
  const configs = storedConfigs(options.scorers);
  const todo = await predictionsToScore(options.store, keys, options.force);
  const batchSize = options.batchSize ?? 256;
  for (let start = 0; start < todo.length; start += batchSize) {
    const batch = todo.slice(start, start + batchSize);
    const values: StoredMetricValue[] = [];
    for (const scorer of options.scorers) {
      const scores = await scorer.score(batch);
      batch.forEach((prediction, i) => {
        for (const key of scorer.keys) {
          const value = scores[i]?.[key];
          if (value === undefined || !Number.isFinite(value)) continue;
          values.push({
            runId: prediction.runId,
            task: prediction.task,
            instanceIndex: prediction.instanceIndex,
            metric: key,
            value,
            configHash: configs.get(key)?.configHash ?? "",
          });
        }
      });
    }
    await options.store.transaction((tx) => saveMetricValues(tx, values, [...configs.values()]));
    options.onProgress?.(Math.min(start + batchSize, todo.length), todo.length);
  }
  return { scored: todo.length, keys };
}

function storedConfigs(scorers: readonly BatchScorer[]): Map<string, StoredMetricConfig> {
  const configs = new Map<string, StoredMetricConfig>();
  for (const scorer of scorers) {
    for (const key of scorer.keys) {
      const config: MetricConfig | undefined = scorer.configs[key];
      const configJson = canonicalJson(config ?? { metric: key });
      configs.set(key, { configHash: sha256(configJson).slice(0, 16), metric: key, configJson });
    }
  }
  return configs;
}

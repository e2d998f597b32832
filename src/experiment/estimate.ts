import { existsSync } from "node:fs";
import { ResultsStore } from "../store/results-store.js";

/** What earlier runs of a model measured: generated (not cached, not failed) predictions and their latency. */
export interface MeasuredThroughput {
  modelSpec: string;
  predictions: number;
  meanLatencyMs: number;
  meanCompletionTokens: number;
}

/** Per model spec, from a store that already holds generated predictions; empty when there is no store yet. */
export async function measuredThroughput(storeFile: string): Promise<Map<string, MeasuredThroughput>> {
  const measured = new Map<string, MeasuredThroughput>();
  if (!existsSync(storeFile)) return measured;
  const store = await ResultsStore.open(storeFile);
  try {
    const rows = await store.query(
      `SELECT r.model_spec, count(*) AS n, avg(p.latency_ms) AS latency, avg(p.completion_tokens) AS tokens
       FROM predictions p JOIN runs r USING (run_id)
       WHERE NOT p.cached AND p.error IS NULL AND p.latency_ms > 0
       GROUP BY r.model_spec`,
    );
    for (const row of rows) {
      const modelSpec = String(row.model_spec);
      measured.set(modelSpec, {
        modelSpec,
        predictions: Number(row.n),
        meanLatencyMs: Number(row.latency),
        meanCompletionTokens: Number(row.tokens),
      });
    }
  } finally {
    store.close();
  }
  return measured;
}

/**
 * Seconds to generate `pending` predictions with `concurrency` requests in flight, from the measured mean latency.
 * An optimistic figure: it assumes concurrent requests do not slow each other (true for a pool of servers, not
 * for one CPU).
 */
export function estimatedSeconds(
  pending: number,
  throughput: MeasuredThroughput,
  concurrency: number,
): number {
  return (pending * throughput.meanLatencyMs) / 1000 / Math.max(1, concurrency);
}

import type { ResultsStore } from "./results-store.js";

/** Mean of each metric over a run's scored predictions (0–1). */
export interface RunMeanScores {
  runId: string;
  model: string;
  style: string;
  scored: number;
  means: Record<string, number>;
}

export async function meanScoresByRun(
  store: ResultsStore,
  runIds: readonly string[],
  metrics: readonly string[],
): Promise<RunMeanScores[]> {
  const rows = await store.query(
    `SELECT r.run_id, r.model_label, r.style, v.metric, avg(v.value) AS mean, count(*) AS n
     FROM metric_values v JOIN runs r USING (run_id)
     WHERE list_contains($1::VARCHAR[], r.run_id) AND list_contains($2::VARCHAR[], v.metric)
     GROUP BY ALL ORDER BY r.run_id, v.metric`,
    [runIds, metrics],
  );
  const byRun = new Map<string, RunMeanScores>();
  for (const row of rows) {
    const runId = String(row.run_id);
    const entry = byRun.get(runId) ?? {
      runId,
      model: String(row.model_label),
      style: String(row.style),
      scored: 0,
      means: {},
    };
    entry.means[String(row.metric)] = Number(row.mean);
    entry.scored = Math.max(entry.scored, Number(row.n));
    byRun.set(runId, entry);
  }
  return runIds.flatMap((id) => byRun.get(id) ?? []);
}

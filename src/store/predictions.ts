import type { Prediction } from "../domain/prediction.js";
import type { ResultsStore, StoreTransaction } from "./results-store.js";
import type { SqlParam } from "./sql.js";

/** Parameters per row (every column but `created_at`). */
const PARAMETERS = 24;
/** Rows per INSERT statement: one statement per chunk keeps parsing and round trips off the per-row path. */
const ROWS_PER_STATEMENT = 64;

function insertSql(rows: number): string {
  const tuples = Array.from({ length: rows }, (_, row) => {
    const params = Array.from({ length: PARAMETERS }, (_, i) => `$${row * PARAMETERS + i + 1}`);
    return `(${params.join(", ")}, current_timestamp)`;
  });
  return `INSERT INTO predictions VALUES ${tuples.join(", ")} ON CONFLICT DO NOTHING`;
}

/**
 * Stores predictions; one already stored for the same (run, task, instance) is kept, so replaying a batch after a
 * crash can never duplicate work.
 */
export async function insertPredictions(
  tx: StoreTransaction,
  predictions: readonly Prediction[],
): Promise<void> {
  for (let start = 0; start < predictions.length; start += ROWS_PER_STATEMENT) {
    const chunk = predictions.slice(start, start + ROWS_PER_STATEMENT);
    await tx.execute(insertSql(chunk.length), chunk.flatMap(predictionParams));
  }
}

function predictionParams(p: Prediction): SqlParam[] {
  return [
    p.runId,
    p.task,
    p.instanceIndex,
    p.instanceId,
    p.promptHash,
    p.prompt,
    p.candidate,
    p.references,
    p.taskTypePaths,
    p.taskTypeEntities,
    p.domainPaths,
    p.domainEntities,
    p.reasoningPaths,
    p.reasoningEntities,
    p.inputLanguages,
    p.outputLanguages,
    p.instructionLanguages,
    p.examplesUsed,
    p.promptTokens,
    p.completionTokens,
    p.latencyMs,
    p.finishReason,
    p.error ?? null,
    p.cached,
  ];
}

/** Key of one work item within a run. */
export function workItemKey(task: string, instanceIndex: number): string {
  return `${task}\u0000${instanceIndex}`;
}

/** The (task, instance) pairs a run already has predictions for: resume skips them. */
export async function storedWorkItems(store: ResultsStore, runId: string): Promise<Set<string>> {
  const rows = await store.query("SELECT task, instance_index FROM predictions WHERE run_id = $1", [runId]);
  return new Set(rows.map((row) => workItemKey(String(row.task), Number(row.instance_index))));
}

/**
 * Removes a run's failed predictions (finish reason `error`: retries exhausted, rejected requests) so that the run
 * generates them again. Context overflows stay: the same prompt would overflow again.
 */
export async function deleteFailedPredictions(tx: StoreTransaction, runId: string): Promise<number> {
  const [row] = await tx.query(
    "SELECT count(*) AS n FROM predictions WHERE run_id = $1 AND finish_reason = 'error'",
    [runId],
  );
  await tx.execute("DELETE FROM predictions WHERE run_id = $1 AND finish_reason = 'error'", [runId]);
  return Number(row?.n ?? 0);
}

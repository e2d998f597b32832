import type { Prediction } from "../domain/prediction.js";
import type { ResultsStore, StoreTransaction } from "./results-store.js";

const COLUMNS = 25;
const INSERT_SQL = `INSERT INTO predictions VALUES (${Array.from({ length: COLUMNS - 1 }, (_, i) => `$${i + 1}`).join(", ")}, current_timestamp)
  ON CONFLICT DO NOTHING`;

/**
 * Stores predictions; one already stored for the same (run, task, instance) is kept, so replaying a batch after a
 * crash can never duplicate work.
 */
export async function insertPredictions(
  tx: StoreTransaction,
  predictions: readonly Prediction[],
): Promise<void> {
  for (const p of predictions) {
    await tx.execute(INSERT_SQL, [
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
    ]);
  }
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

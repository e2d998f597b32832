import type { RunConfig, RunRecord, RunSource } from "../domain/prediction.js";
import type { ResultsStore, StoreTransaction } from "./results-store.js";
import type { Row } from "./sql.js";

/** Records a run, or touches `updated_at` when it is already stored (a resumed run). */
export async function saveRun(
  tx: StoreTransaction,
  run: { runId: string; config: RunConfig; styleName: string; source: RunSource; softwareVersion: string },
): Promise<void> {
  const { model, style, decoding } = run.config;
  const now = new Date();
  await tx.execute(
    `INSERT INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
       CAST($20 AS TIMESTAMP), CAST($20 AS TIMESTAMP))
     ON CONFLICT (run_id) DO UPDATE SET updated_at = excluded.updated_at`,
    [
      run.runId,
      model.spec,
      model.label,
      model.kind,
      model.parameters ?? null,
      run.styleName,
      style.examples,
      style.withDefinition,
      style.definitionVariant,
      style.explanations,
      style.mode,
      decoding.temperature,
      decoding.topK ?? null,
      decoding.topP ?? null,
      decoding.maxNewTokens,
      decoding.seed ?? null,
      JSON.stringify(run.config),
      run.source,
      run.softwareVersion,
      now,
    ],
  );
}

export interface RunSummary extends RunRecord {
  predictions: number;
  errors: number;
  scored: number;
}

const SUMMARY_SQL = `SELECT r.*,
    (SELECT count(*) FROM predictions p WHERE p.run_id = r.run_id) AS prediction_count,
    (SELECT count(*) FROM predictions p WHERE p.run_id = r.run_id AND p.error IS NOT NULL) AS error_count,
    (SELECT count(DISTINCT (v.task, v.instance_index)) FROM metric_values v WHERE v.run_id = r.run_id) AS scored_count
  FROM runs r`;

export async function listRuns(store: ResultsStore): Promise<RunSummary[]> {
  const rows = await store.query(
    `${SUMMARY_SQL} ORDER BY r.model_label, r.examples, r.with_definition DESC, r.run_id`,
  );
  return rows.map(summaryFrom);
}

/** Finds a run by its id or a unique prefix of it; undefined when none matches. Throws when ambiguous. */
export async function findRun(store: ResultsStore, idOrPrefix: string): Promise<RunSummary | undefined> {
  const rows = await store.query(`${SUMMARY_SQL} WHERE starts_with(r.run_id, $1) ORDER BY r.run_id`, [
    idOrPrefix,
  ]);
  const exact = rows.find((row) => row.run_id === idOrPrefix);
  if (exact) return summaryFrom(exact);
  if (rows.length > 1) {
    throw new AmbiguousRunError(
      `run id prefix "${idOrPrefix}" matches ${rows.length} runs: ${rows.map((r) => r.run_id).join(", ")}`,
    );
  }
  return rows[0] ? summaryFrom(rows[0]) : undefined;
}

export class AmbiguousRunError extends Error {
  override readonly name = "AmbiguousRunError";
}

/** Deletes a run with its predictions and metric values, all or nothing. */
export async function deleteRun(store: ResultsStore, runId: string): Promise<number> {
  return store.transaction(async (tx) => {
    const [count] = await tx.query("SELECT count(*) AS n FROM predictions WHERE run_id = $1", [runId]);
    await tx.execute("DELETE FROM metric_values WHERE run_id = $1", [runId]);
    await tx.execute("DELETE FROM predictions WHERE run_id = $1", [runId]);
    await tx.execute("DELETE FROM runs WHERE run_id = $1", [runId]);
    return Number(count?.n ?? 0);
  });
}

function summaryFrom(row: Row): RunSummary {
  return {
    runId: String(row.run_id),
    config: JSON.parse(String(row.config_json)) as RunConfig,
    styleName: String(row.style),
    source: String(row.source) as RunSource,
    softwareVersion: String(row.software_version),
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    predictions: Number(row.prediction_count),
    errors: Number(row.error_count),
    scored: Number(row.scored_count),
  };
}

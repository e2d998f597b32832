import type { ReferenceScore } from "../domain/analysis.js";
import type { ModelKind } from "../domain/provider.js";
import type { ResultsStore, StoreTransaction } from "./results-store.js";
import type { SqlParam } from "./sql.js";

/**
 * Published entity-level results (e.g. the paper's tables), kept apart from this project's runs because they
 * have no predictions: one value per (model, aspect, entity, style, metric), on the store's 0–1 scale.
 * Created on first use, so stores written before it existed keep working.
 */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS reference_results (
  model VARCHAR NOT NULL,
  model_kind VARCHAR NOT NULL,
  aspect VARCHAR NOT NULL,
  entity VARCHAR NOT NULL,
  style VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  value DOUBLE NOT NULL,
  source_file VARCHAR NOT NULL,
  imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (model, aspect, entity, style, metric)
)`;

export interface StoredReferenceScore extends ReferenceScore {
  kind: ModelKind;
}

const ROWS_PER_STATEMENT = 500;

export async function ensureReferenceResultsTable(store: ResultsStore): Promise<void> {
  await store.execute(CREATE_TABLE);
}

/**
 * Saves reference scores given on the 0–100 scale of published tables; a score already stored for the same
 * (model, aspect, entity, style, metric) is replaced, so importing twice changes nothing.
 */
export async function saveReferenceScores(
  store: ResultsStore,
  scores: readonly StoredReferenceScore[],
): Promise<void> {
  await ensureReferenceResultsTable(store);
  await store.transaction(async (tx) => {
    for (let start = 0; start < scores.length; start += ROWS_PER_STATEMENT) {
      await insertBatch(tx, scores.slice(start, start + ROWS_PER_STATEMENT));
    }
  });
}

async function insertBatch(tx: StoreTransaction, batch: readonly StoredReferenceScore[]): Promise<void> {
  const params: SqlParam[] = [];
  const tuples = batch.map((score) => {
    const base = params.length;
    params.push(score.model, score.kind, score.aspect, score.entity, score.style, score.metric);
    params.push(score.value / 100, score.source);
    return `(${Array.from({ length: 8 }, (_, i) => `$${base + i + 1}`).join(", ")})`;
  });
  await tx.execute(
    `INSERT OR REPLACE INTO reference_results (model, model_kind, aspect, entity, style, metric, value, source_file)
     VALUES ${tuples.join(", ")}`,
    params,
  );
}

/** Reference scores of one metric, on the 0–100 scale of reports. */
export async function loadReferenceScores(
  store: ResultsStore,
  metric: string,
): Promise<StoredReferenceScore[]> {
  await ensureReferenceResultsTable(store);
  const rows = await store.query(
    `SELECT model, model_kind, aspect, entity, style, metric, value * 100 AS value, source_file
     FROM reference_results WHERE metric = $1 ORDER BY model, aspect, entity, style`,
    [metric],
  );
  return rows.map((row) => ({
    model: String(row.model),
    kind: row.model_kind as ModelKind,
    aspect: row.aspect as ReferenceScore["aspect"],
    entity: String(row.entity),
    style: String(row.style),
    metric: String(row.metric),
    value: Number(row.value),
    source: String(row.source_file),
  }));
}

/** The metrics reference results exist for. */
export async function referenceMetrics(store: ResultsStore): Promise<string[]> {
  await ensureReferenceResultsTable(store);
  const rows = await store.query("SELECT DISTINCT metric FROM reference_results ORDER BY metric");
  return rows.map((row) => String(row.metric));
}

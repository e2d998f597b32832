import { existsSync } from "node:fs";
import path from "node:path";
import type { RunConfig } from "../domain/prediction.js";
import { canonicalJson } from "../runner/canonical-json.js";
import { normalizeRunConfig } from "../runner/run-identity.js";
import { ensureReferenceResultsTable } from "./reference-results.js";
import { ResultsStore } from "./results-store.js";
import { SCHEMA_VERSION } from "./schema.js";

/** A merge refused because the inputs do not describe the same study (bad input: nothing was merged from it). */
export class StoreMergeError extends Error {
  override readonly name = "StoreMergeError";
}

export interface MergedInput {
  file: string;
  runs: number;
  predictions: number;
  /** Predictions already in the output (the same run, task and instance, with the same prompt and output). */
  duplicates: number;
  metricValues: number;
  cacheEntries: number;
}

/** Tables copied row by row, in dependency order; a row whose key is already present is skipped. */
const COPIED_TABLES = ["runs", "predictions", "metric_configs", "metric_values", "response_cache"] as const;
const SOURCE = "merge_source";

/**
 * Merges result stores (e.g. the shards of one experiment) into `out`, creating it when absent. Rows already present
 * are skipped, so merging twice, or merging overlapping stores, adds nothing twice. An input is refused as a whole,
 * before any of its rows is copied, when its schema version differs from this slm-eval's, when it holds a run id
 * whose configuration differs from the stored one, or a prediction that differs from the stored one (prompt or
 * output) for the same run, task and instance.
 */
export async function mergeStores(out: string, inputs: readonly string[]): Promise<MergedInput[]> {
  const outPath = path.resolve(out);
  for (const input of inputs) {
    if (path.resolve(input) === outPath) {
      throw new StoreMergeError(`${input}: is the output store too; merge into a new file`);
    }
    if (!existsSync(input)) throw new StoreMergeError(`${input}: no such store file`);
  }
  const store = await ResultsStore.open(out);
  const merged: MergedInput[] = [];
  try {
    for (const input of inputs) merged.push(await mergeOne(store, input));
  } finally {
    store.close();
  }
  return merged;
}

async function mergeOne(store: ResultsStore, input: string): Promise<MergedInput> {
  const quoted = `'${path.resolve(input).replaceAll("'", "''")}'`;
  try {
    await store.execute(`ATTACH ${quoted} AS ${SOURCE} (READ_ONLY)`);
  } catch (error) {
    throw new StoreMergeError(
      `${input}: cannot be opened as a DuckDB results store (${(error as Error).message})`,
    );
  }
  try {
    await checkCompatible(store, input);
    const before = await counts(store);
    const incoming = Number(
      (await store.query(`SELECT count(*) AS n FROM ${SOURCE}.predictions`))[0]?.n ?? 0,
    );
    const hasReferences = await sourceHasTable(store, "reference_results");
    if (hasReferences) await ensureReferenceResultsTable(store);
    await store.transaction(async (tx) => {
      for (const table of COPIED_TABLES) {
        await tx.execute(`INSERT OR IGNORE INTO ${table} SELECT * FROM ${SOURCE}.${table}`);
      }
      if (hasReferences) {
        await tx.execute(`INSERT OR IGNORE INTO reference_results SELECT * FROM ${SOURCE}.reference_results`);
      }
    });
    const after = await counts(store);
    const predictions = after.predictions - before.predictions;
    return {
      file: input,
      runs: after.runs - before.runs,
      predictions,
      duplicates: incoming - predictions,
      metricValues: after.metric_values - before.metric_values,
      cacheEntries: after.response_cache - before.response_cache,
    };
  } finally {
    await store.execute(`DETACH ${SOURCE}`);
  }
}

async function checkCompatible(store: ResultsStore, input: string): Promise<void> {
  const version = Number(
    (await store.query(`SELECT max(version) AS v FROM ${SOURCE}.schema_migrations`))[0]?.v ?? 0,
  );
  if (version !== SCHEMA_VERSION) {
    throw new StoreMergeError(
      `${input}: store schema version ${version}, this slm-eval writes version ${SCHEMA_VERSION}` +
        (version < SCHEMA_VERSION
          ? ` (open it once with this version to upgrade it, e.g. slm-eval runs --store ${input})`
          : " (merge with the newer slm-eval that wrote it)"),
    );
  }
  const sameIds = await store.query(
    `SELECT s.run_id, s.config_json AS incoming, r.config_json AS stored
     FROM ${SOURCE}.runs s JOIN runs r USING (run_id) WHERE s.config_json <> r.config_json`,
  );
  for (const row of sameIds) {
    const identity = (json: unknown) =>
      canonicalJson(normalizeRunConfig(JSON.parse(String(json)) as RunConfig));
    if (identity(row.incoming) !== identity(row.stored)) {
      throw new StoreMergeError(
        `${input}: run ${String(row.run_id)} has a different configuration than the run with that id already ` +
          "merged (stores of different studies or slm-eval versions); nothing was merged from this file",
      );
    }
  }
  const conflict = (
    await store.query(
      `SELECT s.run_id, s.task, s.instance_index FROM ${SOURCE}.predictions s
       JOIN predictions p USING (run_id, task, instance_index)
       WHERE s.candidate <> p.candidate OR s.prompt_hash <> p.prompt_hash LIMIT 1`,
    )
  )[0];
  if (conflict) {
    throw new StoreMergeError(
      `${input}: run ${String(conflict.run_id)}, task ${String(conflict.task)}, instance ` +
        `${String(conflict.instance_index)} has a different prompt or output than the prediction already merged ` +
        "(overlapping shards of non-reproducible runs?); nothing was merged from this file",
    );
  }
}

async function sourceHasTable(store: ResultsStore, table: string): Promise<boolean> {
  const rows = await store.query(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = $1 AND table_name = $2",
    [SOURCE, table],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

async function counts(store: ResultsStore): Promise<Record<(typeof COPIED_TABLES)[number], number>> {
  const row = (
    await store.query(`SELECT ${COPIED_TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(", ")}`)
  )[0];
  return Object.fromEntries(COPIED_TABLES.map((t) => [t, Number(row?.[t] ?? 0)])) as Record<
    (typeof COPIED_TABLES)[number],
    number
  >;
}

import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { ResultsStore } from "./results-store.js";

export const EXPORT_FORMATS = ["jsonl", "csv", "parquet"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The export query: one row per prediction with its run's model and style, the paper kit's column names
 * (prompt, candidate, reference, domains, categories, reasoning, input/output/instruction_language — metadata paths
 * joined by ", " as the kit writes them) and one column per metric present in the store (0–1 fractions).
 */
export async function exportQuery(store: ResultsStore, format: ExportFormat): Promise<string> {
  const metrics = (await store.query("SELECT DISTINCT metric FROM metric_values ORDER BY metric")).map(
    (row) => String(row.metric),
  );
  const pivot = metrics.map(
    (metric) => `max(value) FILTER (WHERE metric = ${sqlString(metric)}) AS ${sqlIdentifier(metric)}`,
  );
  const metricColumns = metrics.map((metric) => `m.${sqlIdentifier(metric)}`);
  // CSV has no list type: lists become JSON arrays there, and stay lists in JSONL and Parquet.
  const list = (column: string) => (format === "csv" ? `to_json(${column})::VARCHAR` : column);
  const joined = (column: string) => `array_to_string(${column}, ', ')`;
  return `WITH m AS (
      SELECT run_id, task, instance_index${pivot.map((p) => `, ${p}`).join("")}
      FROM metric_values GROUP BY run_id, task, instance_index
    )
    SELECT p.run_id, r.model_label AS model, r.model_spec, r.model_kind, r.style, r.definition_variant,
      r.explanations, r.prompt_mode, r.temperature, r.top_k, r.top_p, r.max_new_tokens, r.seed,
      p.task, p.instance_index AS instance, p.instance_id,
      p.prompt, p.candidate, ${list('p."references"')} AS "references", p."references"[1] AS reference,
      ${joined("p.domain_paths")} AS domains, ${joined("p.task_type_paths")} AS categories,
      ${joined("p.reasoning_paths")} AS reasoning,
      ${joined("p.input_languages")} AS input_language, ${joined("p.output_languages")} AS output_language,
      ${joined("p.instruction_languages")} AS instruction_language,
      ${list("p.domain_entities")} AS domain_entities, ${list("p.task_type_entities")} AS task_type_entities,
      ${list("p.reasoning_entities")} AS reasoning_entities,
      p.examples_used, p.prompt_tokens, p.completion_tokens, p.latency_ms, p.finish_reason, p.error, p.cached
      ${metricColumns.map((c) => `, ${c}`).join("")}
    FROM predictions p JOIN runs r USING (run_id)
    LEFT JOIN m ON m.run_id = p.run_id AND m.task = p.task AND m.instance_index = p.instance_index
    ORDER BY r.model_label, r.examples, r.with_definition DESC, p.run_id, p.task, p.instance_index`;
}

/** Writes every prediction to `out` in the given format, atomically (temporary file, then rename). */
export async function exportPredictions(
  store: ResultsStore,
  format: ExportFormat,
  out: string,
): Promise<number> {
  const query = await exportQuery(store, format);
  const target = path.resolve(out);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const options = { jsonl: "FORMAT json", csv: "FORMAT csv, HEADER true", parquet: "FORMAT parquet" }[format];
  try {
    await store.execute(`COPY (${query}) TO ${sqlString(temporary)} (${options})`);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const [count] = await store.query("SELECT count(*) AS n FROM predictions");
  return Number(count?.n ?? 0);
}

export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

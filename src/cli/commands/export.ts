import { type Command, Option } from "commander";
import { EXPORT_FORMATS, type ExportFormat, exportPredictions } from "../../store/export.js";
import { DEFAULT_STORE_FILE } from "../../store/results-store.js";
import { openExistingStore } from "../store-access.js";

interface ExportOptions {
  store: string;
  format: ExportFormat;
  out: string;
}

/** `slm-eval export`: every prediction with its run, kit-style columns and metric values, as JSONL, CSV or Parquet. */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description(
      "Write one row per prediction (run, model, style, task, instance, prompt, candidate, references, metrics)",
    )
    .addOption(
      new Option("--store <file>", "results store to read (e.g. --store results.duckdb)").default(
        DEFAULT_STORE_FILE,
      ),
    )
    .addOption(
      new Option("--format <format>", "jsonl, csv or parquet (e.g. --format parquet)")
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        "--out <path>",
        "file to write, replaced atomically (e.g. --out predictions.csv)",
      ).makeOptionMandatory(),
    )
    .addHelpText(
      "after",
      `
Columns: run_id, model, model_spec, model_kind, style, definition_variant, explanations, prompt_mode, temperature,
top_k, top_p, max_new_tokens, seed, task, instance, instance_id, prompt, candidate, references (list; a JSON array in
CSV), reference (the first), domains, categories, reasoning, input_language, output_language, instruction_language
(the paper kit's columns: metadata paths joined by ", "), domain_entities, task_type_entities, reasoning_entities,
examples_used, prompt_tokens, completion_tokens, latency_ms, finish_reason, error, cached, then one column per
metric in the store (0-1 fractions; empty where a prediction has no value).

Examples:
  slm-eval export --store results.duckdb --format csv --out predictions.csv
  slm-eval export --format parquet --out predictions.parquet
  slm-eval export --format jsonl --out predictions.jsonl`,
    )
    .action(async (options: ExportOptions) => {
      const store = await openExistingStore(options.store);
      try {
        const rows = await exportPredictions(store, options.format, options.out);
        process.stderr.write(`slm-eval: wrote ${rows} predictions to ${options.out}\n`);
      } finally {
        store.close();
      }
    });
}

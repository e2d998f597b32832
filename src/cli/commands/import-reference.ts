import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import {
  paperModelKind,
  readPaperPromptStyleTables,
  readPaperSotaTables,
} from "../../analysis/paper-tables.js";
import type { ModelKind } from "../../domain/provider.js";
import { saveReferenceScores } from "../../store/reference-results.js";
import { DEFAULT_STORE_FILE, ResultsStore } from "../../store/results-store.js";
import { UsageError } from "../errors.js";

interface ImportReferenceOptions {
  store: string;
  instructionTuned?: string[];
  json?: boolean;
}

export function registerImportReferenceCommand(program: Command): void {
  program
    .command("import-reference")
    .description(
      "Load published entity-level results (the paper kit's per-model prompt-style tables) into the store as " +
        "reference results, so reports show your models next to them.",
    )
    .argument("<dir>", "folder holding …/<metric>/aspect_prompt_style_variation/<model>/<aspect>/*.csv")
    .option(
      "--store <file>",
      "results store (DuckDB file) to import into; created if absent",
      DEFAULT_STORE_FILE,
    )
    .option(
      "--instruction-tuned <models>",
      "comma-separated models that are instruction-tuned (default: names ending in -I, the paper's convention, and the large models of the comparisons)",
      (value: string) =>
        value
          .split(",")
          .map((name) => name.trim())
          .filter(Boolean),
    )
    .option("--json", "print a machine-readable summary on stdout")
    .addHelpText(
      "after",
      `
Each table is entity × the eight prompt styles (0/2/4/8 examples, with/without definition) for one model and
aspect; the model, aspect (categories = task types, domains, reasoning) and metric come from the folder names.
Large-model comparisons (…/<metric>/sota_comparisons/sota_comparison_on_<aspect>.csv) are imported too, for models
without prompt-style tables (e.g. GPT-4o): their style is not published, so they are marked "published".
Values are stored on the 0–1 scale and marked as reference (they have no predictions). Importing again replaces
the same cells.

Examples:
  slm-eval import-reference ../shared/fixtures/paper-results --store results.duckdb
  slm-eval import-reference kit/paper_results --instruction-tuned Gemma-2B-I,MyChat-7B --json`,
    )
    .action(async (dir: string, options: ImportReferenceOptions) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new UsageError(
          `reference folder not found: ${dir} (expected a directory of the kit's result tables)`,
        );
      }
      const styleScores = readPaperPromptStyleTables(dir);
      const detailed = new Set(styleScores.map((score) => score.model));
      const scores = [...styleScores, ...readPaperSotaTables(dir, detailed)];
      // Large models of the comparisons (chat APIs such as GPT-4o) are instruction-tuned.
      const kindOf = (model: string): ModelKind =>
        options.instructionTuned
          ? options.instructionTuned.includes(model)
            ? "instruction-tuned"
            : "pretrained"
          : detailed.has(model)
            ? paperModelKind(model)
            : "instruction-tuned";
      const store = await ResultsStore.open(options.store);
      try {
        await saveReferenceScores(
          store,
          scores.map((score) => ({ ...score, kind: kindOf(score.model) })),
        );
      } finally {
        store.close();
      }
      const models = [...new Set(scores.map((score) => score.model))].sort();
      const metrics = [...new Set(scores.map((score) => score.metric))].sort();
      const tables = new Set(scores.map((score) => score.source)).size;
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ store: options.store, tables, values: scores.length, metrics, models: models.map((model) => ({ model, kind: kindOf(model) })) })}\n`,
        );
      } else {
        process.stdout.write(
          `imported ${scores.length} reference values from ${tables} tables (${metrics.join(", ")}) ` +
            `for ${models.length} models into ${options.store}\n`,
        );
      }
    });
}

import type { Command } from "commander";
import { analyzeStore } from "../../analysis/analyze.js";
import type { AnalysisResult } from "../../domain/analysis.js";
import { kitTableFiles } from "../../report/kit-tables.js";
import { writeReportFiles } from "../../report/write-files.js";
import { ResultsStore } from "../../store/results-store.js";
import {
  ANALYSIS_OPTIONS_HELP,
  addAnalysisOptions,
  analysisOptionsFrom,
  type ParsedAnalysisOptions,
} from "../options/analysis-options.js";

interface AnalyzeOptions extends ParsedAnalysisOptions {
  out?: string;
  json?: boolean;
}

export function registerAnalyzeCommand(program: Command): void {
  const command = program
    .command("analyze")
    .description(
      "Aggregate stored metric values (and imported reference results) by model, prompt style, entity and group: " +
        "best style per entity, model comparison with 95% intervals, group averages, sampling and definition impact.",
    );
  addAnalysisOptions(command)
    .option(
      "--out <dir>",
      "write CSV and Markdown tables in the paper kit's aggregated_results/<metric>/ layout",
    )
    .option("--json", "print the full analysis as JSON on stdout")
    .addHelpText(
      "after",
      `${ANALYSIS_OPTIONS_HELP}

Examples:
  slm-eval analyze --store results.duckdb
  slm-eval analyze --store results.duckdb --kind pretrained --domains News --out tables/
  slm-eval analyze --store results.duckdb --metric rougeL --models Gemma-2B,Gemma-2B-I --json`,
    )
    .action(async (options: AnalyzeOptions) => {
      const analysisOptions = await analysisOptionsFrom(options, 0);
      const store = await ResultsStore.open(options.store, { mustExist: true });
      let result: AnalysisResult;
      try {
        result = await analyzeStore(store, analysisOptions);
      } finally {
        store.close();
      }
      if (options.out) await writeReportFiles(options.out, kitTableFiles(result));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      process.stdout.write(summary(result));
      if (options.out)
        process.stdout.write(`tables written to ${options.out}/aggregated_results/${result.metric}/\n`);
    });
}

/** A short text summary: per aspect, the best model of every entity and how sure that is. */
function summary(result: AnalysisResult): string {
  if (result.leaderboard.length === 0) return `no data for metric ${result.metric} in the selection\n`;
  let text = `metric ${result.metric}, ${result.models.length} models\n`;
  for (const comparison of result.comparisons) {
    if (comparison.rows.length === 0) {
      text += `\n${comparison.aspect}: no data\n`;
      continue;
    }
    text += `\n${comparison.aspect}: best model per entity (value at its best style)\n`;
    for (const row of comparison.rows) {
      const best = row.bestModel ? row.values[comparison.models.indexOf(row.bestModel)] : null;
      const paired = result.paired.find((p) => p.aspect === comparison.aspect && p.entity === row.entity);
      const noise = paired?.withinNoise ? `  (within noise of ${paired.runnerUp})` : "";
      text += `  ${row.entity.padEnd(32)} ${(row.bestModel ?? "-").padEnd(22)} ${best?.toFixed(2) ?? ""}${noise}\n`;
    }
  }
  return text;
}

import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import { analyzeStore } from "../../analysis/analyze.js";
import type { AnalysisResult } from "../../domain/analysis.js";
import { buildReport } from "../../report/build-report.js";
import { writeReportFiles } from "../../report/write-files.js";
import { ResultsStore } from "../../store/results-store.js";
import {
  ANALYSIS_OPTIONS_HELP,
  addAnalysisOptions,
  analysisOptionsFrom,
  type ParsedAnalysisOptions,
} from "../options/analysis-options.js";

interface ReportOptions extends ParsedAnalysisOptions {
  out: string;
  samplesPerEntity: number;
  png: boolean;
}

export const DEFAULT_SAMPLES_PER_ENTITY = 3;

export function registerReportCommand(program: Command): void {
  const command = program
    .command("report")
    .description(
      "Write an HTML report (one offline file: sortable leaderboard with intervals, interactive charts, filters, " +
        "prediction drill-down) plus SVG/PNG charts and CSV/Markdown tables in the paper kit's layout.",
    );
  addAnalysisOptions(command)
    .option("--out <dir>", "folder to write index.html, charts/ and aggregated_results/ into", "report")
    .addOption(
      new Option("--samples-per-entity <n>", "predictions embedded per model and entity for the drill-down")
        .argParser((value: string) => {
          const n = Number(value);
          if (!Number.isInteger(n) || n < 0 || n > 50)
            throw new InvalidArgumentError("a whole number from 0 to 50");
          return n;
        })
        .default(DEFAULT_SAMPLES_PER_ENTITY),
    )
    .option("--no-png", "write SVG charts only (skip the PNG copies)")
    .addHelpText(
      "after",
      `${ANALYSIS_OPTIONS_HELP}

The page embeds aggregate tables, chart data and, for the drill-down, at most --samples-per-entity predictions per
model and entity (never every prediction), so it stays small for a million predictions. It works from imported
reference results alone too (slm-eval import-reference).

Examples:
  slm-eval report --store results.duckdb --out report/
  slm-eval report --store results.duckdb --metric rougeL --models Gemma-2B,Gemma-2B-I --out report-rouge/
  slm-eval report --store paper.duckdb --kind instruction-tuned --no-png`,
    )
    .action(async (options: ReportOptions) => {
      const analysisOptions = await analysisOptionsFrom(options, options.samplesPerEntity);
      const store = await ResultsStore.open(options.store, { mustExist: true });
      let result: AnalysisResult;
      try {
        result = await analyzeStore(store, analysisOptions);
      } finally {
        store.close();
      }
      const progress = (message: string) => {
        if (!process.stderr.isTTY) return;
        process.stderr.write(`\r\x1b[K${message}`);
      };
      const files = await buildReport(result, {
        taxonomy: analysisOptions.taxonomy,
        png: options.png,
        onProgress: progress,
      });
      if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
      await writeReportFiles(options.out, files);
      process.stdout.write(
        `report written to ${options.out}/index.html (${files.length} files; metric ${result.metric}, ${result.models.length} models)\n`,
      );
    });
}

import path from "node:path";
import { type Command, Option } from "commander";
import { analysisSummaryMarkdown, entityCountsCsv } from "../../data/analysis-report.js";
import { writeFileAtomic } from "../../data/atomic-file.js";
import { openDataset } from "../../data/dataset.js";
import { analyzeTasks } from "../../data/dataset-analysis.js";
import { readPaperDatasetAnalysis } from "../../data/paper-dataset-analysis.js";
import { ASPECTS } from "../../domain/index.js";
import {
  addDataOptions,
  DATA_OPTIONS_HELP,
  dataSelectionFrom,
  type ParsedDataOptions,
} from "../options/data-options.js";

interface AnalyzeOptions extends ParsedDataOptions {
  out: string;
  comparePaper?: string;
  json?: boolean;
}

/** `slm-eval data analyze`: the paper's dataset analysis (tasks and clipped instances per entity). */
export function registerDataAnalyzeCommand(data: Command): void {
  const command = data
    .command("analyze")
    .description(
      "Count tasks and instances per task type, domain and reasoning type; write CSV tables and summary.md",
    );
  addDataOptions(command)
    .addOption(
      new Option(
        "--out <dir>",
        "folder for task-types.csv, domains.csv, reasoning.csv, summary.md (e.g. --out analysis)",
      ).default("analysis"),
    )
    .addOption(
      new Option(
        "--compare-paper <dir>",
        "the paper kit's dataset_analysis/<split> folder; its counts go beside ours in summary.md (e.g. --compare-paper paper/dataset_analysis/test)",
      ),
    )
    .addOption(new Option("--json", "also print the analysis as JSON on stdout"))
    .addHelpText(
      "after",
      `${DATA_OPTIONS_HELP}

Examples:
  slm-eval data analyze --data sni --split test --instances-per-task 100 --out analysis
  slm-eval data analyze --data sni --domains 'Health and Medical' --out health --json`,
    )
    .action(async (options: AnalyzeOptions) => {
      const selection = dataSelectionFrom(options);
      const dataset = await openDataset(selection.dir, selection.datasetOptions);
      const tasks = dataset.select(selection.filter);
      const paper = options.comparePaper ? await readPaperDatasetAnalysis(options.comparePaper) : undefined;
      const analysis = analyzeTasks(tasks, dataset.taxonomy, selection.instancesPerTask);
      for (const aspect of ASPECTS) {
        await writeFileAtomic(
          path.join(options.out, `${aspect}.csv`),
          entityCountsCsv(analysis.aspects[aspect]),
        );
      }
      const summary = analysisSummaryMarkdown(analysis, {
        dataDir: dataset.dir,
        split: `${options.splitSet}/${dataset.split}`,
        missing: dataset.missing,
        taxonomy: dataset.taxonomy,
        paper,
      });
      await writeFileAtomic(path.join(options.out, "summary.md"), summary);
      if (options.json) process.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
      else {
        process.stdout.write(
          `${analysis.tasks} tasks, ${analysis.instancesAfterClipping} instances (at most ${analysis.instancesPerTask} per task); ` +
            `wrote ${ASPECTS.map((aspect) => `${aspect}.csv`).join(", ")}, summary.md to ${options.out}\n`,
        );
      }
    });
}

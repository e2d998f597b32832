import { type Command, Option } from "commander";
import { BERTSCORE_MODEL_SETTING } from "../../metrics/bertscore/factory.js";
import { BertScoreModelError } from "../../metrics/bertscore/model-error.js";
import { availableMetrics, createScorers } from "../../metrics/scorers.js";
import { fillMetrics } from "../../runner/fill-metrics.js";
import { DEFAULT_STORE_FILE } from "../../store/results-store.js";
import { UsageError } from "../errors.js";
import { parseMetricList } from "../options/metric-options.js";
import { openExistingStore } from "../store-access.js";

interface MetricsOptions {
  store: string;
  metrics: string;
  force?: boolean;
  bertscoreModel?: string;
  workers: number;
  json?: boolean;
}

/** `slm-eval metrics`: fills metric values for stored predictions that lack them. */
export function registerMetricsCommand(program: Command): void {
  program
    .command("metrics")
    .description(
      "Score stored predictions that lack metric values (BLEU, ROUGE, METEOR, exact match, BERTScore)",
    )
    .addOption(
      new Option("--store <file>", "results store (e.g. --store results.duckdb)").default(DEFAULT_STORE_FILE),
    )
    .addOption(
      new Option("--metrics <list>", `comma-separated, from ${availableMetrics().join(", ")}`).default(
        "bleu,rouge,meteor,exact_match",
      ),
    )
    .addOption(new Option("--force", "recompute values that are already stored"))
    .addOption(
      new Option(
        "--bertscore-model <id-or-dir>",
        "encoder for bertscore: a local transformers.js folder or a hub id",
      ),
    )
    .addOption(
      new Option("--workers <n>", "worker threads for lexical metrics (e.g. --workers 2)")
        .argParser((value) => {
          const n = Number(value);
          if (!Number.isInteger(n) || n < 1 || n > 256)
            throw new UsageError(`--workers: expected 1 to 256, got "${value}"`);
          return n;
        })
        .default(1),
    )
    .addOption(new Option("--json", "print what was scored as JSON on stdout"))
    .addHelpText(
      "after",
      `
Values are stored per prediction and score key (bleu, rouge1, rouge2, rougeL, meteor, exact_match against the first
reference; <key>_max over all references; bert_score_precision/recall/f1 with bertscore), 0-1 fractions, each with
the hash of the metric configuration that produced it. Predictions that failed (error, context overflow) are not
scored. Without --force only missing values are computed, so an interrupted run continues where it stopped.

Examples:
  slm-eval metrics --store results.duckdb
  slm-eval metrics --metrics rouge,bertscore --bertscore-model ./models/roberta-large --force`,
    )
    .action(async (options: MetricsOptions) => {
      const metrics = parseMetricList(options.metrics);
      if (metrics.includes("bertscore") && !options.bertscoreModel) {
        throw new UsageError(
          "--bertscore-model: required with --metrics bertscore (a model folder or hub id)",
        );
      }
      const store = await openExistingStore(options.store);
      try {
        const scorers = await createScorers(metrics, {
          workers: options.workers,
          settings: { [BERTSCORE_MODEL_SETTING]: options.bertscoreModel },
          onWarning: (message) => process.stderr.write(`slm-eval: ${message}\n`),
        }).catch((error: unknown) => {
          if (error instanceof BertScoreModelError)
            throw new UsageError(`--bertscore-model: ${error.message}`);
          throw error;
        });
        try {
          const result = await fillMetrics({
            store,
            scorers,
            force: options.force === true,
            onProgress: (done, total) =>
              process.stderr.write(`slm-eval: scored ${done}/${total} predictions\n`),
          });
          if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else process.stdout.write(`scored ${result.scored} predictions (${result.keys.join(", ")})\n`);
        } finally {
          await Promise.all(scorers.map((scorer) => scorer.close()));
        }
      } finally {
        store.close();
      }
    });
}

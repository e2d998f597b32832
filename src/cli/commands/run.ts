import path from "node:path";
import { type Command, Option } from "commander";
import { analyzeStore, DEFAULT_METRIC } from "../../analysis/analyze.js";
import { loadTaxonomy } from "../../data/taxonomy.js";
import type { Experiment, Shard } from "../../domain/experiment.js";
import type { MetricName } from "../../domain/metric.js";
import { estimatedSeconds, measuredThroughput } from "../../experiment/estimate.js";
import { loadExperiment } from "../../experiment/load-experiment.js";
import {
  type ExperimentSummary,
  modelConcurrency,
  type PreparedExperiment,
  planExperiment,
  prepareExperiment,
  runExperiment,
} from "../../experiment/run-experiment.js";
import { parseShard, shardStoreFile } from "../../experiment/shard.js";
import { BERTSCORE_MODEL_SETTING } from "../../metrics/bertscore/factory.js";
import { createScorers } from "../../metrics/scorers.js";
import { packageVersion } from "../../package-info.js";
import { buildReport } from "../../report/build-report.js";
import { writeReportFiles } from "../../report/write-files.js";
import { fillMetrics } from "../../runner/fill-metrics.js";
import { ProgressReporter } from "../../runner/progress.js";
import { ResultsStore } from "../../store/results-store.js";
import { warnOnStderr } from "../options/data-options.js";
import { textTable } from "../text-table.js";

interface RunOptions {
  dryRun?: boolean;
  shard?: Shard;
  store?: string;
  metrics: boolean;
  report: boolean;
  json?: boolean;
}

/** `slm-eval run EXPERIMENT.yaml`: the whole declared study — evaluation, metrics, report — resumably. */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description(
      "Run an experiment file (models × styles × decoding × definition variants): predictions, then metrics, then the report",
    )
    .argument("<experiment>", "experiment file, YAML or JSON (write an example with `slm-eval init`)")
    .addOption(
      new Option(
        "--dry-run",
        "print the plan (runs and instances per model, variant and style, prompt tokens, time estimate) and exit",
      ),
    )
    .addOption(
      new Option(
        "--shard <i/n>",
        "run the i-th of n deterministic parts of the instances, e.g. --shard 2/8",
      ).argParser(parseShard),
    )
    .addOption(
      new Option(
        "--store <file>",
        "results store, overriding the file's `store` (default with --shard: <store>.shard-I-of-N.duckdb)",
      ),
    )
    .addOption(new Option("--no-metrics", "skip scoring the predictions after the evaluation"))
    .addOption(new Option("--no-report", "skip writing the report even when the file asks for one"))
    .addOption(new Option("--json", "print the summary (or the plan) as JSON on stdout"))
    .addHelpText(
      "after",
      `
The experiment file is checked completely first (unknown keys, wrong types, duplicate labels, unreadable model or
definitions files, tasks missing from a definitions file): any problem exits 2 with FILE:LINE: field: message, and
nothing is started. docs/experiments.md describes every key.

Each (model, style, decoding, definition variant) is a run whose id hashes its configuration, exactly as with
\`slm-eval eval\`. Rerunning resumes; after editing the file, every prediction whose configuration did not change is
reused. Ctrl-C saves finished work and exits 130.

Sharding splits the instances: instance (task, index) belongs to shard 1 + (first 8 hex digits of
sha256("<task>\\n<index>") mod N), the same on every machine. Each shard writes its own store; combine them with
\`slm-eval store merge\`, then \`slm-eval report\`. A sharded run scores its predictions but writes no report.

Examples:
  slm-eval init --out study.yaml && slm-eval run study.yaml --dry-run
  slm-eval run study.yaml
  slm-eval run study.yaml --shard 2/8                 # writes results.shard-2-of-8.duckdb
  slm-eval store merge results.duckdb results.shard-*-of-8.duckdb && slm-eval report --store results.duckdb`,
    )
    .action(async (file: string, options: RunOptions) => {
      const experiment = await loadExperiment(file);
      const prepared = await prepareExperiment(experiment, warnOnStderr);
      const storeFile =
        options.store ?? (options.shard ? shardStoreFile(experiment.store, options.shard) : experiment.store);
      const runOptions = {
        storeFile,
        ...(options.shard ? { shard: options.shard } : {}),
        softwareVersion: packageVersion(),
        onWarning: warnOnStderr,
      };
      if (options.dryRun) {
        await printPlan(prepared, storeFile, runOptions, options.json === true);
        return;
      }
      const controller = new AbortController();
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write(
          "\nslm-eval: stopping: saving finished work (interrupt again to quit at once)\n",
        );
        controller.abort();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      let summary: ExperimentSummary;
      try {
        summary = await runExperiment(prepared, {
          ...runOptions,
          progress: new ProgressReporter({ tty: process.stderr.isTTY === true }),
          signal: controller.signal,
        });
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      printSummary(summary, storeFile, options.json === true);
      if (summary.interrupted) {
        process.stderr.write(
          `slm-eval: interrupted; finished work is saved in ${storeFile}. Run the same command to resume.\n`,
        );
        process.exitCode = 130;
        return;
      }
      if (options.metrics) await scoreStore(experiment, storeFile);
      if (options.report && experiment.report && !options.shard) await writeReport(experiment, storeFile);
    });
}

async function printPlan(
  prepared: PreparedExperiment,
  storeFile: string,
  runOptions: Parameters<typeof planExperiment>[1],
  json: boolean,
): Promise<void> {
  const measured = await measuredThroughput(storeFile);
  const plan = await planExperiment(prepared, runOptions);
  const perModel = prepared.models.map((spec, index) => {
    const lines = plan.lines.filter((line) => line.model === spec.label);
    const instances = lines.reduce((sum, line) => sum + line.instances, 0);
    const stored = lines.reduce((sum, line) => sum + line.stored, 0);
    const throughput = measured.get(spec.spec);
    const seconds = throughput
      ? estimatedSeconds(instances - stored, throughput, modelConcurrency(prepared, index))
      : undefined;
    return {
      model: spec.label,
      runs: lines.length,
      instances,
      stored,
      promptTokens: lines.reduce((sum, line) => sum + line.promptTokens, 0),
      ...(throughput
        ? { measuredPredictions: throughput.predictions, meanLatencyMs: throughput.meanLatencyMs }
        : {}),
      ...(seconds !== undefined ? { estimatedSeconds: seconds } : {}),
    };
  });
  if (json) {
    process.stdout.write(`${JSON.stringify({ store: storeFile, ...plan, models: perModel }, null, 2)}\n`);
    return;
  }
  const header = ["model", "variant", "style", "run_id", "instances", "stored", "prompt_tokens"];
  const rows = plan.lines.map((l) =>
    [l.model, l.slice, l.style, l.runId, l.instances, l.stored, l.promptTokens].map(String),
  );
  process.stdout.write(textTable([header, ...rows]));
  process.stdout.write("\n");
  const totals = perModel.map((m) => [
    m.model,
    String(m.runs),
    String(m.instances),
    String(m.stored),
    String(m.promptTokens),
    m.estimatedSeconds !== undefined
      ? `${formatDuration(m.estimatedSeconds)} (from ${m.measuredPredictions} measured, ${Math.round(m.meanLatencyMs ?? 0)} ms each)`
      : "no earlier runs in the store",
  ]);
  process.stdout.write(
    textTable([
      ["model", "runs", "instances", "stored", "prompt_tokens", "estimated time to finish"],
      ...totals,
    ]),
  );
  if (plan.estimatedTokens)
    process.stdout.write("prompt tokens estimated at 4 characters per token (no tokenizer)\n");
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function printSummary(summary: ExperimentSummary, storeFile: string, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ store: storeFile, ...summary }, null, 2)}\n`);
    return;
  }
  const header = [
    "model",
    "variant",
    "style",
    "run_id",
    "instances",
    "skipped",
    "generated",
    "cached",
    "errors",
  ];
  const rows = summary.runs.map((r) =>
    [r.model, r.slice, r.styleName, r.runId, r.total, r.skipped, r.generated, r.cached, r.errors].map(String),
  );
  process.stdout.write(textTable([header, ...rows]));
}

async function scoreStore(experiment: Experiment, storeFile: string): Promise<void> {
  const { metrics } = experiment;
  const scorers = await createScorers(metrics.names as MetricName[], {
    workers: metrics.workers,
    settings: { [BERTSCORE_MODEL_SETTING]: metrics.bertscoreModel },
    onWarning: warnOnStderr,
  });
  const store = await ResultsStore.open(storeFile, { mustExist: true });
  try {
    const result = await fillMetrics({
      store,
      scorers,
      force: false,
      onProgress: (done, total) => process.stderr.write(`slm-eval: scored ${done}/${total} predictions\n`),
    });
    process.stderr.write(`slm-eval: scored ${result.scored} predictions (${result.keys.join(", ")})\n`);
  } finally {
    store.close();
    await Promise.all(scorers.map((scorer) => scorer.close()));
  }
}

async function writeReport(experiment: Experiment, storeFile: string): Promise<void> {
  const report = experiment.report;
  if (!report) return;
  const metric = report.metric ?? defaultReportMetric(experiment.metrics.names);
  const taxonomy = await loadTaxonomy(experiment.data.taxonomy);
  const store = await ResultsStore.open(storeFile, { mustExist: true });
  const result = await analyzeStore(store, {
    metric,
    entities: {},
    taxonomy,
    seed: 0,
    resamples: 1000,
    samplesPerEntity: report.samplesPerEntity,
  }).finally(() => store.close());
  const files = await buildReport(result, { taxonomy, png: report.png });
  await writeReportFiles(report.out, files);
  process.stderr.write(`slm-eval: report written to ${path.join(report.out, "index.html")}\n`);
}

/** The paper's headline (BERTScore recall) when scored, else ROUGE-L, else the first metric scored. */
function defaultReportMetric(names: readonly string[]): string {
  if (names.includes("bertscore")) return DEFAULT_METRIC;
  if (names.includes("rouge")) return "rougeL";
  return names[0] ?? DEFAULT_METRIC;
}

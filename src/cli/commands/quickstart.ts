import { createHash } from "node:crypto";
import { type Command, InvalidArgumentError, Option } from "commander";
import { openDataset } from "../../data/dataset.js";
import { pullSplit } from "../../data/pull.js";
import { availableMetrics, createScorers } from "../../metrics/scorers.js";
import { fillMetrics } from "../../runner/fill-metrics.js";
import { runEvaluation } from "../../runner/run-evaluation.js";
import { runSelectionOf } from "../../runner/run-identity.js";
import { ResultsStore } from "../../store/results-store.js";
import { meanScoresByRun } from "../../store/run-scores.js";
import { addDataOptions, dataSelectionFrom, type ParsedDataOptions } from "../options/data-options.js";
import {
  addModelOptions,
  addStyleAndDecodingOptions,
  type ParsedEvaluationOptions,
} from "../options/evaluation-options.js";
import { textTable } from "../text-table.js";
import { evaluationSettingsFrom, printSummary, withInterruptHandling } from "./eval.js";

/** A small instruction-tuned model node-llama-cpp downloads by name (135M parameters, ~100 MB). */
export const QUICKSTART_MODEL = "llama-cpp:hf:bartowski/SmolLM2-135M-Instruct-GGUF:Q4_K_M";

const QUICKSTART_METRICS = ["rougeL", "meteor", "bleu", "exact_match"] as const;

interface QuickstartOptions extends ParsedDataOptions, Omit<ParsedEvaluationOptions, "model"> {
  model?: string[];
  sampleTasks: number;
  json?: boolean;
}

/** `slm-eval quickstart`: data + model by name, a sample of tasks under the eight styles, scores, a summary. */
export function registerQuickstartCommand(program: Command): void {
  const command = program
    .command("quickstart")
    .description(
      "Evaluate a small instruction-tuned model on a sample of SNI test tasks under the paper's eight prompt styles, " +
        "score the predictions and print which style works best",
    );
  addModelOptions(command, { required: false });
  addDataOptions(command);
  addStyleAndDecodingOptions(command);
  command
    .addOption(
      new Option(
        "--sample-tasks <n>",
        "tasks drawn (seeded by --seed) from the selected ones (e.g. --sample-tasks 12)",
      )
        .argParser((value) => {
          const n = Number(value);
          if (!Number.isSafeInteger(n) || n < 1)
            throw new InvalidArgumentError("expected a positive integer");
          return n;
        })
        .default(8),
    )
    .addOption(new Option("--json", "print the per-style scores as JSON on stdout"));
  // Quick-start sizes: a handful of instances and short outputs keep the first run to minutes on a CPU.
  for (const [name, value] of [
    ["instancesPerTask", 5],
    ["maxNewTokens", 64],
  ] as const) {
    command.options.find((option) => option.attributeName() === name)?.default(value);
    command.setOptionValueWithSource(name, value, "default");
  }
  command
    .addHelpText(
      "after",
      `
Without --data it downloads the SNI test split into ./sni (skipping files already there); without --model it
evaluates ${QUICKSTART_MODEL} (downloaded once by node-llama-cpp). With --data DIR --model SPEC it runs fully offline.
Defaults here are small: 8 sampled tasks, 5 instances per task, 64 new tokens. Results go to the store; rerunning
resumes. Scores are lexical (ROUGE-L, METEOR, BLEU, exact match); add BERTScore with \`slm-eval metrics --metrics
bertscore --bertscore-model …\`.

Examples:
  slm-eval quickstart
  slm-eval quickstart --data ./sni --model llama-cpp:./models/smollm2-135m-instruct-q4_k_m.gguf --store quick.duckdb
  slm-eval quickstart --sample-tasks 20 --instances-per-task 20 --domains News`,
    )
    .action(async (options: QuickstartOptions, cmd: Command) => {
      const pull = cmd.getOptionValueSource("data") === "default";
      const evaluation = { ...options, model: options.model ?? [QUICKSTART_MODEL] };
      const settings = await evaluationSettingsFrom(evaluation);
      const data = dataSelectionFrom(options);
      if (pull) {
        process.stderr.write(
          `slm-eval: fetching the SNI ${options.split} split into ${data.dir} (files already there are kept)\n`,
        );
        await pullSplit({ dest: data.dir, split: options.split, splitSet: options.splitSet });
      }
      const dataset = await openDataset(data.dir, data.datasetOptions);
      const sampled = sampleTasks(
        dataset.select(data.filter).map((meta) => meta.name),
        options.sampleTasks,
        options.seed,
      );
      const tasks = [];
      for (const meta of dataset.select({ tasks: sampled }))
        tasks.push(await dataset.loadTask(meta, data.instancesPerTask));

      const summary = await withInterruptHandling(
        { ...settings, tasks, selection: { ...runSelectionOf(options), tasks: [...sampled].sort() } },
        runEvaluation,
      );
      if (summary.interrupted) {
        process.stderr.write(
          "slm-eval: interrupted; finished work is saved. Run the same command again to resume.\n",
        );
        process.exitCode = 130;
        return;
      }
      if (!options.json) printSummary(summary, false);

      const store = await ResultsStore.open(options.store);
      try {
        const lexical = availableMetrics().filter((m) =>
          ["bleu", "rouge", "meteor", "exact_match"].includes(m),
        );
        const scorers = await createScorers(lexical, { workers: 1, settings: {} });
        try {
          await fillMetrics({ store, scorers, force: false });
        } finally {
          await Promise.all(scorers.map((scorer) => scorer.close()));
        }
        const scores = await meanScoresByRun(
          store,
          summary.runs.map((r) => r.runId),
          QUICKSTART_METRICS,
        );
        printScores(scores, options.json === true, options.store);
      } finally {
        store.close();
      }
    });
}

/** `count` task names drawn deterministically for `seed` (same seed, same sample), in their original order. */
export function sampleTasks(names: readonly string[], count: number, seed: number): string[] {
  const rank = (name: string) => createHash("sha256").update(`${seed}:${name}`).digest("hex");
  const chosen = new Set([...names].sort((a, b) => rank(a).localeCompare(rank(b))).slice(0, count));
  return names.filter((name) => chosen.has(name));
}

function printScores(
  scores: Awaited<ReturnType<typeof meanScoresByRun>>,
  json: boolean,
  storeFile: string,
): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(scores, null, 2)}\n`);
    return;
  }
  const percent = (value: number | undefined) => (value === undefined ? "" : (value * 100).toFixed(1));
  const header = ["model", "style", "scored", ...QUICKSTART_METRICS];
  const rows = scores.map((s) => [
    s.model,
    s.style,
    String(s.scored),
    ...QUICKSTART_METRICS.map((m) => percent(s.means[m])),
  ]);
  process.stdout.write(`\nMean scores (0-100):\n${textTable([header, ...rows])}`);
  const best = [...scores].sort((a, b) => (b.means.rougeL ?? 0) - (a.means.rougeL ?? 0))[0];
  if (best) process.stdout.write(`Best prompt style by ROUGE-L for ${best.model}: ${best.style}\n`);
  process.stdout.write(
    `Next: slm-eval export --store ${storeFile} --format csv --out predictions.csv\n` +
      `      slm-eval runs list --store ${storeFile}\n`,
  );
}

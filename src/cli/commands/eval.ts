import { type Command, Option } from "commander";
import { openDataset } from "../../data/dataset.js";
import { packageVersion } from "../../package-info.js";
import type { EvaluateSummary } from "../../runner/evaluate.js";
import { ProgressReporter } from "../../runner/progress.js";
import {
  type DryRunPlan,
  type EvaluationRequest,
  loadSelectedTasks,
  planEvaluation,
  runEvaluation,
} from "../../runner/run-evaluation.js";
import { runSelectionOf } from "../../runner/run-identity.js";
import {
  addDataOptions,
  DATA_OPTIONS_HELP,
  dataSelectionFrom,
  type ParsedDataOptions,
} from "../options/data-options.js";
import {
  addModelOptions,
  addStyleAndDecodingOptions,
  concurrencyFor,
  decodingFrom,
  definitionsFrom,
  modelSpecsFrom,
  openProvider,
  type ParsedEvaluationOptions,
  styleShapesFrom,
} from "../options/evaluation-options.js";
import { textTable } from "../text-table.js";

interface EvalOptions extends ParsedDataOptions, ParsedEvaluationOptions {
  dryRun?: boolean;
  retryErrors?: boolean;
  json?: boolean;
}

/** `slm-eval eval`: generate predictions for models × prompt styles × selected instances into the store. */
export function registerEvalCommand(program: Command): void {
  const command = program
    .command("eval")
    .description(
      "Evaluate models under prompt styles on SNI instances; every prediction goes to the results store (resumable)",
    );
  addModelOptions(command, { required: true });
  addDataOptions(command);
  addStyleAndDecodingOptions(command)
    .addOption(
      new Option("--dry-run", "print the plan (runs, instances, prompt tokens per model and style) and exit"),
    )
    .addOption(
      new Option(
        "--retry-errors",
        "generate again the predictions stored with an error (e.g. after a server outage outlasted the retries)",
      ),
    )
    .addOption(new Option("--json", "print the summary (or the plan) as JSON on stdout"))
    .addHelpText(
      "after",
      `${DATA_OPTIONS_HELP}

A run is one model × prompt style × decoding setting over the selected instances; its id hashes that whole
configuration. Rerunning the same command resumes: stored predictions are skipped, identical requests come from the
response cache. Ctrl-C stops scheduling, saves finished work and exits 130.

Examples:
  slm-eval eval --model llama-cpp:./models/smollm2-135m-instruct.gguf --data sni --styles all --store results.duckdb
  slm-eval eval --model llama-cpp:hf:bartowski/SmolLM2-135M-Instruct-GGUF:Q4_K_M --tasks 'task1*' --instances-per-task 10 --max-new-tokens 64
  slm-eval eval --model ollama:gemma:2b --label Gemma-2B-I --domains News --styles 0-def,8-nodef --concurrency 8
  slm-eval eval --model llama-cpp:./m.gguf --temperature 0.7 --top-p 0.9 --seed 1 --dry-run
  slm-eval eval --model llama-cpp:./m.gguf --concurrency 4 --threads 2   # faster, greedy output no longer byte-identical`,
    )
    .action(async (options: EvalOptions) => {
      const request = await evaluationRequestFrom(options);
      if (options.dryRun) {
        printPlan(await planEvaluation(request), options.json === true);
        return;
      }
      const summary = await withInterruptHandling(
        { ...request, retryErrors: options.retryErrors === true },
        runEvaluation,
      );
      printSummary(summary, options.json === true);
      const errors = summary.runs.reduce((sum, run) => sum + run.errors, 0);
      if (errors > 0 && !summary.interrupted) {
        process.stderr.write(
          `slm-eval: ${errors} predictions failed and are stored with their error (not scored); ` +
            "rerun with --retry-errors to generate them again\n",
        );
      }
      if (summary.interrupted) {
        process.stderr.write(
          `slm-eval: interrupted; finished work is saved. Resume with:\n  ${resumeCommand()}\n`,
        );
        process.exitCode = 130;
      }
    });
}

/** Assembles an evaluation from the flags: validates everything before any model is loaded. */
export async function evaluationRequestFrom(options: EvalOptions): Promise<EvaluationRequest> {
  const settings = await evaluationSettingsFrom(options);
  const data = dataSelectionFrom(options);
  const dataset = await openDataset(data.dir, data.datasetOptions);
  const tasks = await loadSelectedTasks(dataset, data.filter, data.instancesPerTask);
  return { ...settings, tasks, selection: runSelectionOf(options) };
}

/** Everything of an evaluation but its tasks, from the flags: validated before any data is read or model loaded. */
export async function evaluationSettingsFrom(
  options: EvalOptions,
): Promise<Omit<EvaluationRequest, "tasks" | "selection">> {
  return {
    models: modelSpecsFrom(options),
    openProvider: (spec) => openProvider(spec, options),
    styles: styleShapesFrom(options),
    styleOptions: {
      definitionVariant: options.definitionVariant,
      explanations: options.explanations === true,
      selection: options.examples,
    },
    decoding: decodingFrom(options),
    definitions: await definitionsFrom(options),
    fitExamples: options.fitExamples === true,
    concurrency: (spec) => concurrencyFor(spec, options),
    storeFile: options.store,
    softwareVersion: packageVersion(),
    progress: new ProgressReporter({ tty: process.stderr.isTTY === true }),
  };
}

/**
 * Runs the evaluation with SIGINT/SIGTERM wired to an abort: the first stops scheduling and lets finished work be
 * saved; a second one exits at once (the store stays consistent: only whole batches were committed).
 */
export async function withInterruptHandling<T>(
  request: EvaluationRequest,
  run: (request: EvaluationRequest) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write("\nslm-eval: stopping: saving finished work (interrupt again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await run({ ...request, signal: controller.signal });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function resumeCommand(): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
  return ["slm-eval", ...process.argv.slice(2)].map(quote).join(" ");
}

export function printSummary(summary: EvaluateSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const header = ["run_id", "style", "instances", "skipped", "generated", "cached", "errors"];
  const rows = summary.runs.map((r) =>
    [r.runId, r.styleName, r.total, r.skipped, r.generated, r.cached, r.errors].map(String),
  );
  process.stdout.write(textTable([header, ...rows]));
}

function printPlan(plan: DryRunPlan, json: boolean): void {
  const total = plan.lines.reduce((sum, line) => sum + line.promptTokens, 0);
  const instances = plan.lines.reduce((sum, line) => sum + line.instances, 0);
  const stored = plan.lines.reduce((sum, line) => sum + line.stored, 0);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ ...plan, totalInstances: instances, totalStored: stored, totalPromptTokens: total }, null, 2)}\n`,
    );
    return;
  }
  const header = ["model", "style", "run_id", "instances", "stored", "prompt_tokens"];
  const rows = plan.lines.map((l) =>
    [l.model, l.style, l.runId, l.instances, l.stored, l.promptTokens].map(String),
  );
  rows.push(["total", "", "", String(instances), String(stored), String(total)]);
  process.stdout.write(textTable([header, ...rows]));
  if (plan.estimatedTokens)
    process.stdout.write("prompt tokens estimated at 4 characters per token (no tokenizer)\n");
}

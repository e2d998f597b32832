import path from "node:path";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { DEFAULT_METRIC } from "../../analysis/analyze.js";
import { writeFileAtomic } from "../../data/atomic-file.js";
import { type Dataset, openDataset } from "../../data/dataset.js";
import { type Evidence, loadEvidence } from "../../recommend/evidence.js";
import {
  type ClassifierEvaluation,
  evaluateClassifier,
  isHeldOut,
  loadTasks,
  trainOnTasks,
} from "../../route/classifier-data.js";
import { saveClassifierModel } from "../../route/classifier-file.js";
import { evaluateRouting, type RoutingEvaluation } from "../../route/evaluate-routes.js";
import { planRoutes } from "../../route/plan-routes.js";
import { loadReplayData } from "../../route/replay-data.js";
import { loadRoutePrompts, routesYaml } from "../../route/routes-file.js";
import { loadServeConfig, type ServeConfig, ServeConfigError } from "../../serve/config.js";
import { DEFAULT_STORE_FILE } from "../../store/results-store.js";
import { UsageError } from "../errors.js";
import {
  addGuidanceOptions,
  GUIDANCE_OPTIONS_HELP,
  guidanceSettingsFrom,
  type ParsedGuidanceOptions,
} from "../options/guidance-options.js";
import { openExistingStore } from "../store-access.js";
import { textTable } from "../text-table.js";

interface RouteBuildOptions extends ParsedGuidanceOptions {
  out: string;
  data?: string;
  split: string;
  modelSpec: string[];
  classifier?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

async function readEvidence(storeFile: string, metric: string): Promise<Evidence> {
  const store = await openExistingStore(storeFile);
  try {
    return await loadEvidence(store, metric);
  } finally {
    store.close();
  }
}

/** `LABEL=SPEC` pairs: how to serve models the store knows by label only (reference tables) or differently. */
function modelSpecs(evidence: Evidence, pairs: readonly string[]): Map<string, string> {
  const specs = new Map<string, string>();
  for (const cell of evidence.cells) specs.set(cell.model, cell.spec);
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals <= 0 || equals === pair.length - 1) {
      throw new UsageError(
        `--model-spec: expected LABEL=SPEC (e.g. Gemma-2B-I=ollama:gemma:2b), got "${pair}"`,
      );
    }
    specs.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
  }
  return specs;
}

function registerBuild(route: Command): void {
  const command = route
    .command("build")
    .description(
      "Write a routing table from evaluation results: for each task type, domain and reasoning entity, the models " +
        "ranked best first (the next serves when one fails) and the prompt style of the best, as a serve.yaml.",
    )
    .requiredOption("--out <file>", "serve config to write (e.g. --out routes.yaml)")
    .option(
      "--data <dir>",
      "SNI folder: definitions and examples of the route's task for styles that need them",
    )
    .option("--split <name>", "split of --data to look up tasks in", "test")
    .option(
      "--model-spec <label=spec>",
      "how to serve a model the store knows by label only, e.g. Gemma-2B-I=ollama:gemma:2b (repeatable)",
      collect,
      [],
    )
    .option(
      "--classifier <file>",
      "aspect classifier (from `route classifier`) that serve uses for requests naming no aspect",
    );
  addGuidanceOptions(command)
    .addHelpText(
      "after",
      `
The file is a complete serve config: \`slm-eval serve --config routes.yaml\` loads it as written (add limits, hosts
or more models by hand). Own runs are served by the model spec they were evaluated with; models from imported
reference tables need --model-spec LABEL=SPEC, otherwise they are left out of the routes (and named on stderr).
Each route keeps the style it was chosen at (\`style\`); with --data, styles with a definition or examples get the
text of the route's SNI task (the evaluated task with most instances for the entity, or the first task of the split
carrying it). Requests matching no route go to the overall ranking (\`fallback\`).
${GUIDANCE_OPTIONS_HELP}

Examples:
  slm-eval route build --store results.duckdb --data data/sni --out routes.yaml
  slm-eval route build --store paper.duckdb --providers reference --model-spec Gemma-2B-I=ollama:gemma:2b \\
    --model-spec Mistral-7B-I=ollama:mistral:7b-instruct --max-params 8B --out routes.yaml`,
    )
    .action(async (options: RouteBuildOptions) => {
      const settings = await guidanceSettingsFrom(options);
      const evidence = await readEvidence(options.store, options.metric);
      const specs = modelSpecs(evidence, options.modelSpec);
      const plan = planRoutes(
        evidence,
        {
          taxonomy: settings.taxonomy,
          constraints: settings.constraints,
          minTasks: options.minTasks,
          seed: options.seed,
          resamples: options.resamples,
        },
        (model) => specs.has(model),
      );
      if (plan.routes.length === 0) {
        const hint =
          plan.unservable.length > 0
            ? `; models without a spec: ${plan.unservable.join(", ")} (give --model-spec LABEL=SPEC)`
            : "";
        throw new UsageError(
          `${options.store}: no route can be built from these results and constraints${hint}`,
        );
      }
      let dataset: Dataset | undefined;
      if (options.data) dataset = await openDataset(options.data, { split: options.split });
      const { prompts, notes } = await loadRoutePrompts(plan.routes, dataset);
      const header = [
        `Routing table written by slm-eval route build from ${options.store} (metric ${options.metric}).`,
        "Load it with: slm-eval serve --config <this file>",
      ].join("\n");
      // serve resolves the classifier path against the config file's folder.
      const classifier =
        options.classifier &&
        path.relative(path.dirname(path.resolve(options.out)), path.resolve(options.classifier));
      await writeFileAtomic(options.out, routesYaml(plan, specs, prompts, header, classifier || undefined));
      for (const note of notes) process.stderr.write(`note: ${note}\n`);
      if (plan.unservable.length > 0) {
        process.stderr.write(
          `note: left out (no model spec; give --model-spec LABEL=SPEC): ${plan.unservable.join(", ")}\n`,
        );
      }
      process.stdout.write(
        `wrote ${plan.routes.length} routes over ${new Set(plan.routes.flatMap((r) => r.models)).size} models to ${options.out}\n`,
      );
    });
}

interface ClassifierOptions {
  data: string;
  split: string;
  out: string;
  instancesPerTask: number;
}

interface ClassifierEvalOptions {
  data: string;
  split: string;
  heldOut: number;
  seed: number;
  instancesPerTask: number;
  json?: boolean;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ 1`);
    return parsed;
  };
}

const CLASSIFIER_HELP = `
The classifier is a multinomial naive Bayes model per aspect (Laplace smoothing, bag of lower-cased words), trained
with one document per SNI task: its definition, example inputs and instance inputs, counted for each of the task's
entities. serve applies it to the request's input (the completion prompt or the last user message) when an auto
request names no aspect.`;

function registerClassifier(route: Command): void {
  route
    .command("classifier")
    .description(
      "Build the aspect classifier serve uses for requests that name no task type, domain or reasoning.",
    )
    .requiredOption("--data <dir>", "SNI folder to learn from")
    .option("--split <name>", "split whose tasks to learn from", "test")
    .requiredOption("--out <file>", "classifier JSON to write (e.g. --out classifier.json)")
    .option(
      "--instances-per-task <n>",
      "instances read per task",
      positiveInteger("--instances-per-task"),
      100,
    )
    .addHelpText(
      "after",
      `${CLASSIFIER_HELP}

Examples:
  slm-eval route classifier --data data/sni --out classifier.json
  slm-eval route build --store results.duckdb --classifier classifier.json --out routes.yaml`,
    )
    .action(async (options: ClassifierOptions) => {
      const dataset = await openDataset(options.data, { split: options.split });
      const tasks = await loadTasks(dataset, dataset.tasks, options.instancesPerTask);
      const model = trainOnTasks(tasks);
      await saveClassifierModel(options.out, model);
      process.stdout.write(
        `wrote ${options.out}: ${tasks.length} tasks, ${model.vocabularySize} words, ` +
          `${model.aspects.task_type.length} task types, ${model.aspects.domain.length} domains, ` +
          `${model.aspects.reasoning.length} reasoning types\n`,
      );
    });
}

function formatEvaluation(evaluation: ClassifierEvaluation, options: ClassifierEvalOptions): string {
  const lines = [
    `trained on ${evaluation.trainTasks} tasks, tested on ${evaluation.testTasks} held-out tasks ` +
      `(task-level split, --held-out ${options.heldOut}, --seed ${options.seed}); each held-out instance's input ` +
      "is classified alone and counts as correct when the prediction is one of its task's entities",
    textTable([
      ["aspect", "instances", "accuracy", "majority baseline", "unseen entity"],
      ...evaluation.aspects.map((entry) => [
        entry.aspect,
        String(entry.instances),
        `${(entry.accuracy * 100).toFixed(1)}%`,
        `${(entry.majorityBaseline * 100).toFixed(1)}% (${entry.majorityEntity})`,
        String(entry.unseenEntityInstances),
      ]),
    ]).trimEnd(),
  ];
  return `${lines.join("\n")}\n`;
}

function registerClassifierEval(route: Command): void {
  route
    .command("classifier-eval")
    .description(
      "Accuracy of the aspect classifier on SNI tasks it was not built from (task-level held-out split).",
    )
    .requiredOption("--data <dir>", "SNI folder")
    .option("--split <name>", "split whose tasks are divided", "test")
    .option(
      "--held-out <fraction>",
      "share of tasks held out for testing",
      (value: string) => {
        const parsed = Number(value);
        if (!(parsed > 0 && parsed < 1)) throw new InvalidArgumentError("--held-out must be between 0 and 1");
        return parsed;
      },
      0.25,
    )
    .option(
      "--seed <n>",
      "seed of the task split",
      (value: string) => {
        const parsed = Number(value);
        if (!Number.isInteger(parsed) || parsed < 0)
          throw new InvalidArgumentError("--seed must be a whole number ≥ 0");
        return parsed;
      },
      0,
    )
    .option(
      "--instances-per-task <n>",
      "instances read per task",
      positiveInteger("--instances-per-task"),
      100,
    )
    .option("--json", "print the figures as JSON on stdout")
    .addHelpText(
      "after",
      `${CLASSIFIER_HELP}
A majority baseline (always the most frequent training entity) is printed beside each accuracy; "unseen entity"
counts held-out instances whose task's entities never occur in training.

Examples:
  slm-eval route classifier-eval --data data/sni
  slm-eval route classifier-eval --data data/sni --held-out 0.3 --seed 7 --json`,
    )
    .action(async (options: ClassifierEvalOptions) => {
      const dataset = await openDataset(options.data, { split: options.split });
      const tasks = await loadTasks(dataset, dataset.tasks, options.instancesPerTask);
      const test = tasks.filter((task) => isHeldOut(task.name, options.seed, options.heldOut));
      const train = tasks.filter((task) => !isHeldOut(task.name, options.seed, options.heldOut));
      if (test.length === 0 || train.length === 0) {
        throw new UsageError(
          `--held-out ${options.heldOut}: the split of ${tasks.length} tasks leaves ${train.length} for training and ` +
            `${test.length} for testing; both need at least one`,
        );
      }
      const evaluation = evaluateClassifier(train, test);
      process.stdout.write(
        options.json ? `${JSON.stringify(evaluation)}\n` : formatEvaluation(evaluation, options),
      );
    });
}

interface RouteEvaluateOptions {
  store: string;
  routes: string;
  metric: string;
  json?: boolean;
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

function formatRoutingEvaluation(evaluation: RoutingEvaluation): string {
  const lines = [
    `replayed ${evaluation.instances} stored instances (metric ${evaluation.metric}, 0-100; no inference)`,
    "",
    textTable([
      ["choice", "style", "score", "to largest"],
      [
        "routed mix",
        "per route",
        evaluation.routed.score.toFixed(1),
        evaluation.largestModel ? percent(evaluation.routed.shareToLargest) : "-",
      ],
      ...evaluation.singles.map((single) => [
        `${single.model} alone`,
        single.style,
        single.score.toFixed(1),
        evaluation.largestModel ? (single.model === evaluation.largestModel ? "100.0%" : "0.0%") : "-",
      ]),
      ["per-instance oracle", "any", evaluation.oracle.score.toFixed(1), "-"],
    ]).trimEnd(),
    "",
    "requests per route:",
    ...evaluation.routed.routes.map(
      (share) => `  ${share.route}: ${share.requests} → ${share.model} (${share.style})`,
    ),
  ];
  if (evaluation.curve.length > 0) {
    lines.push(
      "",
      `trade-off: score vs share of requests sent to the largest model (${evaluation.largestModel})`,
    );
    for (const point of evaluation.curve) {
      const last = point.switched[point.switched.length - 1];
      lines.push(
        `  ${percent(point.shareToLargest).padStart(6)}  ${point.score.toFixed(1)}${last ? `  (+ ${last})` : "  (no route to it)"}`,
      );
    }
  }
  lines.push("", `verdict: ${evaluation.verdict.message}`);
  for (const note of evaluation.notes) lines.push(`note: ${note}`);
  return `${lines.join("\n")}\n`;
}

async function readRoutes(file: string): Promise<ServeConfig> {
  try {
    return await loadServeConfig(file);
  } catch (error) {
    if (error instanceof ServeConfigError) throw new UsageError(`--routes: ${error.message}`);
    throw error;
  }
}

function registerEvaluate(route: Command): void {
  route
    .command("evaluate")
    .description(
      "Replay stored predictions through a routing table (no inference): the routed mix vs each single model and " +
        "the per-instance oracle, and the score vs the share of requests sent to the largest model.",
    )
    .requiredOption("--routes <file>", "routing table / serve config (e.g. from route build)")
    .option("--store <file>", "results store with the predictions to replay", DEFAULT_STORE_FILE)
    .option("--metric <name>", "metric to compare by", DEFAULT_METRIC)
    .option("--json", "print the figures as JSON on stdout")
    .addHelpText(
      "after",
      `
Each stored instance is a request naming all its task's aspects; it takes the first route that matches (as serve
does) and is answered by the route's first model at the route's style (\`style\`, else the shape of its prompt).
Single models are scored at their best style over all their stored instances; the oracle takes the best stored value
of any model and style per instance. Only instances every compared choice has a value for are replayed.
The trade-off starts with every route on the best smaller model and switches routes to the largest model in order
of the points they gain. A router is only worth serving if it beats the best single model at lower cost (mean
parameters per request when sizes are known, otherwise the share sent to the largest model); the verdict says so.

Examples:
  slm-eval route evaluate --store results.duckdb --routes routes.yaml
  slm-eval route evaluate --store results.duckdb --routes routes.yaml --metric rougeL --json`,
    )
    .action(async (options: RouteEvaluateOptions) => {
      const config = await readRoutes(options.routes);
      const store = await openExistingStore(options.store);
      let data: Awaited<ReturnType<typeof loadReplayData>>;
      try {
        data = await loadReplayData(store, options.metric);
      } finally {
        store.close();
      }
      const evaluation = evaluateRouting(
        data,
        config.routing,
        config.models.map((model) => model.name),
      );
      if (evaluation.instances === 0) {
        throw new UsageError(
          `${options.store}: no stored instance can be replayed through ${options.routes} (its models have no ` +
            "predictions in this store at the routes' styles)",
        );
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(evaluation)}\n` : formatRoutingEvaluation(evaluation),
      );
    });
}

export function registerRouteCommand(program: Command): void {
  const route = program
    .command("route")
    .description("Build and evaluate routing tables that send each request to the best small model for it.");
  registerBuild(route);
  registerClassifier(route);
  registerClassifierEval(route);
  registerEvaluate(route);
}

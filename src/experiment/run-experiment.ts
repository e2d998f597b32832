import path from "node:path";
import { UsageError } from "../cli/errors.js";
import { openDataset } from "../data/dataset.js";
import type { Experiment, Shard } from "../domain/experiment.js";
import type { DataSelection } from "../domain/prediction.js";
import type { ModelSpec, Provider } from "../domain/provider.js";
import type { Task } from "../domain/task.js";
import { type DefinitionVariants, loadDefinitionVariants, parseStyleId } from "../prompts/index.js";
import { openProvider } from "../providers/open-provider.js";
import type { EvaluateSummary, RunOutcome } from "../runner/evaluate.js";
import type { ProgressReporter } from "../runner/progress.js";
import {
  type EvaluationRequest,
  loadSelectedTasks,
  type PlanLine,
  planEvaluation,
  runEvaluation,
} from "../runner/run-evaluation.js";
import { runSelectionOf } from "../runner/run-identity.js";
import { experimentModelSpec } from "./load-experiment.js";
import { inShard } from "./shard.js";
import { type ExperimentSlice, experimentSlices } from "./slices.js";

export interface ExperimentRunOptions {
  storeFile: string;
  shard?: Shard;
  softwareVersion: string;
  progress?: ProgressReporter;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

/** The experiment with its data loaded and its variant files read: everything checked before a model is opened. */
export interface PreparedExperiment {
  experiment: Experiment;
  models: ModelSpec[];
  tasks: Task[];
  selection: DataSelection;
  slices: ExperimentSlice[];
  definitions: Map<string, DefinitionVariants>;
}

export async function prepareExperiment(
  experiment: Experiment,
  onWarning: (message: string) => void = () => {},
): Promise<PreparedExperiment> {
  const dir = path.dirname(path.resolve(experiment.file));
  const { data } = experiment;
  const dataset = await openDataset(data.dir, {
    split: data.split,
    splitSet: data.splitSet,
    allLanguages: data.allLanguages,
    ...(data.taxonomy ? { taxonomyFile: data.taxonomy } : {}),
    onWarning,
  });
  const tasks = await loadSelectedTasks(
    dataset,
    { tasks: data.tasks, taskTypes: data.taskTypes, domains: data.domains, reasoning: data.reasoning },
    data.instancesPerTask,
  );
  if (tasks.length === 0) {
    throw new UsageError(`experiment file ${experiment.file}: data: the filters select no task`);
  }
  const definitions = new Map<string, DefinitionVariants>();
  for (const [index, entry] of experiment.definitionVariants.entries()) {
    const variants = await loadDefinitionVariants(entry.file, entry.variant);
    const missing = tasks.filter((task) => !variants.byTask.has(task.name)).map((task) => task.name);
    if (missing.length > 0) {
      throw new UsageError(
        `experiment file ${experiment.file}: definition_variants[${index}].file: ${entry.file} has no ` +
          `${entry.variant}_definition for ${missing.length} selected task(s): ${missing.slice(0, 5).join(", ")}` +
          `${missing.length > 5 ? ", …" : ""} (write them with \`slm-eval definitions generate\`)`,
      );
    }
    definitions.set(definitionsKey(entry.file, entry.variant), variants);
  }
  return {
    experiment,
    models: experiment.models.map((model) => experimentModelSpec(model, dir)),
    tasks,
    selection: runSelectionOf(experiment.data),
    slices: experimentSlices(experiment),
    definitions,
  };
}

function definitionsKey(file: string, variant: string): string {
  return `${variant}\n${file}`;
}

export interface SliceOutcome extends RunOutcome {
  model: string;
  slice: string;
}

export interface ExperimentSummary extends Omit<EvaluateSummary, "runs"> {
  runs: SliceOutcome[];
}

/**
 * Runs every slice through the evaluation runner, model by model: each model is opened once and evaluated under
 * every slice before it is closed. Resumable as a whole: the runner skips predictions its run ids already hold.
 */
export async function runExperiment(
  prepared: PreparedExperiment,
  options: ExperimentRunOptions,
): Promise<ExperimentSummary> {
  const summary: ExperimentSummary = { runs: [], interrupted: false };
  for (const [index, spec] of prepared.models.entries()) {
    if (options.signal?.aborted) break;
    const provider = await openModel(prepared, index, spec);
    try {
      for (const slice of prepared.slices) {
        if (options.signal?.aborted) break;
        const result = await runEvaluation(requestFor(prepared, slice, index, spec, provider, options));
        summary.runs.push(
          ...result.runs.map((run) => ({ ...run, model: provider.info.label, slice: slice.name })),
        );
      }
    } finally {
      await provider.close();
    }
  }
  summary.interrupted = options.signal?.aborted ?? false;
  return summary;
}

export interface ExperimentPlanLine extends PlanLine {
  slice: string;
}

/** The plan of every slice without generating: counts per model, slice and style, prompt tokens. */
export async function planExperiment(
  prepared: PreparedExperiment,
  options: ExperimentRunOptions,
): Promise<{ lines: ExperimentPlanLine[]; estimatedTokens: boolean }> {
  const lines: ExperimentPlanLine[] = [];
  let estimatedTokens = false;
  for (const [index, spec] of prepared.models.entries()) {
    const provider = await openModel(prepared, index, spec);
    try {
      for (const slice of prepared.slices) {
        const plan = await planEvaluation(requestFor(prepared, slice, index, spec, provider, options));
        estimatedTokens ||= plan.estimatedTokens;
        lines.push(...plan.lines.map((line) => ({ ...line, slice: slice.name })));
      }
    } finally {
      await provider.close();
    }
  }
  return { lines, estimatedTokens };
}

/** Requests in flight for a model: its `concurrency`, or the backend's default. */
export function modelConcurrency(prepared: PreparedExperiment, index: number): number {
  const spec = prepared.models[index] as ModelSpec;
  return prepared.experiment.models[index]?.concurrency ?? (spec.provider === "llama-cpp" ? 1 : 8);
}

async function openModel(prepared: PreparedExperiment, index: number, spec: ModelSpec): Promise<Provider> {
  const concurrency = modelConcurrency(prepared, index);
  const threads = prepared.experiment.models[index]?.threads;
  return openProvider(spec, {
    llamaCpp: { sequences: concurrency, ...(threads !== undefined ? { threads } : {}) },
    http: { maxConcurrency: concurrency },
  });
}

function requestFor(
  prepared: PreparedExperiment,
  slice: ExperimentSlice,
  index: number,
  spec: ModelSpec,
  provider: Provider,
  options: ExperimentRunOptions,
): EvaluationRequest {
  const { experiment } = prepared;
  const shard = options.shard;
  const definitions = slice.definitionsFile
    ? prepared.definitions.get(definitionsKey(slice.definitionsFile, slice.definitionVariant))
    : undefined;
  return {
    models: [spec],
    openProvider: async () => keptOpen(provider),
    tasks: prepared.tasks,
    selection: prepared.selection,
    styles: slice.styles.map(parseStyleId),
    styleOptions: {
      definitionVariant: slice.definitionVariant,
      explanations: experiment.prompt.explanations,
      selection: experiment.prompt.examples,
    },
    decoding: slice.decoding,
    ...(definitions ? { definitions } : {}),
    fitExamples: experiment.prompt.fitExamples,
    concurrency: () => modelConcurrency(prepared, index),
    storeFile: options.storeFile,
    softwareVersion: options.softwareVersion,
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(shard ? { itemFilter: (item) => inShard(shard, item.task.name, item.instance.index) } : {}),
  };
}

/** The model stays loaded across slices: the runner's close at the end of each slice is a no-op here. */
function keptOpen(provider: Provider): Provider {
  const { countTokens, countPromptTokens } = provider;
  return {
    info: provider.info,
    generate: (requests, signal) => provider.generate(requests, signal),
    ...(countTokens ? { countTokens: (text: string) => countTokens.call(provider, text) } : {}),
    ...(countPromptTokens ? { countPromptTokens: (prompt) => countPromptTokens.call(provider, prompt) } : {}),
    close: async () => {},
  };
}

import { existsSync } from "node:fs";
import type { Dataset, TaskFilter } from "../data/dataset.js";
import type { DataSelection } from "../domain/prediction.js";
import type { PromptStyle } from "../domain/prompt.js";
import type { DecodingOptions, ModelSpec, Provider } from "../domain/provider.js";
import type { Task } from "../domain/task.js";
import {
  buildStyles,
  type DefinitionVariants,
  type StyleOptions,
  type StyleShape,
} from "../prompts/index.js";
import { storedWorkItems, workItemKey } from "../store/predictions.js";
import { ResultsStore } from "../store/results-store.js";
import { type EvaluateSummary, evaluateRuns } from "./evaluate.js";
import { type PlannedRun, planRuns, type WorkItem } from "./plan.js";
import { preparePrompts } from "./prepare-prompts.js";
import type { ProgressReporter } from "./progress.js";

/** Everything an evaluation needs, as the `eval` and `quickstart` commands assemble it. */
export interface EvaluationRequest {
  models: readonly ModelSpec[];
  openProvider: (spec: ModelSpec) => Promise<Provider>;
  tasks: readonly Task[];
  selection: DataSelection;
  styles: readonly StyleShape[];
  /** Style options shared by every style; the prompt mode and chat template come from each model. */
  styleOptions: Omit<StyleOptions, "mode" | "chatTemplate">;
  decoding: DecodingOptions;
  definitions?: DefinitionVariants;
  fitExamples: boolean;
  /** Requests in flight for a model. */
  concurrency: (spec: ModelSpec) => number;
  storeFile: string;
  softwareVersion: string;
  progress?: ProgressReporter;
  signal?: AbortSignal;
  /** Keeps only some work items of every run (`slm-eval run --shard`); all by default. */
  itemFilter?: (item: WorkItem) => boolean;
  /** Generate again the predictions stored with an error. */
  retryErrors?: boolean;
}

/** Loads the selected tasks with their first `instancesPerTask` instances, in split order. */
export async function loadSelectedTasks(
  dataset: Dataset,
  filter: TaskFilter,
  instancesPerTask: number,
): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const meta of dataset.select(filter)) tasks.push(await dataset.loadTask(meta, instancesPerTask));
  return tasks;
}

/** The styles a model is run with: its own prompt mode (completion or chat) and chat template. */
export function stylesForModel(
  provider: Provider,
  request: Pick<EvaluationRequest, "styles" | "styleOptions">,
): PromptStyle[] {
  const mode = provider.info.promptMode ?? "completion";
  return buildStyles(request.styles, {
    ...request.styleOptions,
    mode,
    ...(mode === "chat" && provider.info.chatTemplate ? { chatTemplate: provider.info.chatTemplate } : {}),
  });
}

function planFor(provider: Provider, request: EvaluationRequest): PlannedRun[] {
  const runs = planRuns({
    models: [provider.info],
    styles: stylesForModel(provider, request),
    decodings: [request.decoding],
    tasks: request.tasks,
    selection: request.selection,
    ...(request.definitions
      ? { definitions: { file: request.definitions.file, sha256: request.definitions.sha256 } }
      : {}),
  });
  const keep = request.itemFilter;
  return keep ? runs.map((run) => ({ ...run, items: run.items.filter(keep) })) : runs;
}

/** Runs the plan model by model (each loaded once and closed after its runs), storing every prediction. */
export async function runEvaluation(request: EvaluationRequest): Promise<EvaluateSummary> {
  const store = await ResultsStore.open(request.storeFile, { threads: 1 });
  const summary: EvaluateSummary = { runs: [], interrupted: false };
  try {
    for (const spec of request.models) {
      if (request.signal?.aborted) break;
      const provider = await request.openProvider(spec);
      try {
        const result = await evaluateRuns({
          store,
          runs: planFor(provider, request),
          provider,
          concurrency: request.concurrency(spec),
          prompts: {
            seed: request.decoding.seed ?? 0,
            definitions: request.definitions,
            fitExamples: request.fitExamples,
          },
          softwareVersion: request.softwareVersion,
          progress: request.progress,
          signal: request.signal,
          retryErrors: request.retryErrors === true,
        });
        summary.runs.push(...result.runs);
      } finally {
        await provider.close();
      }
    }
  } finally {
    store.close();
  }
  summary.interrupted = request.signal?.aborted ?? false;
  return summary;
}

/** One line of the dry-run plan. */
export interface PlanLine {
  runId: string;
  model: string;
  style: string;
  instances: number;
  /** Already in the store (skipped when the run resumes). */
  stored: number;
  promptTokens: number;
}

export interface DryRunPlan {
  lines: PlanLine[];
  /** True when the provider has no tokenizer and prompt tokens are estimated at 4 characters per token. */
  estimatedTokens: boolean;
}

/** The plan without generating: counts per model and style and total prompt tokens. Creates no store. */
export async function planEvaluation(request: EvaluationRequest): Promise<DryRunPlan> {
  const store = existsSync(request.storeFile) ? await ResultsStore.open(request.storeFile) : undefined;
  const plan: DryRunPlan = { lines: [], estimatedTokens: false };
  try {
    for (const spec of request.models) {
      const provider = await request.openProvider(spec);
      try {
        for (const run of planFor(provider, request)) {
          const stored = store ? await storedWorkItems(store, run.runId) : new Set<string>();
          const prepared = await preparePrompts(run, run.items, provider, {
            seed: request.decoding.seed ?? 0,
            definitions: request.definitions,
            fitExamples: request.fitExamples,
          });
          let promptTokens = 0;
          for (const item of prepared) {
            if (provider.countPromptTokens) promptTokens += await provider.countPromptTokens(item.prompt);
            else {
              plan.estimatedTokens = true;
              promptTokens += Math.ceil(item.text.length / 4);
            }
          }
          plan.lines.push({
            runId: run.runId,
            model: provider.info.label,
            style: run.styleName,
            instances: run.items.length,
            stored: run.items.filter((item) => stored.has(workItemKey(item.task.name, item.instance.index)))
              .length,
            promptTokens,
          });
        }
      } finally {
        await provider.close();
      }
    }
  } finally {
    store?.close();
  }
  return plan;
}

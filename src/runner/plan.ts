import type { DataSelection, DefinitionsFileRef, RunConfig } from "../domain/prediction.js";
import type { PromptStyle } from "../domain/prompt.js";
import type { DecodingOptions, ModelInfo } from "../domain/provider.js";
import type { Instance, Task } from "../domain/task.js";
import { formatStyleId } from "../prompts/index.js";
import { runIdOf } from "./run-identity.js";

/** One instance to generate for under one run. */
export interface WorkItem {
  task: Task;
  instance: Instance;
}

/** One run of the plan: a model, a prompt style and decoding settings over the selected instances. */
export interface PlannedRun {
  runId: string;
  config: RunConfig;
  styleName: string;
  items: WorkItem[];
}

export interface PlanInput {
  models: readonly ModelInfo[];
  styles: readonly PromptStyle[];
  decodings: readonly DecodingOptions[];
  tasks: readonly Task[];
  selection: DataSelection;
  /** Recorded with the runs whose style uses a definition variant. */
  definitions?: DefinitionsFileRef;
}

/** Plan = models × prompt styles × decoding settings × selected instances, in that nesting order. */
export function planRuns(input: PlanInput): PlannedRun[] {
  const items = input.tasks.flatMap((task) => task.instances.map((instance) => ({ task, instance })));
  const runs: PlannedRun[] = [];
  for (const model of input.models) {
    for (const style of input.styles) {
      for (const decoding of input.decodings) {
        const config: RunConfig = { model, style, decoding, selection: input.selection };
        if (style.definitionVariant !== "original" && input.definitions)
          config.definitions = input.definitions;
        runs.push({ runId: runIdOf(config), config, styleName: formatStyleId(style), items });
      }
    }
  }
  return runs;
}

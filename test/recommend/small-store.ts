import path from "node:path";
import type { Prediction, RunConfig } from "../../src/domain/index.js";
import { saveMetricValues } from "../../src/store/metric-values.js";
import { insertPredictions } from "../../src/store/predictions.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { saveRun } from "../../src/store/runs.js";

/**
 * A small, hand-made results store: every value is given by the test, so rankings, intervals and routing replays
 * can be checked against figures computed by hand.
 */
export interface SmallModel {
  label: string;
  spec: string;
  parameters?: number;
}

export interface SmallTask {
  name: string;
  taskTypes: string[];
  domains: string[];
  reasoning: string[];
  instances: number;
}

export interface SmallStoreSpec {
  models: SmallModel[];
  styles: string[];
  tasks: SmallTask[];
  /** The metric value (0–1) of `model` at `style` on instance `index` of `task`; undefined: no prediction. */
  value(model: string, style: string, task: string, index: number): number | undefined;
  /** Milliseconds per prediction (default 10). */
  latencyMs?(model: string, style: string): number;
  metric?: string;
}

function runConfig(model: SmallModel, style: string): RunConfig {
  const [examples, definition] = style.split("-");
  return {
    model: {
      spec: model.spec,
      label: model.label,
      kind: "pretrained",
      ...(model.parameters === undefined ? {} : { parameters: model.parameters }),
    },
    style: {
      examples: Number(examples),
      withDefinition: definition === "def",
      definitionVariant: "original",
      explanations: false,
      selection: "seeded",
      mode: "completion",
    },
    decoding: { maxNewTokens: 8, temperature: 0, seed: 0 },
    selection: { split: "test" },
  };
}

export function smallRunId(model: string, style: string): string {
  return `${model}:${style}`;
}

export async function writeSmallStore(dir: string, spec: SmallStoreSpec): Promise<string> {
  const file = path.join(dir, "small.duckdb");
  const metric = spec.metric ?? "rougeL";
  const store = await ResultsStore.open(file);
  try {
    await store.transaction(async (tx) => {
      for (const model of spec.models) {
        for (const style of spec.styles) {
          const runId = smallRunId(model.label, style);
          await saveRun(tx, {
            runId,
            config: runConfig(model, style),
            styleName: style,
            source: "eval",
            softwareVersion: "test",
          });
          const predictions: Prediction[] = [];
          const values = [];
          for (const task of spec.tasks) {
            for (let index = 0; index < task.instances; index++) {
              const value = spec.value(model.label, style, task.name, index);
              if (value === undefined) continue;
              predictions.push({
                runId,
                task: task.name,
                instanceIndex: index,
                instanceId: `${task.name}-${index}`,
                promptHash: "h",
                prompt: `input ${index}`,
                candidate: "c",
                references: ["r"],
                taskTypePaths: task.taskTypes,
                taskTypeEntities: task.taskTypes,
                domainPaths: task.domains,
                domainEntities: task.domains,
                reasoningPaths: task.reasoning,
                reasoningEntities: task.reasoning,
                inputLanguages: ["English"],
                outputLanguages: ["English"],
                instructionLanguages: ["English"],
                examplesUsed: Number(style.split("-")[0]),
                promptTokens: 10,
                completionTokens: 5,
                latencyMs: spec.latencyMs?.(model.label, style) ?? 10,
                finishReason: "stop",
                cached: false,
              });
              values.push({ runId, task: task.name, instanceIndex: index, metric, value, configHash: "c" });
            }
          }
          await insertPredictions(tx, predictions);
          await saveMetricValues(tx, values, [{ configHash: "c", metric, configJson: "{}" }]);
        }
      }
    });
  } finally {
    store.close();
  }
  return file;
}

import path from "node:path";
import type { Prediction, RunConfig } from "../../src/domain/index.js";
import { saveMetricValues } from "../../src/store/metric-values.js";
import { insertPredictions } from "../../src/store/predictions.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { saveRun } from "../../src/store/runs.js";

/** A run configuration as the runner would build it; values are arbitrary but complete. */
export function sampleRunConfig(examples = 2): RunConfig {
  return {
    model: { spec: "llama-cpp:/models/tiny.gguf", label: "Tiny", kind: "pretrained", parameters: 1000 },
    style: {
      examples,
      withDefinition: true,
      definitionVariant: "original",
      explanations: false,
      selection: "seeded",
      mode: "completion",
    },
    decoding: { maxNewTokens: 8, temperature: 0, seed: 0 },
    selection: { split: "test", instancesPerTask: 3 },
  };
}

export function samplePrediction(runId: string, task: string, instanceIndex: number): Prediction {
  return {
    runId,
    task,
    instanceIndex,
    instanceId: `${task}-${instanceIndex}`,
    promptHash: "h",
    prompt: `Definition\n\nNow complete the following task: \nInput: item ${instanceIndex}, "quoted"\nOutput: `,
    candidate: `answer, ${instanceIndex}\nsecond line`,
    references: [`ref ${instanceIndex}`, "other"],
    taskTypePaths: ["Title Generation"],
    taskTypeEntities: ["Title Generation"],
    domainPaths: ["Commonsense -> Concepts and Relations", "News"],
    domainEntities: ["Commonsense", "News"],
    reasoningPaths: [],
    reasoningEntities: [],
    inputLanguages: ["English"],
    outputLanguages: ["English"],
    instructionLanguages: ["English"],
    examplesUsed: 2,
    promptTokens: 10,
    completionTokens: 3,
    latencyMs: 1.5,
    finishReason: "stop",
    cached: false,
  };
}

/** A store with two runs, three predictions (texts with commas, quotes, newlines) and metric values on some. */
export async function populatedStore(dir: string): Promise<string> {
  const file = path.join(dir, "results.duckdb");
  const store = await ResultsStore.open(file);
  await store.transaction(async (tx) => {
    await saveRun(tx, {
      runId: "run-a",
      config: sampleRunConfig(2),
      styleName: "2-def",
      source: "eval",
      softwareVersion: "t",
    });
    await saveRun(tx, {
      runId: "run-b",
      config: sampleRunConfig(0),
      styleName: "0-def",
      source: "eval",
      softwareVersion: "t",
    });
    await insertPredictions(tx, [
      samplePrediction("run-a", "task1", 0),
      samplePrediction("run-a", "task1", 1),
      {
        ...samplePrediction("run-b", "task2", 0),
        error: "server said no",
        finishReason: "error",
        candidate: "",
      },
    ]);
    await saveMetricValues(
      tx,
      [
        { runId: "run-a", task: "task1", instanceIndex: 0, metric: "rougeL", value: 0.5, configHash: "c" },
        { runId: "run-a", task: "task1", instanceIndex: 1, metric: "bleu", value: 0.25, configHash: "c" },
      ],
      [{ configHash: "c", metric: "rougeL", configJson: "{}" }],
    );
  });
  store.close();
  return file;
}

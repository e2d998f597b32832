import type { Prediction, RunConfig } from "../../src/domain/index.js";

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

import type { GenerationRequest, GenerationResult, Provider } from "../../src/domain/provider.js";
import { LlamaCppProvider, type LlamaCppProviderOptions } from "../../src/providers/llama-cpp.js";
import { parseModelSpec } from "../../src/providers/model-spec.js";
import { sharedFixture } from "../fixtures.js";

/** The tiny random-weight Llama-2 GGUF: real llama.cpp inference, gibberish but deterministic output. */
export function tinyModelPath(): string {
  return sharedFixture("models", "llama-2-tiny-random.gguf");
}

/**
 * Opens the embedded provider on the tiny model, on the CPU (tests must not depend on a GPU), with one thread:
 * on a shared, loaded machine more threads make this tiny model hundreds of times slower (spin-waiting).
 */
export async function openTinyModel(
  options: LlamaCppProviderOptions & { promptMode?: "completion" | "chat" } = {},
): Promise<LlamaCppProvider> {
  const spec = parseModelSpec(`llama-cpp:${tinyModelPath()}`, {
    label: "Tiny-Random",
    ...(options.promptMode ? { promptMode: options.promptMode } : {}),
  });
  if (spec.provider !== "llama-cpp") throw new Error("expected a llama-cpp spec");
  return LlamaCppProvider.open(spec, { gpu: false, contextSize: 4096, threads: 1, ...options });
}

/** Collects a batch's results by request id. */
export async function generateAll(
  provider: Provider,
  requests: GenerationRequest[],
  signal?: AbortSignal,
): Promise<Map<string, GenerationResult>> {
  const results = new Map<string, GenerationResult>();
  for await (const result of provider.generate(requests, signal)) results.set(result.id, result);
  return results;
}

import type { Provider } from "../domain/provider.js";
import { parseModelSpec } from "../providers/model-spec.js";
import { openProvider } from "../providers/open-provider.js";
import type { ServedModelConfig } from "./config.js";

/**
 * Opens the backend of a served model with the providers module. An embedded GGUF model gets one llama.cpp
 * sequence per request its queue lets run at once; an upstream endpoint as many concurrent calls, with the
 * configured timeout and retries (after which the next model of a route takes over).
 */
export function openBackend(model: ServedModelConfig): Promise<Provider> {
  return openProvider(parseModelSpec(model.spec, { label: model.name }), {
    llamaCpp: {
      sequences: model.concurrency,
      ...(model.threads !== undefined ? { threads: model.threads } : {}),
      ...(model.contextSize !== undefined ? { contextSize: model.contextSize } : {}),
    },
    http: {
      maxConcurrency: model.concurrency,
      ...(model.timeoutMs !== undefined ? { timeoutMs: model.timeoutMs } : {}),
      ...(model.retries !== undefined ? { maxRetries: model.retries } : {}),
    },
  });
}

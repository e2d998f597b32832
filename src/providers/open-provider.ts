import type { ModelSpec, Provider } from "../domain/provider.js";
import { LlamaCppProvider, type LlamaCppProviderOptions } from "./llama-cpp.js";
import { type OpenAICompatibleOptions, OpenAICompatibleProvider } from "./openai-compatible.js";

export interface ProviderOptions {
  llamaCpp?: LlamaCppProviderOptions;
  http?: OpenAICompatibleOptions;
}

/** Opens the backend a parsed model spec names. Close it when done: embedded models hold native memory. */
export async function openProvider(spec: ModelSpec, options: ProviderOptions = {}): Promise<Provider> {
  return spec.provider === "llama-cpp"
    ? LlamaCppProvider.open(spec, options.llamaCpp)
    : new OpenAICompatibleProvider(spec, options.http);
}

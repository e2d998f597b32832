import type { RenderedPrompt } from "./prompt.js";

export interface DecodingOptions {
  /** Default 512, as in the paper. */
  maxNewTokens: number;
  /** 0 means greedy decoding. */
  temperature: number;
  topK?: number;
  topP?: number;
  /** Seed for sampled decoding; recorded with the run. */
  seed?: number;
  stop?: string[];
}

export type ModelKind = "pretrained" | "instruction-tuned";

/** What reports and recommendations need to know about a model besides its outputs. */
export interface ModelInfo {
  /** The spec as the user wrote it, e.g. `llama-cpp:/models/x.gguf` or `ollama:gemma:2b`. Never holds secrets. */
  spec: string;
  /** Display label, e.g. `Gemma-2B-I`. */
  label: string;
  kind: ModelKind;
  /** Parameter count when known (GGUF metadata or configuration). */
  parameters?: number;
  /** Context window in tokens when known. */
  contextSize?: number;
}

export interface GenerationRequest {
  /** Caller's id for matching results to requests; results may arrive in any order. */
  id: string;
  prompt: RenderedPrompt;
  decoding: DecodingOptions;
}

/** `context_overflow`: prompt + max new tokens exceed the model's context; recorded, not a crash. */
export type FinishReason = "stop" | "length" | "context_overflow" | "error";

export interface GenerationResult {
  id: string;
  text: string;
  promptTokens: number;
  completionTokens: number;
  /** Wall time from sending the request to the last token. */
  latencyMs: number;
  finishReason: FinishReason;
  /** Set when finishReason is `error`: a permanent failure after retries, in words a user can act on. */
  error?: string;
}

/** One interface for every model backend: embedded llama.cpp and OpenAI-compatible HTTP servers. */
export interface Provider {
  readonly info: ModelInfo;
  /**
   * Generates for a batch of requests, yielding each result as soon as it is ready (any order).
   * Never throws for a single request's failure: that becomes a result with finishReason `error`.
   */
  generate(requests: GenerationRequest[], signal?: AbortSignal): AsyncIterable<GenerationResult>;
  /** Number of tokens the model's tokenizer gives the text, when the provider can tell. */
  countTokens?(text: string): Promise<number>;
  /** Releases models, contexts, sockets: the process must be able to exit afterwards. */
  close(): Promise<void>;
}

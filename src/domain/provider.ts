import type { PromptMode, RenderedPrompt } from "./prompt.js";

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
  /** Which backend runs the model. */
  provider?: ProviderKind;
  /** How the model is prompted by default: the paper's completion text, or the same text as a chat. */
  promptMode?: PromptMode;
  /** In chat mode, the name of the chat template the provider applies (e.g. node-llama-cpp's wrapper name). */
  chatTemplate?: string;
}

export type ProviderKind = "llama-cpp" | "openai-compatible";

interface ModelSpecCommon {
  /** The spec as the user wrote it. */
  spec: string;
  label: string;
  kind: ModelKind;
  /** From the configuration; embedded models read it from GGUF metadata when absent. */
  parameters?: number;
  promptMode: PromptMode;
}

/** `llama-cpp:PATH_OR_HF_URI`: a GGUF file run in-process. */
export interface LlamaCppModelSpec extends ModelSpecCommon {
  provider: "llama-cpp";
  /** A GGUF file path or an `hf:` URI that node-llama-cpp resolves and caches. */
  model: string;
}

/** `openai-compatible:URL#NAME`, `ollama:NAME`, `openai:NAME`, `deepseek:NAME`: an HTTP server. */
export interface OpenAICompatibleModelSpec extends ModelSpecCommon {
  provider: "openai-compatible";
  /** One or more base URLs serving the same model; requests are balanced over them. */
  baseURLs: string[];
  /** The model name sent to the server. */
  model: string;
  /** Name of the environment variable holding the API key; the key itself is never stored. */
  apiKeyEnv?: string;
}

/** A parsed model spec: what to load or call, and how reports should name and group it. */
export type ModelSpec = LlamaCppModelSpec | OpenAICompatibleModelSpec;

export interface GenerationRequest {
  /** Caller's id for matching results to requests; results may arrive in any order. */
  id: string;
  prompt: RenderedPrompt;
  decoding: DecodingOptions;
  /**
   * Streaming, optional: when set, the provider calls it with each piece of generated text as soon as it is
   * produced (tokens for llama.cpp, SSE deltas for HTTP servers). Pieces arrive in order and, for a result that is
   * not an `error`, concatenate to exactly `result.text` (text a stop sequence cuts off is held back, never sent).
   * After a failure the pieces sent so far are what was generated before it. A provider that cannot stream
   * may ignore it: callers then have the text only in the result (both built-in providers stream).
   */
  onText?: (text: string) => void;
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
  /** How many times the request was sent (HTTP providers: 1 + retries). */
  attempts?: number;
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
  /**
   * Number of tokens the model sees for a rendered prompt, including special tokens and, in chat mode, the chat
   * template; with `info.contextSize` this tells whether prompt + max new tokens fit (`--fit-examples`).
   */
  countPromptTokens?(prompt: RenderedPrompt): Promise<number>;
  /** Releases models, contexts, sockets: the process must be able to exit afterwards. */
  close(): Promise<void>;
}

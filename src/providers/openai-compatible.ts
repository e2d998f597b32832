import OpenAI from "openai";
import type { CompletionUsage } from "openai/resources/completions";
import { UsageError } from "../cli/errors.js";
import type { RenderedPrompt } from "../domain/prompt.js";
import type {
  DecodingOptions,
  FinishReason,
  GenerationRequest,
  GenerationResult,
  ModelInfo,
  OpenAICompatibleModelSpec,
  Provider,
} from "../domain/provider.js";
import { AdaptiveConcurrency } from "./adaptive-concurrency.js";
import { type Endpoint, EndpointPool } from "./endpoint-pool.js";
import { ResultQueue } from "./result-queue.js";
import {
  type BackoffOptions,
  backoffDelay,
  classifyFailure,
  DEFAULT_BACKOFF,
  type FailureClass,
  rateLimitExhausted,
} from "./retry-policy.js";

export interface OpenAICompatibleOptions {
  /** Retries after the first attempt, for retryable failures only (default 6); 0 fails fast. */
  maxRetries?: number;
  /** Per-attempt timeout (default 120 s). */
  timeoutMs?: number;
  /** Upper bound of concurrent requests (default 8); the adaptive limit moves below it on overload. */
  maxConcurrency?: number;
  backoff?: Partial<BackoffOptions>;
  /** How long a failing endpoint stays out of rotation at first (default 2 s, doubling per failure). */
  endpointCooldownMs?: number;
  /** Where the API key variable is looked up (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** What the server answered for one attempt. */
interface Answer {
  text: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: FinishReason;
  rateLimited: boolean;
}

/** The key is sent as a Bearer token; servers that need none (Ollama, vLLM, llama.cpp) ignore this placeholder. */
const NO_KEY = "no-key";

/**
 * OpenAI-compatible HTTP servers (vLLM, llama.cpp server, Ollama, LM Studio, TGI, OpenAI, DeepSeek) through the
 * official SDK: `/v1/completions` in completion mode, `/v1/chat/completions` in chat mode. The SDK's own retries are
 * off: this provider retries with full-jitter exponential backoff on 429, 5xx, timeouts and connection errors
 * (honouring Retry-After), never on other 4xx; adapts its concurrency to overload signals; and balances several
 * base URLs by least outstanding requests. The API key comes from the environment and never appears in results.
 */
export class OpenAICompatibleProvider implements Provider {
  readonly info: ModelInfo;
  private readonly pool: EndpointPool<OpenAI>;
  private readonly limiter: AdaptiveConcurrency;
  private readonly maxRetries: number;
  private readonly backoff: BackoffOptions;
  private readonly apiKey: string | undefined;

  constructor(
    private readonly spec: OpenAICompatibleModelSpec,
    options: OpenAICompatibleOptions = {},
  ) {
    const env = options.env ?? process.env;
    if (spec.apiKeyEnv !== undefined) {
      this.apiKey = env[spec.apiKeyEnv];
      if (!this.apiKey) {
        throw new UsageError(
          `model ${spec.spec}: the API key variable ${spec.apiKeyEnv} is not set in the environment`,
        );
      }
    }
    this.maxRetries = Math.max(0, options.maxRetries ?? 6);
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    const timeout = options.timeoutMs ?? 120_000;
    this.pool = new EndpointPool(
      spec.baseURLs.map((baseURL) => ({
        baseURL,
        client: new OpenAI({ baseURL, apiKey: this.apiKey ?? NO_KEY, maxRetries: 0, timeout }),
      })),
      options.endpointCooldownMs,
    );
    this.limiter = new AdaptiveConcurrency(options.maxConcurrency ?? 8);
    this.info = {
      spec: spec.spec,
      label: spec.label,
      kind: spec.kind,
      provider: "openai-compatible",
      promptMode: spec.promptMode,
      ...(spec.parameters !== undefined ? { parameters: spec.parameters } : {}),
    };
  }

  /** The current adaptive concurrency limit. */
  get concurrencyLimit(): number {
    return this.limiter.limit;
  }

  generate(requests: GenerationRequest[], signal?: AbortSignal): AsyncIterable<GenerationResult> {
    const results = new ResultQueue<GenerationResult>();
    let pending = requests.length;
    if (pending === 0) results.close();
    for (const request of requests) {
      this.generateOne(request, signal).then(
        (result) => {
          if (result) results.push(result);
          if (--pending === 0) results.close();
        },
        (error: unknown) => results.fail(error),
      );
    }
    return results;
  }

  async close(): Promise<void> {
    // The SDK keeps no open sockets beyond Node's fetch keep-alive pool, which does not hold the process open.
  }

  /** One request with retries; `undefined` when the caller aborted. */
  private async generateOne(
    request: GenerationRequest,
    signal?: AbortSignal,
  ): Promise<GenerationResult | undefined> {
    let last: FailureClass | undefined;
    let lastLatencyMs = 0;
    // Once text has reached the caller a retry would repeat it: a failure after that is final.
    let streamed = false;
    const onText = request.onText
      ? (text: string) => {
          streamed = true;
          request.onText?.(text);
        }
      : undefined;
    for (let attempt = 1; attempt <= this.maxRetries + 1; attempt++) {
      if (attempt > 1) {
        const delay = backoffDelay(attempt - 1, this.backoff, last?.retryAfterMs);
        if (!(await sleep(delay, signal))) return undefined;
      }
      let generation: number;
      try {
        generation = await this.limiter.acquire(signal);
      } catch {
        return undefined;
      }
      const endpoint = this.pool.pick();
      endpoint.outstanding++;
      const started = performance.now();
      try {
        const answer = onText
          ? await this.sendStreaming(endpoint, request.prompt, request.decoding, onText, signal)
          : await this.send(endpoint, request.prompt, request.decoding, signal);
        this.pool.onSuccess(endpoint);
        if (answer.rateLimited) this.limiter.onOverload(generation);
        else this.limiter.onSuccess();
        const { rateLimited: _, ...rest } = answer;
        return { id: request.id, ...rest, latencyMs: performance.now() - started, attempts: attempt };
      } catch (error) {
        if (signal?.aborted) return undefined;
        last = classifyFailure(error);
        lastLatencyMs = performance.now() - started;
        if (last.overload) this.limiter.onOverload(generation);
        if (last.endpointFault) this.pool.onFailure(endpoint);
        if (!last.retryable || streamed) return this.failed(request, last, attempt, lastLatencyMs);
      } finally {
        endpoint.outstanding--;
        this.limiter.release();
      }
    }
    return this.failed(request, last as FailureClass, this.maxRetries + 1, lastLatencyMs, true);
  }

  private failed(
    request: GenerationRequest,
    failure: FailureClass,
    attempts: number,
    latencyMs: number,
    exhausted = false,
  ): GenerationResult {
    const where = this.spec.baseURLs.length > 1 ? ` (${this.spec.baseURLs.length} endpoints)` : "";
    const message = exhausted
      ? `gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}${where}: ${failure.message}`
      : failure.message;
    return {
      id: request.id,
      text: "",
      promptTokens: 0,
      completionTokens: 0,
      latencyMs,
      finishReason: failure.contextOverflow ? "context_overflow" : "error",
      error: this.redact(message),
      attempts,
    };
  }

  private async send(
    endpoint: Endpoint<OpenAI>,
    prompt: RenderedPrompt,
    decoding: DecodingOptions,
    signal?: AbortSignal,
  ): Promise<Answer> {
    const common = this.commonParameters(decoding);
    const requestOptions = signal ? { signal } : {};
    if (prompt.mode === "completion") {
      const { data, response } = await endpoint.client.completions
        .create({ ...common, prompt: prompt.text, stream: false }, requestOptions)
        .withResponse();
      const choice = data.choices[0];
      return {
        text: choice?.text ?? "",
        promptTokens: data.usage?.prompt_tokens ?? 0,
        completionTokens: data.usage?.completion_tokens ?? 0,
        finishReason: finishReasonOf(choice?.finish_reason),
        rateLimited: rateLimitExhausted(response.headers),
      };
    }
    const { data, response } = await endpoint.client.chat.completions
      .create({ ...common, messages: prompt.messages, stream: false }, requestOptions)
      .withResponse();
    const choice = data.choices[0];
    return {
      text: choice?.message.content ?? "",
      promptTokens: data.usage?.prompt_tokens ?? 0,
      completionTokens: data.usage?.completion_tokens ?? 0,
      finishReason: finishReasonOf(choice?.finish_reason),
      rateLimited: rateLimitExhausted(response.headers),
    };
  }

  /**
   * The same call with `stream: true`, passing each text delta on as it arrives. Usage is asked for with
   * `stream_options.include_usage`; a server that ignores it leaves the token counts at 0.
   */
  private async sendStreaming(
    endpoint: Endpoint<OpenAI>,
    prompt: RenderedPrompt,
    decoding: DecodingOptions,
    onText: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<Answer> {
    const common = {
      ...this.commonParameters(decoding),
      stream: true as const,
      stream_options: { include_usage: true },
    };
    const requestOptions = signal ? { signal } : {};
    const answer: Answer = {
      text: "",
      promptTokens: 0,
      completionTokens: 0,
      finishReason: "stop",
      rateLimited: false,
    };
    const take = (
      text: string | null | undefined,
      finish: string | null | undefined,
      usage: CompletionUsage | null | undefined,
    ) => {
      if (text) {
        answer.text += text;
        onText(text);
      }
      if (finish) answer.finishReason = finishReasonOf(finish);
      if (usage) {
        answer.promptTokens = usage.prompt_tokens;
        answer.completionTokens = usage.completion_tokens;
      }
    };
    if (prompt.mode === "completion") {
      const { data, response } = await endpoint.client.completions
        .create({ ...common, prompt: prompt.text }, requestOptions)
        .withResponse();
      answer.rateLimited = rateLimitExhausted(response.headers);
      for await (const chunk of data)
        take(chunk.choices[0]?.text, chunk.choices[0]?.finish_reason, chunk.usage);
      return answer;
    }
    const { data, response } = await endpoint.client.chat.completions
      .create({ ...common, messages: prompt.messages }, requestOptions)
      .withResponse();
    answer.rateLimited = rateLimitExhausted(response.headers);
    for await (const chunk of data) {
      take(chunk.choices[0]?.delta.content, chunk.choices[0]?.finish_reason, chunk.usage);
    }
    return answer;
  }

  private commonParameters(decoding: DecodingOptions) {
    return {
      model: this.spec.model,
      max_tokens: decoding.maxNewTokens,
      temperature: decoding.temperature,
      ...(decoding.topP !== undefined ? { top_p: decoding.topP } : {}),
      ...(decoding.seed !== undefined ? { seed: decoding.seed } : {}),
      ...(decoding.stop && decoding.stop.length > 0 ? { stop: decoding.stop } : {}),
      // Not in OpenAI's schema; vLLM, llama.cpp server, Ollama and TGI read it from the body, others ignore it.
      ...(decoding.topK !== undefined ? { top_k: decoding.topK } : {}),
    };
  }

  /** Servers sometimes echo the key (or part of it) in error messages. */
  private redact(message: string): string {
    return this.apiKey ? message.split(this.apiKey).join("***") : message;
  }
}

function finishReasonOf(reason: string | null | undefined): FinishReason {
  return reason === "length" ? "length" : "stop";
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

import { existsSync } from "node:fs";
import {
  type ChatHistoryItem,
  type ChatWrapper,
  type Llama,
  LlamaChat,
  LlamaCompletion,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
  LlamaVocabularyType,
  resolveModelFile,
  type Token,
} from "node-llama-cpp";
import { UsageError } from "../cli/errors.js";
import type { ChatMessage, RenderedPrompt } from "../domain/prompt.js";
import type {
  DecodingOptions,
  FinishReason,
  GenerationRequest,
  GenerationResult,
  LlamaCppModelSpec,
  ModelInfo,
  Provider,
} from "../domain/provider.js";
import { ggufParameterCount } from "./gguf-parameters.js";
import { ResultQueue } from "./result-queue.js";
import { samplerBytes, samplerGarbage } from "./sampler-garbage.js";
import { acquireLlama, releaseLlama } from "./shared-llama.js";

export interface LlamaCppProviderOptions {
  /**
   * Sequences evaluated in parallel in the one context (default 1); requests beyond that wait for a free one.
   * More sequences raise throughput but give up byte-identical greedy output: llama.cpp's batched evaluation is not
   * batch-invariant, so a request's logits depend on which other sequences share its batches.
   */
  sequences?: number;
  /** Context window per sequence in tokens (default: the model's training context, at most 4096). */
  contextSize?: number;
  /** `auto` uses a GPU when one is usable and the CPU otherwise (default); `false` forces the CPU. */
  gpu?: "auto" | false;
  /** Where `hf:` models are downloaded and cached (default: node-llama-cpp's models directory). */
  modelsDirectory?: string;
  /**
   * CPU threads per evaluation (default: node-llama-cpp's choice, all math cores). On a busy machine fewer threads
   * can be far faster: llama.cpp's threads spin-wait on each other, so one descheduled thread stalls them all.
   */
  threads?: number;
}

/** One sequence of the shared context with its completion and chat front-ends, used by one request at a time. */
interface Slot {
  sequence: LlamaContextSequence;
  completion: LlamaCompletion;
  chat: LlamaChat;
}

/**
 * The embedded llama.cpp backend: loads a GGUF model once, evaluates several requests in parallel as sequences of
 * one context, and disposes everything on `close()`. Completion mode feeds the paper's text as is; chat mode
 * applies the model's own chat template (node-llama-cpp's resolved chat wrapper, named in `info.chatTemplate`).
 * Each request starts from an empty sequence, so with one sequence a greedy output depends only on the request,
 * never on what was evaluated before or alongside it (see `sequences` for the parallel trade-off).
 */
export class LlamaCppProvider implements Provider {
  readonly info: ModelInfo;
  private readonly free: Slot[];
  private readonly waiters: Array<(slot: Slot) => void> = [];
  private readonly beginningToken: Token | null;
  /** Every slot's LlamaChat resolves the same wrapper: the model's own template. */
  private readonly chatWrapper: ChatWrapper;
  /** Native memory each generation's sampler leaves for the garbage collector (see SamplerGarbage). */
  private readonly samplerBytes: number;
  private closed = false;

  private constructor(
    info: ModelInfo,
    private readonly gpu: "auto" | false,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    slots: Slot[],
  ) {
    this.info = info;
    this.free = slots;
    this.beginningToken = beginningTokenOf(model);
    const first = slots[0];
    if (!first) throw new Error("a llama.cpp context needs at least one sequence");
    this.chatWrapper = first.chat.chatWrapper;
    this.samplerBytes = samplerBytes(vocabularySize(model));
  }

  static async open(
    spec: LlamaCppModelSpec,
    options: LlamaCppProviderOptions = {},
  ): Promise<LlamaCppProvider> {
    if (!spec.model.startsWith("hf:") && !existsSync(spec.model)) {
      throw new UsageError(
        `model ${spec.spec}: GGUF file ${spec.model} not found (expected a path or an hf: URI)`,
      );
    }
    const gpu = options.gpu ?? "auto";
    let llama: Llama;
    try {
      llama = await acquireLlama(gpu);
    } catch (error) {
      await releaseLlama(gpu);
      throw error;
    }
    let model: LlamaModel | undefined;
    try {
      const modelPath = spec.model.startsWith("hf:")
        ? await resolveModelFile(spec.model, { directory: options.modelsDirectory, cli: false })
        : spec.model;
      model = await llama.loadModel({ modelPath });
      const sequences = Math.max(1, options.sequences ?? 1);
      const context = await model.createContext({
        sequences,
        contextSize: options.contextSize ?? Math.min(model.trainContextSize, 4096),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
      });
      const slots: Slot[] = [];
      for (let i = 0; i < sequences; i++) {
        const sequence = context.getSequence();
        slots.push({
          sequence,
          completion: new LlamaCompletion({ contextSequence: sequence }),
          chat: new LlamaChat({ contextSequence: sequence, chatWrapper: "auto" }),
        });
      }
      const chatTemplate = slots[0]?.chat.chatWrapper.wrapperName;
      const info: ModelInfo = {
        spec: spec.spec,
        label: spec.label,
        kind: spec.kind,
        provider: "llama-cpp",
        promptMode: spec.promptMode,
        contextSize: context.contextSize,
        ...(chatTemplate ? { chatTemplate } : {}),
      };
      const parameters = spec.parameters ?? ggufParameterCount(model.fileInfo);
      if (parameters !== undefined) info.parameters = parameters;
      return new LlamaCppProvider(info, gpu, model, context, slots);
    } catch (error) {
      await model?.dispose();
      await releaseLlama(gpu);
      throw error;
    }
  }

  /** Sequences evaluated in parallel. */
  get parallelism(): number {
    return this.context.totalSequences;
  }

  async countTokens(text: string): Promise<number> {
    return this.model.tokenize(text).length;
  }

  async countPromptTokens(prompt: RenderedPrompt): Promise<number> {
    return prompt.mode === "completion"
      ? this.completionTokens(prompt.text).length + (this.beginningToken === null ? 0 : 1)
      : this.chatTokenCount(prompt.messages);
  }

  generate(requests: GenerationRequest[], signal?: AbortSignal): AsyncIterable<GenerationResult> {
    const results = new ResultQueue<GenerationResult>();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let request = requests[next++]; request && !signal?.aborted; request = requests[next++]) {
        const slot = await this.acquire();
        try {
          results.push(await this.generateOne(slot, request, signal));
        } catch (error) {
          // An abort ends the batch quietly: the caller stopped it and knows which results it has.
          if (!signal?.aborted) throw error;
        } finally {
          this.release(slot);
        }
      }
    };
    const workers = Array.from({ length: Math.min(this.parallelism, requests.length) }, worker);
    Promise.all(workers).then(
      () => results.close(),
      (error: unknown) => results.fail(error),
    );
    return results;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.dispose();
    await this.model.dispose();
    await releaseLlama(this.gpu);
  }

  private async generateOne(
    slot: Slot,
    request: GenerationRequest,
    signal?: AbortSignal,
  ): Promise<GenerationResult> {
    const started = performance.now();
    const { prompt, decoding } = request;
    const promptTokens = await this.countPromptTokens(prompt);
    const base = { id: request.id, promptTokens, completionTokens: 0, text: "" };
    if (promptTokens + decoding.maxNewTokens > slot.sequence.contextSize) {
      return {
        ...base,
        latencyMs: performance.now() - started,
        finishReason: "context_overflow",
        error: `prompt (${promptTokens} tokens) + max new tokens (${decoding.maxNewTokens}) exceed the context of ${slot.sequence.contextSize} tokens`,
      };
    }
    let completionTokens = 0;
    const stopper = new StopSequenceWatch(decoding.stop ?? [], signal, request.onText);
    const options = {
      ...samplingOptions(decoding),
      onToken: (tokens: Token[]) => {
        completionTokens += tokens.length;
      },
      onTextChunk: (chunk: string) => stopper.append(chunk),
      signal: stopper.signal,
      stopOnAbortSignal: true,
    };
    try {
      await slot.sequence.clearHistory();
      const response =
        prompt.mode === "completion"
          ? await slot.completion.generateCompletionWithMeta(this.completionTokens(prompt.text), {
              ...options,
              disableContextShift: true,
            })
          : await slot.chat.generateResponse(chatHistory(prompt.messages), options);
      if (signal?.aborted) throw signal.reason;
      const stopped = stopper.stoppedText();
      const text = stopped ?? response.response;
      stopper.finish(text);
      return {
        ...base,
        text,
        completionTokens,
        latencyMs: performance.now() - started,
        finishReason: stopped !== undefined ? "stop" : finishReasonOf(response.metadata.stopReason),
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      return {
        ...base,
        completionTokens,
        latencyMs: performance.now() - started,
        finishReason: "error",
        error: `llama.cpp generation failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      samplerGarbage().generated(this.samplerBytes);
    }
  }

  /** Tokens of a completion prompt as LlamaCompletion would make them (it adds the beginning token itself). */
  private completionTokens(text: string): Token[] {
    return this.model.tokenize(text, false, this.beginningToken === null ? undefined : "trimLeadingSpace");
  }

  private chatTokenCount(messages: ChatMessage[]): number {
    const state = this.chatWrapper.generateContextState({ chatHistory: chatHistory(messages) });
    return state.contextText.tokenize(this.model.tokenizer).length;
  }

  private acquire(): Promise<Slot> {
    const slot = this.free.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(slot: Slot): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(slot);
    else this.free.push(slot);
  }
}

/** Tokens in the model's vocabulary: from the GGUF tokenizer metadata, else by enumerating them. */
function vocabularySize(model: LlamaModel): number {
  const tokens: unknown = model.fileInfo.metadata.tokenizer?.ggml?.tokens;
  if (Array.isArray(tokens)) return tokens.length;
  let count = 0;
  for (const _token of model.iterateAllTokens()) count++;
  return count;
}

/** The beginning-of-text token LlamaCompletion prepends (its own rule, so that token counts match). */
function beginningTokenOf(model: LlamaModel): Token | null {
  const type = model.vocabularyType;
  if (type === LlamaVocabularyType.rwkv || type === LlamaVocabularyType.ugm) return null;
  if (type === LlamaVocabularyType.wpm) return model.tokens.bos;
  return model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
}

/**
 * Temperature 0 is greedy; no repetition penalty, matching plain greedy/sampled decoding elsewhere. Stop sequences
 * are watched in the text (see StopSequenceWatch), not passed as llama.cpp stop triggers.
 */
function samplingOptions(decoding: DecodingOptions) {
  return {
    maxTokens: decoding.maxNewTokens,
    temperature: decoding.temperature,
    repeatPenalty: false as const,
    ...(decoding.temperature > 0 && decoding.topK !== undefined ? { topK: decoding.topK } : {}),
    ...(decoding.temperature > 0 && decoding.topP !== undefined ? { topP: decoding.topP } : {}),
    ...(decoding.temperature > 0 && decoding.seed !== undefined ? { seed: decoding.seed } : {}),
  };
}

/** The conversation with an empty model turn at the end: the template renders up to where the answer starts. */
function chatHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === "system"
      ? { type: "system", text: message.content }
      : message.role === "user"
        ? { type: "user", text: message.content }
        : { type: "model", response: [message.content] },
  );
  history.push({ type: "model", response: [] });
  return history;
}

function finishReasonOf(stopReason: string): FinishReason {
  return stopReason === "maxTokens" ? "length" : stopReason === "abort" ? "error" : "stop";
}

/**
 * Stops a generation at the first stop sequence with OpenAI semantics: the text is everything before the stop
 * sequence. (node-llama-cpp's own stop triggers work on tokens and can swallow text that precedes the trigger
 * within its token, e.g. a space.) Also forwards the caller's abort, and streams the text to `onText`, holding back
 * the tail that could still turn out to be the start of a stop sequence.
 */
class StopSequenceWatch {
  private readonly controller = new AbortController();
  private text = "";
  private emitted = 0;
  private stopAt: number | undefined;
  /** Characters that could be the start of a stop sequence completed by a later chunk. */
  private readonly holdBack: number;

  constructor(
    private readonly stops: readonly string[],
    outer?: AbortSignal,
    private readonly onText?: (text: string) => void,
  ) {
    this.holdBack = Math.max(0, ...stops.map((stop) => stop.length - 1));
    outer?.addEventListener("abort", () => this.controller.abort(outer.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  append(chunk: string): void {
    if ((this.stops.length === 0 && !this.onText) || this.stopAt !== undefined) return;
    // Only the tail can hold a stop sequence that the new chunk completes.
    const from = Math.max(0, this.text.length - Math.max(...this.stops.map((stop) => stop.length)));
    this.text += chunk;
    const found = this.stops
      .filter((stop) => stop.length > 0)
      .map((stop) => this.text.indexOf(stop, from))
      .filter((index) => index >= 0);
    if (found.length > 0) {
      this.stopAt = Math.min(...found);
      this.controller.abort();
    }
    this.emit(this.text, this.stopAt ?? this.text.length - this.holdBack);
  }

  /** Streams what is left of the final text once the generation has ended. */
  finish(finalText: string): void {
    this.emit(finalText, finalText.length);
  }

  private emit(text: string, upTo: number): void {
    if (!this.onText || upTo <= this.emitted) return;
    this.onText(text.slice(this.emitted, upTo));
    this.emitted = upTo;
  }

  /** The text before the stop sequence, when one was generated. */
  stoppedText(): string | undefined {
    return this.stopAt === undefined ? undefined : this.text.slice(0, this.stopAt);
  }
}

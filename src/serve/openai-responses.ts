import { randomUUID } from "node:crypto";
import type { GenerationResult } from "../domain/provider.js";

/** What every response object of one request shares. */
export interface ResponseIdentity {
  id: string;
  created: number;
  model: string;
}

export function responseIdentity(prefix: "chatcmpl" | "cmpl", model: string): ResponseIdentity {
  return { id: `${prefix}-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model };
}

/** Only successful results get here: errors and context overflows became error responses or fallbacks. */
function finishReason(result: GenerationResult): "stop" | "length" {
  return result.finishReason === "length" ? "length" : "stop";
}

export function usage(result: GenerationResult) {
  return {
    prompt_tokens: result.promptTokens,
    completion_tokens: result.completionTokens,
    total_tokens: result.promptTokens + result.completionTokens,
  };
}

export function chatCompletion(identity: ResponseIdentity, result: GenerationResult) {
  return {
    ...identity,
    object: "chat.completion",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.text, refusal: null },
        logprobs: null,
        finish_reason: finishReason(result),
      },
    ],
    usage: usage(result),
  };
}

/**
 * How a streamed response is cut into SSE chunks, in OpenAI's order: `opening` (chat: the role), one `content`
 * chunk per piece of text as it is generated, then `closing` (the finish reason and, when asked for with
 * stream_options.include_usage, a last chunk with no choices and the usage).
 */
export interface ChunkFormat {
  opening(): object[];
  content(text: string): object;
  closing(result: GenerationResult): object[];
}

export function chatCompletionChunkFormat(identity: ResponseIdentity, includeUsage: boolean): ChunkFormat {
  const chunk = (delta: object, finish: "stop" | "length" | null) => ({
    ...identity,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  return {
    opening: () => [chunk({ role: "assistant", content: "" }, null)],
    content: (text) => chunk({ content: text }, null),
    closing: (result) => [
      chunk({}, finishReason(result)),
      ...(includeUsage
        ? [{ ...identity, object: "chat.completion.chunk", choices: [], usage: usage(result) }]
        : []),
    ],
  };
}

export function textCompletion(identity: ResponseIdentity, result: GenerationResult) {
  return {
    ...identity,
    object: "text_completion",
    choices: [{ index: 0, text: result.text, logprobs: null, finish_reason: finishReason(result) }],
    usage: usage(result),
  };
}

export function textCompletionChunkFormat(identity: ResponseIdentity, includeUsage: boolean): ChunkFormat {
  const chunk = (text: string, finish: "stop" | "length" | null) => ({
    ...identity,
    object: "text_completion",
    choices: [{ index: 0, text, logprobs: null, finish_reason: finish }],
  });
  return {
    opening: () => [],
    content: (text) => chunk(text, null),
    closing: (result) => [
      chunk("", finishReason(result)),
      ...(includeUsage
        ? [{ ...identity, object: "text_completion", choices: [], usage: usage(result) }]
        : []),
    ],
  };
}

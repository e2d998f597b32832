import { z } from "zod";
import type { ChatMessage } from "../domain/prompt.js";
import type { DecodingOptions } from "../domain/provider.js";
import { invalidRequest } from "./api-error.js";
import { formatFieldPath } from "./field-path.js";

const textPart = z.object({ type: z.literal("text"), text: z.string() });

const chatMessageSchema = z.object({
  // `developer` is OpenAI's newer name for `system`.
  role: z.enum(["system", "developer", "user", "assistant"]),
  content: z.union([z.string(), z.array(textPart)]).nullable(),
});

const stopSchema = z.union([z.string(), z.array(z.string()).max(4)]).nullable();

/** Sampling fields shared by both endpoints. Unknown fields are ignored, as OpenAI-compatible servers do. */
const samplingFields = {
  model: z.string().min(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  // Not in OpenAI's API, but llama.cpp-style servers accept it.
  top_k: z.number().int().positive().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  stop: stopSchema.optional(),
  seed: z.number().int().nullish(),
  n: z.literal(1, "only n=1 is supported").nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
};

export const chatCompletionRequestSchema = z.object({
  ...samplingFields,
  messages: z.array(chatMessageSchema).min(1, "expected at least one message"),
  max_completion_tokens: z.number().int().positive().nullish(),
});

export const completionRequestSchema = z.object({
  ...samplingFields,
  // One prompt per request; a one-element list is accepted as clients often send that.
  prompt: z.union([z.string(), z.array(z.string()).length(1, "only one prompt per request is supported")]),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type CompletionRequest = z.infer<typeof completionRequestSchema>;

/** Parses a JSON body against a schema; malformed JSON and violations become 400 errors naming the field. */
export function parseRequestBody<T>(schema: z.ZodType<T>, bodyText: string): T {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch (error) {
    throw invalidRequest(
      `The request body is not valid JSON: ${(error as Error).message}`,
      null,
      "invalid_json",
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = formatFieldPath(issue?.path ?? []) || null;
    throw invalidRequest(`${param ? `${param}: ` : ""}${issue?.message ?? "invalid request"}`, param);
  }
  return parsed.data;
}

export function chatMessages(request: ChatCompletionRequest): ChatMessage[] {
  return request.messages.map((message) => ({
    role: message.role === "developer" ? "system" : message.role,
    content:
      typeof message.content === "string"
        ? message.content
        : (message.content ?? []).map((part) => part.text).join(""),
  }));
}

export function promptText(request: CompletionRequest): string {
  return typeof request.prompt === "string" ? request.prompt : (request.prompt[0] ?? "");
}

/**
 * Decoding options for a request: greedy unless a temperature is given (reproducible by default, as in the
 * evaluation), and max tokens capped by the server's limit (absent means the cap).
 */
export function decodingOptions(
  request: ChatCompletionRequest | CompletionRequest,
  maxTokensCap: number,
): DecodingOptions {
  const requested =
    ("max_completion_tokens" in request ? request.max_completion_tokens : undefined) ?? request.max_tokens;
  const stop =
    request.stop == null ? undefined : typeof request.stop === "string" ? [request.stop] : request.stop;
  return {
    maxNewTokens: Math.min(requested ?? maxTokensCap, maxTokensCap),
    temperature: request.temperature ?? 0,
    topP: request.top_p ?? undefined,
    topK: request.top_k ?? undefined,
    seed: request.seed ?? undefined,
    stop: stop && stop.length > 0 ? stop : undefined,
  };
}

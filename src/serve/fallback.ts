import type { GenerationRequest, GenerationResult } from "../domain/provider.js";
import { ApiError } from "./api-error.js";
import type { ModelPool } from "./model-pool.js";
import { QueueFullError } from "./model-queue.js";

export type AttemptFailureKind = "queue_full" | "context_overflow" | "error";

export interface AttemptFailure {
  model: string;
  kind: AttemptFailureKind;
  message: string;
}

export interface ServedGeneration {
  result: GenerationResult;
  /** The model that produced the result. */
  model: string;
  /** Models tried before it, and why each one did not serve. */
  failures: AttemptFailure[];
}

/** Seconds a client should wait when every candidate model's queue is full. */
const BUSY_RETRY_AFTER_SECONDS = 1;

/** Receives streamed text with the model producing it and the models that failed before it. */
export type StreamedTextListener = (text: string, model: string, failures: readonly AttemptFailure[]) => void;

/**
 * Generates with the first of `models` that succeeds: a full queue, a context overflow or a failed generation
 * (upstream down, timeout after the provider's retries) moves on to the next model. When none serves, the
 * error says why for each. With `onText` the text is streamed as it is generated; once a model has streamed any,
 * its failure is final (the client already has part of its answer): a 502 `stream_interrupted` error.
 */
export async function generateWithFallback(
  pool: ModelPool,
  models: string[],
  request: GenerationRequest,
  signal: AbortSignal | undefined,
  onFailure: (failure: AttemptFailure) => void = () => {},
  onText?: StreamedTextListener,
): Promise<ServedGeneration> {
  const failures: AttemptFailure[] = [];
  for (const name of models) {
    const model = pool.get(name);
    if (!model) throw new Error(`route names unknown model ${name}`);
    let streamed = false;
    const attempt: GenerationRequest = onText
      ? {
          ...request,
          onText: (text) => {
            streamed = true;
            onText(text, name, failures);
          },
        }
      : request;
    let failure: AttemptFailure;
    try {
      const result = await model.queue.run(
        () => firstResult(model.provider.generate([attempt], signal)),
        signal,
      );
      if (result.finishReason !== "error" && result.finishReason !== "context_overflow") {
        return { result, model: name, failures };
      }
      const kind = result.finishReason === "error" ? "error" : "context_overflow";
      failure = { model: name, kind, message: result.error ?? kind.replace("_", " ") };
    } catch (error) {
      if (signal?.aborted) throw error;
      failure =
        error instanceof QueueFullError
          ? { model: name, kind: "queue_full", message: error.message }
          : { model: name, kind: "error", message: (error as Error).message };
    }
    failures.push(failure);
    onFailure(failure);
    if (streamed) throw streamInterrupted(failure);
  }
  throw noModelServed(failures);
}

function streamInterrupted(failure: AttemptFailure): ApiError {
  return new ApiError(
    502,
    `${failure.model} failed after streaming part of its answer (${failure.message}); no fallback is possible.`,
    "server_error",
    "stream_interrupted",
  );
}

async function firstResult(results: AsyncIterable<GenerationResult>): Promise<GenerationResult> {
  for await (const result of results) return result;
  throw new Error("the model returned no result");
}

function noModelServed(failures: AttemptFailure[]): ApiError {
  const detail = failures.map((failure) => `${failure.model}: ${failure.message}`).join("; ");
  if (failures.every((failure) => failure.kind === "queue_full")) {
    return new ApiError(
      503,
      `All models for this request are busy (${detail}); retry later.`,
      "server_error",
      "model_busy",
      null,
      {
        "Retry-After": String(BUSY_RETRY_AFTER_SECONDS),
      },
    );
  }
  if (failures.every((failure) => failure.kind === "context_overflow")) {
    return new ApiError(
      400,
      `The prompt plus max_tokens exceeds the context window of every model for this request (${detail}).`,
      "invalid_request_error",
      "context_length_exceeded",
    );
  }
  return new ApiError(
    502,
    `No model could serve this request (${detail}).`,
    "server_error",
    "upstream_failed",
  );
}

import type { GenerationRequest, GenerationResult, ModelInfo, Provider } from "../../src/domain/provider.js";

/**
 * TEST DOUBLE, not a backend: a Provider that answers without a model, so the HTTP layer's behaviour (routing,
 * fallback, errors, limits) can be specified exactly. It echoes the last prompt text it got, or fails as told.
 * Asked to stream (`onText`), it sends the answer word by word.
 */
export class ScriptedProvider implements Provider {
  readonly info: ModelInfo;
  /** Every request it was asked to generate for, in order. */
  readonly received: GenerationRequest[] = [];
  closed = false;

  constructor(
    name: string,
    private readonly behaviour: {
      /** Makes the next generation fail like an unreachable upstream when it returns true. */
      fails?: () => boolean;
      /** Makes the next generation fail after streaming its first word when it returns true. */
      failsAfterText?: () => boolean;
      /** Milliseconds each generation takes. */
      delayMs?: number;
    } = {},
  ) {
    this.info = { spec: `scripted:${name}`, label: name, kind: "instruction-tuned" };
  }

  async *generate(requests: GenerationRequest[]): AsyncIterable<GenerationResult> {
    for (const request of requests) {
      this.received.push(request);
      if (this.behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, this.behaviour.delayMs));
      if (this.behaviour.fails?.()) {
        yield {
          id: request.id,
          text: "",
          promptTokens: 0,
          completionTokens: 0,
          latencyMs: 1,
          finishReason: "error",
          error: "connection refused",
        };
        continue;
      }
      const prompt =
        request.prompt.mode === "completion"
          ? request.prompt.text
          : (request.prompt.messages.at(-1)?.content ?? "");
      const text = `${this.info.label} says: ${prompt}`;
      const words = text.match(/\S+\s*|\s+/g) ?? [];
      if (this.behaviour.failsAfterText?.()) {
        request.onText?.(words[0] ?? "");
        yield {
          id: request.id,
          text: "",
          promptTokens: 0,
          completionTokens: 1,
          latencyMs: 1,
          finishReason: "error",
          error: "connection reset",
        };
        continue;
      }
      for (const word of words) request.onText?.(word);
      yield {
        id: request.id,
        text,
        promptTokens: prompt.split(/\s+/).length,
        completionTokens: 3,
        latencyMs: 1,
        finishReason: "stop",
      };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

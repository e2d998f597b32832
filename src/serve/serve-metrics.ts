import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { AttemptFailure } from "./fallback.js";
import type { ModelPool } from "./model-pool.js";

/** Labels of one finished request; `model` and `route` are "none" when no model was chosen (e.g. a 401). */
export interface RequestLabels {
  endpoint: string;
  model: string;
  route: string;
}

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's global one) so several servers
 * in one process, as in tests, do not mix their counts.
 */
export class ServeMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"endpoint" | "model" | "route" | "status">;
  private readonly errors: Counter<"endpoint" | "model" | "route" | "type">;
  private readonly duration: Histogram<"endpoint" | "model" | "route">;
  private readonly tokens: Counter<"model" | "kind">;
  private readonly fallbacks: Counter<"route" | "model" | "reason">;

  constructor(pool: ModelPool) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "slm_serve_" });
    this.requests = new Counter({
      name: "slm_serve_requests_total",
      help: "HTTP requests answered, by endpoint, served model, route and status code.",
      labelNames: ["endpoint", "model", "route", "status"],
      registers,
    });
    this.errors = new Counter({
      name: "slm_serve_errors_total",
      help: "Requests answered with an error, by endpoint, model, route and OpenAI error type.",
      labelNames: ["endpoint", "model", "route", "type"],
      registers,
    });
    this.duration = new Histogram({
      name: "slm_serve_request_duration_seconds",
      help: "Time from receiving a request to handing back its response, in seconds.",
      labelNames: ["endpoint", "model", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.tokens = new Counter({
      name: "slm_serve_tokens_total",
      help: "Tokens processed, by model and kind (prompt or completion).",
      labelNames: ["model", "kind"],
      registers,
    });
    this.fallbacks = new Counter({
      name: "slm_serve_fallbacks_total",
      help: "Models of a route that did not serve a request and passed it on, by route, model and reason.",
      labelNames: ["route", "model", "reason"],
      registers,
    });
    new Gauge({
      name: "slm_serve_queue_waiting",
      help: "Requests waiting for a model.",
      labelNames: ["model"],
      registers,
      collect() {
        for (const model of pool.all()) this.set({ model: model.name }, model.queue.depth);
      },
    });
    new Gauge({
      name: "slm_serve_queue_running",
      help: "Requests a model is working on.",
      labelNames: ["model"],
      registers,
      collect() {
        for (const model of pool.all()) this.set({ model: model.name }, model.queue.running);
      },
    });
  }

  observeRequest(labels: RequestLabels, status: number, seconds: number, errorType?: string): void {
    this.requests.inc({ ...labels, status: String(status) });
    this.duration.observe(labels, seconds);
    if (errorType) this.errors.inc({ ...labels, type: errorType });
  }

  observeTokens(model: string, promptTokens: number, completionTokens: number): void {
    this.tokens.inc({ model, kind: "prompt" }, promptTokens);
    this.tokens.inc({ model, kind: "completion" }, completionTokens);
  }

  observeFallback(route: string, failure: AttemptFailure): void {
    this.fallbacks.inc({ route, model: failure.model, reason: failure.kind });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

import { randomUUID } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { streamSSE } from "hono/streaming";
import type { RenderedPrompt } from "../domain/prompt.js";
import type { DecodingOptions } from "../domain/provider.js";
import type { RequestAspects, RequestClassifier, RouteDecision, Router } from "../domain/serve.js";
import { ResultQueue } from "../providers/result-queue.js";
import { ApiError, invalidRequest } from "./api-error.js";
import { type ApiKeys, bearerToken } from "./api-keys.js";
import { RESERVED_MODEL_NAME as AUTO_MODEL, type ServeLimits } from "./config.js";
import {
  type AttemptFailure,
  generateWithFallback,
  type ServedGeneration,
  type StreamedTextListener,
} from "./fallback.js";
import type { ModelPool } from "./model-pool.js";
import {
  chatCompletionRequestSchema,
  chatMessages,
  completionRequestSchema,
  decodingOptions,
  parseRequestBody,
  promptText,
} from "./openai-requests.js";
import {
  type ChunkFormat,
  chatCompletion,
  chatCompletionChunkFormat,
  responseIdentity,
  textCompletion,
  textCompletionChunkFormat,
} from "./openai-responses.js";
import { RateLimiter } from "./rate-limiter.js";
import { requestAspects } from "./request-aspects.js";
import { applyRoutePrompt } from "./route-prompt.js";
import type { RequestLabels, ServeMetrics } from "./serve-metrics.js";

export interface ServeAppOptions {
  pool: ModelPool;
  router: Router;
  /** Assigns aspects to auto requests that name none. */
  classifier?: RequestClassifier;
  limits: ServeLimits;
  apiKeys: ApiKeys;
  metrics: ServeMetrics;
  /** One line per request; never receives API keys. */
  log: (line: string) => void;
}

type ServeEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: { labels: RequestLabels; client: string; errorType: string | undefined };
};

/** A parsed API request, before routing. */
interface ServedRequest {
  model: string;
  aspects: RequestAspects;
  prompt: RenderedPrompt;
  decoding: DecodingOptions;
}

/** What a streamed request's generation reports: a piece of text, then the whole result. */
type StreamEvent =
  | { kind: "text"; text: string; model: string; failures: readonly AttemptFailure[] }
  | { kind: "done"; served: ServedGeneration };

const ENDPOINTS = new Set(["/health", "/metrics", "/v1/models", "/v1/chat/completions", "/v1/completions"]);

/** Header values must be printable ASCII; entity names from requests may not be. */
function headerValue(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (char) => encodeURIComponent(char));
}

/** The OpenAI-compatible API over the served models, with auth, limits, routing, metrics and request logs. */
export function createServeApp(options: ServeAppOptions): Hono<ServeEnv> {
  const { pool, router, classifier, limits, apiKeys, metrics, log } = options;
  const rateLimiter = limits.rateLimit ? new RateLimiter(limits.rateLimit) : undefined;
  const app = new Hono<ServeEnv>();

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      c.set("errorType", error.type);
      return c.json(error.body(), error.status, error.headers);
    }
    log(`internal error: ${error.stack ?? error.message}`);
    c.set("errorType", "server_error");
    return c.json(new ApiError(500, "Internal server error.", "server_error").body(), 500);
  });

  app.notFound((c) => {
    c.set("errorType", "invalid_request_error");
    const error = invalidRequest(`Unknown request URL: ${c.req.method} ${c.req.path}.`, null, "unknown_url");
    return c.json(error.body(), 404);
  });

  // Outermost: every response, errors included, is counted and logged once.
  app.use(async (c, next) => {
    const started = performance.now();
    const endpoint = ENDPOINTS.has(c.req.path) ? c.req.path : "other";
    c.set("labels", { endpoint, model: "none", route: "none" });
    c.set("client", c.env?.incoming?.socket.remoteAddress ?? "unknown");
    await next();
    const seconds = (performance.now() - started) / 1000;
    const labels = c.get("labels");
    metrics.observeRequest(labels, c.res.status, seconds, c.get("errorType"));
    log(
      `${c.req.method} ${c.req.path} ${c.res.status} model=${labels.model} route=${labels.route} ` +
        `client=${c.get("client")} ${(seconds * 1000).toFixed(1)}ms`,
    );
  });

  app.use(async (c, next) => {
    if (c.req.path === "/health" || !apiKeys.enabled) return next();
    const label = apiKeys.identify(bearerToken(c.req.header("authorization")) ?? "");
    if (!label) {
      throw new ApiError(
        401,
        "Missing or incorrect API key: send it as `Authorization: Bearer <key>`.",
        "invalid_request_error",
        "invalid_api_key",
      );
    }
    c.set("client", label);
    return next();
  });

  app.use("/v1/*", async (c, next) => {
    const decision = rateLimiter?.take(c.get("client"));
    if (decision && !decision.allowed) {
      throw new ApiError(
        429,
        `Rate limit reached for this API key: retry after ${decision.retryAfterSeconds} s.`,
        "rate_limit_error",
        "rate_limit_exceeded",
        null,
        { "Retry-After": String(decision.retryAfterSeconds) },
      );
    }
    return next();
  });

  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: (c) => {
        c.set("errorType", "invalid_request_error");
        const error = invalidRequest(
          `The request body exceeds the limit of ${limits.maxBodyBytes} bytes.`,
          null,
          "request_too_large",
        );
        return c.json(error.body(), 413);
      },
    }),
  );

  app.get("/health", (c) => c.json({ status: "ok", models: pool.names() }));

  app.get("/metrics", async (c) =>
    c.body(await metrics.text(), 200, { "Content-Type": metrics.contentType }),
  );

  const modelObject = (id: string) => ({ id, object: "model", created: 0, owned_by: "slm-eval" });
  const modelIds = () => [...pool.names(), AUTO_MODEL];

  app.get("/v1/models", (c) => c.json({ object: "list", data: modelIds().map(modelObject) }));

  app.get("/v1/models/:id", (c) => {
    const id = c.req.param("id");
    if (!modelIds().includes(id)) throw modelNotFound(id, modelIds());
    return c.json(modelObject(id));
  });

  const decide = (model: string, named: RequestAspects, prompt: RenderedPrompt): RouteDecision => {
    if (pool.get(model)) return { route: "direct", models: [model], reason: "requested model" };
    if (model !== AUTO_MODEL) throw modelNotFound(model, modelIds());
    const classified = classifier !== undefined && Object.keys(named).length === 0;
    const aspects = classified ? classifier.classify(requestInput(prompt)) : named;
    const routed = router.decide(aspects);
    const decision = routed && classified ? { ...routed, reason: `classified ${routed.reason}` } : routed;
    if (!decision) {
      throw invalidRequest("No route matches this request's aspects; name a model instead of auto.", "model");
    }
    return decision;
  };

  /** Picks the route and sets its headers and metric label. */
  const route = (
    c: Context<ServeEnv>,
    model: string,
    aspects: RequestAspects,
    prompt: RenderedPrompt,
  ): RouteDecision => {
    const decision = decide(model, aspects, prompt);
    c.get("labels").route = decision.route;
    c.header("x-slm-route", headerValue(decision.route));
    c.header("x-slm-reason", headerValue(decision.reason));
    return decision;
  };

  /** Names the serving model (and the models that failed before it) in the headers and metric labels. */
  const servedBy = (
    c: Context<ServeEnv>,
    decision: RouteDecision,
    model: string,
    failures: readonly AttemptFailure[],
  ): void => {
    c.get("labels").model = model;
    c.header("x-slm-model", headerValue(model));
    if (failures.length > 0) {
      const passed = failures.map((failure) => `${failure.model} ${failure.kind}`).join(", ");
      c.header("x-slm-reason", headerValue(`${decision.reason}; fallback after ${passed}`));
    }
  };

  const generate = (
    c: Context<ServeEnv>,
    decision: RouteDecision,
    prompt: RenderedPrompt,
    decoding: DecodingOptions,
    onText?: StreamedTextListener,
  ): Promise<ServedGeneration> =>
    generateWithFallback(
      pool,
      decision.models,
      { id: randomUUID(), prompt: applyRoutePrompt(prompt, decision.prompt), decoding },
      c.req.raw.signal,
      (failure) => metrics.observeFallback(decision.route, failure),
      onText,
    );

  /** Routes, generates with fallback, and sets the routing headers and metric labels. */
  const serve = async (c: Context<ServeEnv>, request: ServedRequest): Promise<ServedGeneration> => {
    const decision = route(c, request.model, request.aspects, request.prompt);
    const served = await generate(c, decision, request.prompt, request.decoding);
    servedBy(c, decision, served.model, served.failures);
    metrics.observeTokens(served.model, served.result.promptTokens, served.result.completionTokens);
    return served;
  };

  /**
   * Streams the answer as SSE while it is generated. The response starts at the first piece of text (or at the
   * whole result, when it has none), so failures before then still fall back or get a plain HTTP error; a failure
   * after it ends the stream with an OpenAI-style error event (`data: {"error": …}`) and no `[DONE]`.
   */
  const serveStreaming = async (
    c: Context<ServeEnv>,
    request: ServedRequest,
    formatFor: (model: string) => ChunkFormat,
  ) => {
    const decision = route(c, request.model, request.aspects, request.prompt);
    const events = new ResultQueue<StreamEvent>();
    generate(c, decision, request.prompt, request.decoding, (text, model, failures) =>
      events.push({ kind: "text", text, model, failures }),
    ).then(
      (served) => {
        events.push({ kind: "done", served });
        events.close();
      },
      (error: unknown) => events.fail(error),
    );
    const iterator = events[Symbol.asyncIterator]();
    const nextEvent = async (): Promise<StreamEvent> => {
      const next = await iterator.next();
      if (next.done) throw new Error("the generation ended without a result");
      return next.value;
    };
    const first = await nextEvent();
    const model = first.kind === "text" ? first.model : first.served.model;
    servedBy(c, decision, model, first.kind === "text" ? first.failures : first.served.failures);
    const format = formatFor(model);
    return streamSSE(c, async (stream) => {
      const send = (chunk: object) => stream.writeSSE({ data: JSON.stringify(chunk) });
      let streamedText = false;
      try {
        for (const chunk of format.opening()) await send(chunk);
        for (let event = first; ; event = await nextEvent()) {
          if (event.kind === "text") {
            streamedText = true;
            await send(format.content(event.text));
            continue;
          }
          const { result } = event.served;
          if (!streamedText && result.text !== "") await send(format.content(result.text));
          metrics.observeTokens(model, result.promptTokens, result.completionTokens);
          for (const chunk of format.closing(result)) await send(chunk);
          await stream.writeSSE({ data: "[DONE]" });
          return;
        }
      } catch (error) {
        if (stream.aborted || c.req.raw.signal.aborted) return;
        const apiError =
          error instanceof ApiError ? error : new ApiError(500, "Internal server error.", "server_error");
        log(`stream ended by an error: ${apiError.message}`);
        await send(apiError.body());
      }
    });
  };

  app.post("/v1/chat/completions", async (c) => {
    const body = parseRequestBody(chatCompletionRequestSchema, await c.req.text());
    const request: ServedRequest = {
      model: body.model,
      aspects: requestAspects(body.metadata ?? undefined, (name) => c.req.header(name)),
      prompt: { mode: "chat", messages: chatMessages(body) },
      decoding: decodingOptions(body, limits.maxTokens),
    };
    if (body.stream) {
      const includeUsage = body.stream_options?.include_usage === true;
      return serveStreaming(c, request, (model) =>
        chatCompletionChunkFormat(responseIdentity("chatcmpl", model), includeUsage),
      );
    }
    const served = await serve(c, request);
    return c.json(chatCompletion(responseIdentity("chatcmpl", served.model), served.result));
  });

  app.post("/v1/completions", async (c) => {
    const body = parseRequestBody(completionRequestSchema, await c.req.text());
    const request: ServedRequest = {
      model: body.model,
      aspects: requestAspects(body.metadata ?? undefined, (name) => c.req.header(name)),
      prompt: { mode: "completion", text: promptText(body) },
      decoding: decodingOptions(body, limits.maxTokens),
    };
    if (body.stream) {
      const includeUsage = body.stream_options?.include_usage === true;
      return serveStreaming(c, request, (model) =>
        textCompletionChunkFormat(responseIdentity("cmpl", model), includeUsage),
      );
    }
    const served = await serve(c, request);
    return c.json(textCompletion(responseIdentity("cmpl", served.model), served.result));
  });

  return app;
}

/** The text a request asks about: the completion prompt, or the last user message of a chat. */
function requestInput(prompt: RenderedPrompt): string {
  if (prompt.mode === "completion") return prompt.text;
  return prompt.messages.findLast((message) => message.role === "user")?.content ?? "";
}

function modelNotFound(model: string, available: string[]): ApiError {
  return new ApiError(
    404,
    `The model \`${model}\` does not exist; available: ${available.join(", ")}.`,
    "invalid_request_error",
    "model_not_found",
    "model",
  );
}

import { randomUUID } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { streamSSE } from "hono/streaming";
import type { RenderedPrompt } from "../domain/prompt.js";
import type { RequestAspects, RequestClassifier, RouteDecision, Router } from "../domain/serve.js";
import { ApiError, invalidRequest } from "./api-error.js";
import { type ApiKeys, bearerToken } from "./api-keys.js";
import { RESERVED_MODEL_NAME as AUTO_MODEL, type ServeLimits } from "./config.js";
import { generateWithFallback, type ServedGeneration } from "./fallback.js";
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
  chatCompletion,
  chatCompletionChunks,
  responseIdentity,
  textCompletion,
  textCompletionChunks,
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

  /** Routes, generates with fallback, and sets the routing headers and metric labels. */
  const serve = async (
    c: Context<ServeEnv>,
    model: string,
    aspects: RequestAspects,
    prompt: RenderedPrompt,
    decoding: ReturnType<typeof decodingOptions>,
  ): Promise<ServedGeneration> => {
    const decision = decide(model, aspects, prompt);
    const labels = c.get("labels");
    labels.route = decision.route;
    c.header("x-slm-route", headerValue(decision.route));
    c.header("x-slm-reason", headerValue(decision.reason));
    const served = await generateWithFallback(
      pool,
      decision.models,
      { id: randomUUID(), prompt: applyRoutePrompt(prompt, decision.prompt), decoding },
      c.req.raw.signal,
      (failure) => metrics.observeFallback(decision.route, failure),
    );
    labels.model = served.model;
    metrics.observeTokens(served.model, served.result.promptTokens, served.result.completionTokens);
    c.header("x-slm-model", headerValue(served.model));
    if (served.failures.length > 0) {
      const passed = served.failures.map((failure) => `${failure.model} ${failure.kind}`).join(", ");
      c.header("x-slm-reason", headerValue(`${decision.reason}; fallback after ${passed}`));
    }
    return served;
  };

  const streamChunks = (c: Context<ServeEnv>, chunks: object[]) =>
    streamSSE(c, async (stream) => {
      for (const chunk of chunks) await stream.writeSSE({ data: JSON.stringify(chunk) });
      await stream.writeSSE({ data: "[DONE]" });
    });

  app.post("/v1/chat/completions", async (c) => {
    const request = parseRequestBody(chatCompletionRequestSchema, await c.req.text());
    const aspects = requestAspects(request.metadata ?? undefined, (name) => c.req.header(name));
    const prompt: RenderedPrompt = { mode: "chat", messages: chatMessages(request) };
    const served = await serve(c, request.model, aspects, prompt, decodingOptions(request, limits.maxTokens));
    const identity = responseIdentity("chatcmpl", served.model);
    if (!request.stream) return c.json(chatCompletion(identity, served.result));
    const includeUsage = request.stream_options?.include_usage === true;
    return streamChunks(c, chatCompletionChunks(identity, served.result, includeUsage));
  });

  app.post("/v1/completions", async (c) => {
    const request = parseRequestBody(completionRequestSchema, await c.req.text());
    const aspects = requestAspects(request.metadata ?? undefined, (name) => c.req.header(name));
    const prompt: RenderedPrompt = { mode: "completion", text: promptText(request) };
    const served = await serve(c, request.model, aspects, prompt, decodingOptions(request, limits.maxTokens));
    const identity = responseIdentity("cmpl", served.model);
    if (!request.stream) return c.json(textCompletion(identity, served.result));
    const includeUsage = request.stream_options?.include_usage === true;
    return streamChunks(c, textCompletionChunks(identity, served.result, includeUsage));
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

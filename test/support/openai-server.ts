import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatMessage, RenderedPrompt } from "../../src/domain/prompt.js";
import type { DecodingOptions, GenerationResult, Provider } from "../../src/domain/provider.js";

/** A failure the server injects instead of answering. */
export type Fault =
  | { kind: "status"; status: number; message?: string; retryAfter?: string; retryAfterMs?: number }
  /** Never answers; the client's timeout has to end the attempt. */
  | { kind: "hang" }
  /** Destroys the connection before answering. */
  | { kind: "reset" };

export interface FaultContext {
  /** 1-based number of this HTTP request at the server. */
  serial: number;
  /** 1-based number of this request body at the server: retries of the same request count up. */
  attempt: number;
  /** Requests being handled right now, this one included. */
  inFlight: number;
  path: string;
  /** The request body as sent. */
  body: string;
}

export interface OpenAITestServerOptions {
  /** The model behind the server: real generations, e.g. the embedded llama.cpp provider. */
  provider: Provider;
  modelName: string;
  /** When set, requests must carry it as a Bearer token (401 otherwise, echoing the wrong key as some servers do). */
  apiKey?: string;
  faults?: (context: FaultContext) => Fault | undefined;
}

export interface OpenAITestServer {
  /** Base URL for the SDK, ending in /v1. */
  baseURL: string;
  stats: {
    requests: number;
    answered: number;
    faults: Record<string, number>;
    maxInFlight: number;
    /** Server-side handling time of each answered request (body received → response written), ms. */
    serverMs: number[];
    /** The same times keyed by the request's prompt (completion text, or the messages' JSON). */
    serverMsByPrompt: Record<string, number>;
    authorization: string[];
  };
  close(): Promise<void>;
}

/**
 * A small OpenAI-compatible server over node:http for tests and benchmarks: POST /v1/completions and
 * /v1/chat/completions answered by a real Provider, with optional failure injection; GET /v1/test-stats returns
 * `stats` (for a server in another process). Stands in until `slm-eval serve` can be started by tests.
 */
export async function startOpenAITestServer(options: OpenAITestServerOptions): Promise<OpenAITestServer> {
  const attempts = new Map<string, number>();
  let inFlight = 0;
  const stats: OpenAITestServer["stats"] = {
    requests: 0,
    answered: 0,
    faults: {},
    maxInFlight: 0,
    serverMs: [],
    serverMsByPrompt: {},
    authorization: [],
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    if (request.method === "GET" && request.url === "/v1/test-stats") return sendJson(response, 200, stats);
    const started = performance.now();
    const serial = ++stats.requests;
    const path = request.url ?? "";
    const attempt = (attempts.get(body) ?? 0) + 1;
    attempts.set(body, attempt);
    stats.authorization.push(request.headers.authorization ?? "");
    const fault = options.faults?.({ serial, attempt, inFlight, path, body });
    if (fault) {
      const name = fault.kind === "status" ? String(fault.status) : fault.kind;
      stats.faults[name] = (stats.faults[name] ?? 0) + 1;
      if (fault.kind === "reset") return void request.socket.destroy();
      if (fault.kind === "hang") return;
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
      return sendError(response, fault.status, fault.message ?? `injected ${fault.status}`, headers);
    }
    if (request.method !== "POST" || !/^\/v1\/(chat\/)?completions$/.test(path)) {
      return sendError(response, 404, `no route ${request.method} ${path}`);
    }
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      const given = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      return sendError(response, 401, `Incorrect API key provided: ${given}`);
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return sendError(response, 400, "body is not JSON");
    }
    if (parsed.model !== options.modelName)
      return sendError(response, 404, `model ${String(parsed.model)} not found`);
    const chat = path.endsWith("/chat/completions");
    const prompt: RenderedPrompt = chat
      ? { mode: "chat", messages: parsed.messages as ChatMessage[] }
      : { mode: "completion", text: String(parsed.prompt) };
    const result = await generateOne(options.provider, prompt, decodingFrom(parsed));
    if (result.finishReason === "context_overflow") {
      return sendError(
        response,
        400,
        `This model's maximum context length is exceeded: ${result.error ?? ""}`,
      );
    }
    if (result.finishReason === "error") return sendError(response, 500, result.error ?? "generation failed");
    const finish_reason = result.finishReason === "length" ? "length" : "stop";
    const usage = {
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      total_tokens: result.promptTokens + result.completionTokens,
    };
    const created = Math.floor(Date.now() / 1000);
    const choice = chat
      ? { index: 0, message: { role: "assistant", content: result.text }, finish_reason, logprobs: null }
      : { index: 0, text: result.text, finish_reason, logprobs: null };
    sendJson(response, 200, {
      id: `test-${serial}`,
      object: chat ? "chat.completion" : "text_completion",
      created,
      model: options.modelName,
      choices: [choice],
      usage,
    });
    stats.answered++;
    const elapsed = performance.now() - started;
    stats.serverMs.push(elapsed);
    stats.serverMsByPrompt[prompt.mode === "chat" ? JSON.stringify(prompt.messages) : prompt.text] = elapsed;
  };

  const server = createServer((request, response) => {
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    response.on("close", done);
    request.socket.on("close", done);
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, String(error));
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function generateOne(
  provider: Provider,
  prompt: RenderedPrompt,
  decoding: DecodingOptions,
): Promise<GenerationResult> {
  for await (const result of provider.generate([{ id: "0", prompt, decoding }])) return result;
  throw new Error("the provider returned no result");
}

function decodingFrom(body: Record<string, unknown>): DecodingOptions {
  const number = (key: string) => (typeof body[key] === "number" ? (body[key] as number) : undefined);
  const stop =
    typeof body.stop === "string"
      ? [body.stop]
      : Array.isArray(body.stop)
        ? (body.stop as string[])
        : undefined;
  const decoding: DecodingOptions = {
    maxNewTokens: number("max_tokens") ?? 16,
    temperature: number("temperature") ?? 1,
  };
  const topK = number("top_k");
  const topP = number("top_p");
  const seed = number("seed");
  if (topK !== undefined) decoding.topK = topK;
  if (topP !== undefined) decoding.topP = topP;
  if (seed !== undefined) decoding.seed = seed;
  if (stop) decoding.stop = stop;
  return decoding;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  sendJson(response, status, { error: { message, type: "test_server_error", code: status } }, headers);
}

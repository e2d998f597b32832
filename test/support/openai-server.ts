import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { parseServeConfig } from "../../src/serve/config.js";
import { openBackend } from "../../src/serve/open-backend.js";
import { startServe } from "../../src/serve/server.js";
import { tinyModelPath } from "./embedded-model.js";

/** A failure the proxy injects instead of (or, for `cut-stream`, while) forwarding the request. */
export type Fault =
  | { kind: "status"; status: number; message?: string; retryAfter?: string; retryAfterMs?: number }
  /** Never answers; the client's timeout has to end the attempt. */
  | { kind: "hang" }
  /** Destroys the connection before answering. */
  | { kind: "reset" }
  /** Forwards the request, relays serve's answer up to its first server-sent event, then drops the connection. */
  | { kind: "cut-stream" };

export interface FaultContext {
  /** 1-based number of this HTTP request at the proxy. */
  serial: number;
  /** 1-based number of this request body at the proxy: retries of the same request count up. */
  attempt: number;
  /** Requests being handled right now, this one included. */
  inFlight: number;
  path: string;
  /** The request body as sent. */
  body: string;
}

export interface OpenAITestServerOptions {
  /** The `model` name the served tiny model answers to. */
  modelName: string;
  /** When set, serve requires it as a Bearer token (401 otherwise). */
  apiKey?: string;
  faults?: (context: FaultContext) => Fault | undefined;
}

export interface OpenAITestServer {
  /** Base URL for the SDK, ending in /v1. */
  baseURL: string;
  stats: {
    requests: number;
    /** Requests forwarded to serve that it answered with a 2xx status. */
    answered: number;
    faults: Record<string, number>;
    maxInFlight: number;
    /** Handling time of each answered request (body received → serve's response relayed), ms. */
    serverMs: number[];
    /** The same times keyed by the request's prompt (completion text, or the messages' JSON). */
    serverMsByPrompt: Record<string, number>;
    authorization: string[];
  };
  close(): Promise<void>;
}

/**
 * A real `slm-eval serve` (in-process, on 127.0.0.1, over the tiny fixture GGUF with one thread) behind a small
 * HTTP proxy that injects failures: each request either gets its fault or is forwarded verbatim to serve and the
 * answer streamed back. GET /v1/test-stats returns `stats` (for a proxy in another process).
 */
export async function startOpenAITestServer(options: OpenAITestServerOptions): Promise<OpenAITestServer> {
  const config = parseServeConfig(
    JSON.stringify({
      models: [
        { name: options.modelName, spec: `llama-cpp:${tinyModelPath()}`, threads: 1, contextSize: 4096 },
      ],
    }),
    "openai-test-server.yaml",
  );
  const serve = await startServe({
    config,
    openProvider: openBackend,
    host: "127.0.0.1",
    port: 0,
    apiKeys: options.apiKey !== undefined ? [options.apiKey] : [],
    log: () => {},
    shutdownGraceMs: 1_000,
  });
  const upstream = new URL(serve.url);
  const agent = new Agent({ keepAlive: true });

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
      if (fault.kind === "cut-stream")
        return void (await forward(request, body, response, { cutAfterFirstEvent: true }));
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
      const message = fault.message ?? `injected ${fault.status}`;
      return sendJson(
        response,
        fault.status,
        { error: { message, type: "injected_fault", code: null } },
        headers,
      );
    }
    const answer = await forward(request, body, response);
    if (answer >= 200 && answer < 300) {
      stats.answered++;
      const elapsed = performance.now() - started;
      stats.serverMs.push(elapsed);
      stats.serverMsByPrompt[promptKey(body)] = elapsed;
    }
  };

  /** Sends the request as received to serve and relays its answer; resolves with serve's status once relayed. */
  const forward = (
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
    { cutAfterFirstEvent = false } = {},
  ): Promise<number> =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          agent,
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
          if (cutAfterFirstEvent)
            return cutAfterFirstSseEvent(answer, response, () => resolve(answer.statusCode ?? 502));
          answer.pipe(response);
          answer.on("end", () => resolve(answer.statusCode ?? 502));
          answer.on("error", reject);
        },
      );
      // A client that gives up (timeout, abort) takes its request at serve with it.
      response.on("close", () => {
        if (!response.writableFinished) outgoing.destroy();
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });

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
      if (!response.headersSent) {
        sendJson(response, 502, {
          error: { message: `proxy: ${String(error)}`, type: "proxy_error", code: null },
        });
      } else response.destroy();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    stats,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      agent.destroy();
      await serve.close();
    },
  };
}

/** Relays `answer` up to the end of its first server-sent event ("\n\n"), then destroys the client's connection. */
function cutAfterFirstSseEvent(answer: IncomingMessage, response: ServerResponse, done: () => void): void {
  let relayed = "";
  answer.setEncoding("utf8");
  answer.on("data", (chunk: string) => {
    const end = (relayed + chunk).indexOf("\n\n");
    if (end < 0) {
      relayed += chunk;
      response.write(chunk);
      return;
    }
    response.write(chunk.slice(0, end + 2 - relayed.length), () => {
      response.destroy();
      answer.destroy();
      done();
    });
    answer.removeAllListeners("data");
  });
}

/** The prompt a request carries: completion text, or the chat messages' JSON. */
function promptKey(body: string): string {
  try {
    const parsed = JSON.parse(body) as { prompt?: unknown; messages?: unknown };
    return typeof parsed.prompt === "string" ? parsed.prompt : JSON.stringify(parsed.messages);
  } catch {
    return body;
  }
}

/** The body as UTF-8 text: the JSON clients send, which re-encodes to the same bytes when forwarded. */
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

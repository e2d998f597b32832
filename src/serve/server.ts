import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { RequestClassifier, Router } from "../domain/serve.js";
import { ApiKeys } from "./api-keys.js";
import { createServeApp } from "./app.js";
import type { ServeConfig } from "./config.js";
import { ModelPool, type OpenProvider } from "./model-pool.js";
import { ServeMetrics } from "./serve-metrics.js";
import { StaticRouter } from "./static-router.js";

export interface StartServeOptions {
  config: ServeConfig;
  openProvider: OpenProvider;
  host: string;
  /** 0 picks a free port. */
  port: number;
  apiKeys: string[];
  log: (line: string) => void;
  /** Replaces the config's static routing table. */
  router?: Router;
  /** Assigns aspects to auto requests that name none. */
  classifier?: RequestClassifier;
  /** How long shutdown waits for in-flight requests before cutting their connections. */
  shutdownGraceMs?: number;
}

export interface RunningServe {
  url: string;
  port: number;
  models: string[];
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then releases every model. */
  close(): Promise<void>;
}

/** Loads the models, then listens. Nothing listens until every model has loaded. */
export async function startServe(options: StartServeOptions): Promise<RunningServe> {
  const { config } = options;
  const pool = await ModelPool.open(config.models, options.openProvider);
  try {
    // Without a configured fallback, `model: "auto"` requests that match no route go to the models in config order.
    const routing = { ...config.routing, fallback: config.routing.fallback ?? { models: pool.names() } };
    const app = createServeApp({
      pool,
      router: options.router ?? new StaticRouter(routing),
      ...(options.classifier ? { classifier: options.classifier } : {}),
      limits: config.limits,
      apiKeys: new ApiKeys(options.apiKeys),
      metrics: new ServeMetrics(pool),
      log: options.log,
    });
    const server = await listen(app.fetch, options.host, options.port);
    const inFlight = trackInFlight(server);
    const port = (server.address() as AddressInfo).port;
    const hostInUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${hostInUrl}:${port}`,
      port,
      models: pool.names(),
      close: () => {
        closing ??= shutDown(server, inFlight, options.shutdownGraceMs ?? 30_000).finally(() => pool.close());
        return closing;
      },
    };
  } catch (error) {
    await pool.close();
    throw error;
  }
}

function listen(fetch: Parameters<typeof serve>[0]["fetch"], host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, () => resolve(server as Server)) as Server;
    server.once("error", reject);
  });
}

interface InFlight {
  count(): number;
  /** Resolves when no request is in flight. */
  drained(): Promise<void>;
}

function trackInFlight(server: Server): InFlight {
  let active = 0;
  let waiters: Array<() => void> = [];
  server.on("request", (_request, response) => {
    active++;
    response.once("close", () => {
      active--;
      if (active === 0) {
        for (const wake of waiters) wake();
        waiters = [];
      }
    });
  });
  return {
    count: () => active,
    drained: () => (active === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}

async function shutDown(server: Server, inFlight: InFlight, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([inFlight.drained(), graceOver]);
  clearTimeout(timer);
  // Keep-alive connections that carried the last responses are idle now; past the grace period, cut the rest.
  server.closeAllConnections();
  await closed;
}

import { Worker } from "node:worker_threads";
import type { LexicalMetricName, MetricScores } from "../domain/metric.js";
import type { ScoringPair } from "./lexical.js";

export interface LexicalWorkerRequest {
  id: number;
  pairs: readonly ScoringPair[];
  metrics: readonly LexicalMetricName[];
}

export type LexicalWorkerResponse =
  | { id: number; scores: MetricScores[]; error?: undefined }
  | { id: number; error: string; scores?: undefined };

interface Pending {
  resolve: (scores: MetricScores[]) => void;
  reject: (error: Error) => void;
}

/**
 * Lexical scoring spread over worker threads. Each batch goes to the worker with the fewest batches in flight; the
 * metrics are pure, so results do not depend on which worker scored them.
 */
export class LexicalWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly inFlight: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(size: number) {
    for (let k = 0; k < size; k++) {
      const worker = startWorker(new URL(`./lexical-worker${moduleExtension()}`, import.meta.url));
      worker.on("message", (response: LexicalWorkerResponse) => this.settle(k, response));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`lexical scoring worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.inFlight.push(0);
    }
  }

  score(pairs: readonly ScoringPair[], metrics: readonly LexicalMetricName[]): Promise<MetricScores[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    let chosen = 0;
    for (let k = 1; k < this.workers.length; k++) {
      if ((this.inFlight[k] as number) < (this.inFlight[chosen] as number)) chosen = k;
    }
    const id = this.nextId++;
    this.inFlight[chosen] = (this.inFlight[chosen] as number) + 1;
    const request: LexicalWorkerRequest = { id, pairs, metrics };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.workers[chosen] as Worker).postMessage(request);
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private settle(worker: number, response: LexicalWorkerResponse): void {
    this.inFlight[worker] = (this.inFlight[worker] as number) - 1;
    const pending = this.pending.get(response.id);
    if (pending === undefined) return;
    this.pending.delete(response.id);
    if (response.scores !== undefined) pending.resolve(response.scores);
    else pending.reject(new Error(`lexical scoring failed in a worker: ${response.error}`));
  }

  private fail(error: Error): void {
    if (this.workers.length === 0) return;
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** `.ts` when this module runs from source under tsx, `.js` when built. */
function moduleExtension(): string {
  return import.meta.url.endsWith(".ts") ? ".ts" : ".js";
}

function startWorker(moduleUrl: URL): Worker {
  if (moduleUrl.pathname.endsWith(".ts")) {
    // Running from source (tests, benchmarks): workers do not inherit tsx's loader, so register it first.
    const bootstrap = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
    return new Worker(bootstrap, { eval: true });
  }
  return new Worker(moduleUrl);
}

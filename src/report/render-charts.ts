import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ChartSpec } from "./chart-options.js";
import { type RenderedChart, renderChart } from "./render-chart.js";

/** Below this many charts a worker's start-up (loading ECharts) costs more than it saves. */
const CHARTS_PER_WORKER = 12;

/**
 * Renders charts to SVG (and PNG), spread over threads when there are many: ECharts and resvg are CPU-bound and
 * single-threaded, so a report with a hundred charts uses every core. This thread renders one share itself (it
 * has ECharts loaded already and would otherwise wait idle); worker threads render the others. Output order =
 * input order.
 */
export async function renderCharts(charts: readonly ChartSpec[], png: boolean): Promise<RenderedChart[]> {
  const threads = Math.min(availableParallelism(), 4, Math.floor(charts.length / CHARTS_PER_WORKER));
  if (threads < 2) return charts.map((chart) => renderChart(chart, png));
  const shares = Array.from({ length: threads }, (_, k) => charts.filter((_, i) => i % threads === k));
  const inWorkers = shares.slice(1).map((share) => renderInWorker(share, png));
  const here = (shares[0] as ChartSpec[]).map((chart) => renderChart(chart, png));
  const results = [here, ...(await Promise.all(inWorkers))];
  return charts.map((_, i) => results[i % threads]?.[Math.floor(i / threads)] as RenderedChart);
}

function renderInWorker(charts: ChartSpec[], png: boolean): Promise<RenderedChart[]> {
  const moduleUrl = new URL(
    `./chart-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`,
    import.meta.url,
  );
  const workerData = { charts, png };
  // From source (tests, benchmarks) workers do not inherit tsx's loader, so it is registered first.
  const worker = moduleUrl.pathname.endsWith(".ts")
    ? new Worker(
        `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(moduleUrl.href)}); });`,
        { eval: true, workerData },
      )
    : new Worker(moduleUrl, { workerData });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once("message", (rendered: RenderedChart[]) => {
      settled = true;
      resolve(rendered);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`chart rendering worker exited with code ${code} before finishing`));
    });
  });
}

import { parentPort, workerData } from "node:worker_threads";
import type { ChartSpec } from "./chart-options.js";
import { renderChart } from "./render-chart.js";

/** Worker side of renderCharts: renders its share of the charts and posts the SVG (and PNG) back. */
const { charts, png } = workerData as { charts: ChartSpec[]; png: boolean };
parentPort?.postMessage(charts.map((chart) => renderChart(chart, png)));

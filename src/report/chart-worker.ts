import { parentPort, workerData } from "node:worker_threads";
import type { ChartSpec } from "./chart-options.js";
import { renderChartSvg, svgToPng } from "./render-chart.js";

/** Worker side of renderCharts: renders its share of the charts and posts the SVG (and PNG) back. */
const { charts, png } = workerData as { charts: ChartSpec[]; png: boolean };
const rendered = charts.map((chart) => {
  const svg = renderChartSvg(chart);
  return { svg, png: png ? svgToPng(svg, chart.width) : undefined };
});
parentPort?.postMessage(rendered);

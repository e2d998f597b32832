import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AnalysisResult } from "../domain/analysis.js";
import type { Taxonomy } from "../domain/taxonomy.js";
import { reportHtml } from "./html-page.js";
import { kitTableFiles, type ReportFile } from "./kit-tables.js";
import { renderCharts } from "./render-charts.js";
import { reportCharts } from "./report-charts.js";

/** The minified ECharts build shipped in the package, inlined so the page works offline. */
export async function echartsBrowserBundle(): Promise<string> {
  const require = createRequire(import.meta.url);
  return readFile(require.resolve("echarts/dist/echarts.min.js"), "utf8");
}

export interface BuildReportOptions {
  taxonomy: Taxonomy;
  /** Also rasterise every chart to PNG (slower; SVG is always written). */
  png: boolean;
  onProgress?: (message: string) => void;
}

/** Every file of the report: index.html, charts (SVG, PNG) and the kit-layout tables. */
export async function buildReport(
  result: AnalysisResult,
  options: BuildReportOptions,
): Promise<ReportFile[]> {
  const charts = reportCharts(result, options.taxonomy);
  const files: ReportFile[] = [...kitTableFiles(result)];
  options.onProgress?.(`rendering ${charts.length} charts`);
  const rendered = await renderCharts(charts, options.png);
  charts.forEach((chart, index) => {
    const { svg, png } = rendered[index] as { svg: string; png?: Uint8Array };
    files.push({ path: `${chart.file}.svg`, content: svg });
    if (png) files.push({ path: `${chart.file}.png`, content: png });
  });
  files.push({ path: "index.html", content: reportHtml(result, charts, await echartsBrowserBundle()) });
  return files;
}

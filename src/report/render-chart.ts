import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import type { ChartSpec } from "./chart-options.js";

/**
 * ECharts' single-file build (dist/echarts.js, what `require` resolves to) rather than its ES modules: one file
 * instead of ~600 loads 3-4x faster, which every chart-rendering worker pays at start-up.
 */
const echarts: typeof import("echarts") = createRequire(import.meta.url)("echarts");

/** Renders a chart to SVG on the server (no DOM): ECharts' SSR mode. */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, {
    renderer: "svg",
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  try {
    chart.setOption(spec.option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const DEJAVU = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map(
  (name) => `/usr/share/fonts/truetype/dejavu/${name}`,
);

/** Loading two known font files is much faster than scanning every system font for each chart. */
const FONT_OPTIONS = DEJAVU.every((file) => existsSync(file))
  ? { loadSystemFonts: false, fontFiles: DEJAVU, defaultFontFamily: "DejaVu Sans" }
  : { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" };

/** Rasterises an SVG to PNG at its own size, with DejaVu Sans (or the system fonts where it is absent). */
export function svgToPng(svg: string, width: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: width },
    background: "#ffffff",
    font: FONT_OPTIONS,
  });
  return new Uint8Array(resvg.render().asPng());
}

export interface RenderedChart {
  svg: string;
  png?: Uint8Array;
}

/** One chart as SVG, and as PNG rasterised from that same SVG when asked. */
export function renderChart(spec: ChartSpec, png: boolean): RenderedChart {
  const svg = renderChartSvg(spec);
  return png ? { svg, png: svgToPng(svg, spec.width) } : { svg };
}

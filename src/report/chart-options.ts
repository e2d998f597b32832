import type { EChartsOption } from "echarts";
import { styleId } from "../analysis/prompt-styles.js";
import type {
  CorrelationMatrix,
  LeaderboardEntry,
  ModelComparison,
  PromptStyleTable,
} from "../domain/analysis.js";

/**
 * Colour-blind-safe categorical palette: Okabe–Ito's eight, then Paul Tol's muted colours for larger model sets.
 */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#F0E442",
  "#000000",
  "#882255",
  "#44AA99",
  "#999933",
  "#AA4499",
  "#332288",
  "#888888",
];

export const FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

/** Chart options are plain JSON (no functions), so the same object renders server-side and in the page. */
export interface ChartSpec {
  id: string;
  title: string;
  width: number;
  height: number;
  option: EChartsOption;
}

const ASPECT_TITLES = {
  "task-types": "task types",
  domains: "domains",
  reasoning: "reasoning types",
} as const;

function base(title: string, subtitle: string): EChartsOption {
  return {
    color: PALETTE,
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: FONT },
    animation: false,
    title: { text: title, subtext: subtitle, left: "center", textStyle: { fontSize: 16 } },
  };
}

function round(value: number | null | undefined, digits = 2): number | null {
  return value === null || value === undefined ? null : Number(value.toFixed(digits));
}

/** Radar: one polygon per model over the entities of one aspect, each model at its best style per entity. */
export function radarChart(
  id: string,
  comparison: ModelComparison,
  metricLabel: string,
  subset: string,
): ChartSpec {
  const values = comparison.rows.flatMap((row) => row.values.filter((v): v is number => v !== null));
  const min = Math.max(0, Math.floor((Math.min(...values) - 5) / 5) * 5);
  const max = Math.min(100, Math.ceil((Math.max(...values) + 1) / 5) * 5);
  return {
    id,
    title: `${subset}: ${ASPECT_TITLES[comparison.aspect]}`,
    width: 900,
    height: 700,
    option: {
      ...base(
        `Models across ${ASPECT_TITLES[comparison.aspect]} (${subset})`,
        `${metricLabel} at each model's best prompt style`,
      ),
      // A plain legend wraps over rows: a static SVG/PNG cannot page through a scrolling one, so none is hidden.
      legend: { type: "plain", bottom: 8, left: 20, right: 20, itemGap: 18, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "item" },
      radar: {
        center: ["50%", "54%"],
        radius: "62%",
        indicator: comparison.rows.map((row) => ({ name: row.entity, min, max })),
        axisName: { color: "#222", fontSize: 12 },
        splitArea: { areaStyle: { color: ["#f7f7f7", "#ffffff"] } },
      },
      series: [
        {
          type: "radar",
          symbolSize: 4,
          lineStyle: { width: 2 },
          data: comparison.models.map((model, i) => ({
            name: model,
            value: comparison.rows.map((row) => round(row.values[i]) ?? min),
          })),
        },
      ],
    },
  };
}

/** Line graph: score vs number of examples, one line per entity, with or without the task definition. */
export function examplesLineChart(
  id: string,
  table: PromptStyleTable,
  withDefinition: boolean,
  metricLabel: string,
  range: { min: number; max: number },
): ChartSpec {
  const examples = [0, 2, 4, 8];
  return {
    id,
    title: `${table.model}: ${ASPECT_TITLES[table.aspect]}, ${withDefinition ? "with" : "without"} definition`,
    width: 1000,
    height: 640,
    option: {
      ...base(
        `${table.model}: ${ASPECT_TITLES[table.aspect]}, ${withDefinition ? "with" : "without"} task definition`,
        `${metricLabel} by number of in-context examples`,
      ),
      // Legend below the plot, wrapping over as many rows as needed: long entity names are never cut off.
      grid: { left: 80, right: 40, top: 80, bottom: 150 },
      legend: { type: "plain", bottom: 8, left: 20, right: 20, itemGap: 22, textStyle: { fontSize: 12 } },
      tooltip: { trigger: "axis" },
      xAxis: {
        type: "category",
        name: "Positive examples",
        nameLocation: "middle",
        nameGap: 30,
        data: examples.map(String),
      },
      yAxis: {
        type: "value",
        name: metricLabel,
        nameLocation: "middle",
        nameGap: 48,
        // Whole multiples of 5 around the model's range (both definition settings share it, as in the kit).
        min: Math.floor((range.min - 1) / 5) * 5,
        max: Math.min(100, Math.ceil((range.max + 1) / 5) * 5),
      },
      series: table.rows.map((row) => ({
        type: "line",
        name: row.entity,
        symbol: "emptyCircle",
        symbolSize: 7,
        data: examples.map((k) => {
          const column = table.styles.indexOf(styleId({ examples: k, withDefinition }));
          return column < 0 ? null : round(row.values[column]);
        }),
      })),
    },
  };
}

/** Heatmap of Pearson correlations between models over shared prompts. */
export function correlationHeatmap(id: string, matrix: CorrelationMatrix, metricLabel: string): ChartSpec {
  const data: Array<[number, number, number | null]> = [];
  matrix.models.forEach((_, i) => {
    matrix.models.forEach((__, j) => {
      data.push([j, i, round(matrix.values[i]?.[j], 3)]);
    });
  });
  const size = Math.max(520, 160 + matrix.models.length * 60);
  return {
    id,
    title: "Correlation of models across prompts",
    width: size + 120,
    height: size,
    option: {
      ...base("Correlation of models across prompts", `Pearson r of per-prompt ${metricLabel}`),
      grid: { left: 150, right: 110, top: 80, bottom: 110 },
      tooltip: { position: "top" },
      xAxis: { type: "category", data: matrix.models, axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: "category", inverse: true, data: matrix.models, axisLabel: { interval: 0 } },
      visualMap: {
        min: -1,
        max: 1,
        calculable: true,
        orient: "vertical",
        right: 10,
        top: "center",
        // Blue–white–orange diverging scale: readable with red–green colour blindness.
        inRange: { color: ["#2166ac", "#f7f7f7", "#e08214"] },
      },
      series: [
        {
          type: "heatmap",
          data,
          label: { show: matrix.models.length <= 12, fontSize: 11 },
        },
      ],
    },
  };
}

/** Bars of each model's value with its 95% interval as a whisker; reference results have no whisker. */
export function intervalBarChart(
  id: string,
  title: string,
  entries: LeaderboardEntry[],
  metricLabel: string,
): ChartSpec {
  const sorted = [...entries].sort((a, b) => b.value - a.value);
  const lows = sorted.map((e) => e.interval?.low ?? e.value);
  const highs = sorted.map((e) => e.interval?.high ?? e.value);
  const min = Math.max(0, Math.floor(Math.min(...lows) / 5) * 5 - 5);
  // The axis must reach the highest whisker, or ECharts drops it.
  const max = Math.min(100, Math.ceil((Math.max(...highs) + 0.5) / 5) * 5);
  return {
    id,
    title,
    width: 1000,
    height: Math.max(360, 120 + sorted.length * 34),
    option: {
      ...base(
        title,
        `${metricLabel} at each model's best prompt style; whiskers: 95% cluster-bootstrap interval over tasks`,
      ),
      grid: { left: 180, right: 60, top: 80, bottom: 50 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", name: metricLabel, nameLocation: "middle", nameGap: 30, min, max },
      yAxis: {
        type: "category",
        inverse: true,
        data: sorted.map((e) => (e.source === "reference" ? `${e.model} (ref.)` : e.model)),
      },
      series: [
        {
          type: "bar",
          name: metricLabel,
          // One colour for own runs, grey for reference results: the ranking is the message, not a hue per model.
          data: sorted.map((e) => ({
            value: round(e.value),
            itemStyle: { color: e.source === "reference" ? "#8c8c8c" : "#0072B2" },
          })),
          label: { show: true, position: "insideLeft", color: "#fff", fontSize: 12 },
          markLine: {
            precision: 2,
            symbol: ["none", "none"],
            silent: true,
            lineStyle: { color: "#222", width: 2, type: "solid" },
            label: { show: false },
            data: sorted.flatMap((e, i) =>
              e.interval
                ? [[{ coord: [round(e.interval.low), i] }, { coord: [round(e.interval.high), i] }]]
                : [],
            ) as never,
          },
        },
      ],
    },
  };
}

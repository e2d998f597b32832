import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadTaxonomy } from "../../src/data/taxonomy.js";
import type { AnalysisResult, PromptStyleTable } from "../../src/domain/analysis.js";
import { buildReport } from "../../src/report/build-report.js";
import { radarChart } from "../../src/report/chart-options.js";
import { renderChartSvg, svgToPng } from "../../src/report/render-chart.js";

function emptyResult(): AnalysisResult {
  return {
    metric: "rougeL",
    store: "x.duckdb",
    models: [],
    promptStyleTables: [],
    comparisons: [],
    kindComparisons: [],
    groups: [],
    leaderboard: [],
    lmLevel: [],
    paired: [],
    sampling: [],
    definitionVariants: [],
    samples: [],
    samplesPerEntity: 3,
    seed: 0,
    resamples: 10,
  };
}

describe("charts", () => {
  const comparison = {
    aspect: "task-types" as const,
    models: ["Model <A>", "B"],
    rows: ["Data to Text", "Title Generation", "Word Analogy"].map((entity, i) => ({
      entity,
      values: [80 + i, 70 - i],
      bestStyles: ["0-def", "8-nodef"],
      bestModel: "Model <A>",
    })),
  };

  it("render server-side to SVG with the title, entity labels and escaped model names", () => {
    const svg = renderChartSvg(radarChart("r", comparison, "ROUGE-L", "pretrained"));
    assert.match(svg, /^<svg/);
    assert.match(svg, /Models across task types \(pretrained\)/);
    assert.match(svg, /Title Generation/);
    assert.match(svg, /Model &lt;A&gt;/);
  });

  it("rasterise to PNG", () => {
    const spec = radarChart("r", comparison, "ROUGE-L", "pretrained");
    const png = svgToPng(renderChartSvg(spec), spec.width);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The IHDR width: the chart's width.
    assert.equal(new DataView(png.buffer, png.byteOffset).getUint32(16), spec.width);
  });
});

describe("report files", () => {
  it("say 'no data' for an empty selection instead of drawing empty charts", async () => {
    const files = await buildReport(emptyResult(), { taxonomy: await loadTaxonomy(), png: false });
    const page = files.find((f) => f.path === "index.html")?.content as string;
    assert.match(page, /<h2>No data<\/h2>/);
    assert.equal(files.filter((f) => f.path.startsWith("charts/")).length, 0);
  });

  it("inline the ECharts library and load nothing from the network", async () => {
    const table: PromptStyleTable = {
      model: "M",
      aspect: "domains",
      styles: ["0-def", "2-def", "4-def", "8-def", "0-nodef", "2-nodef", "4-nodef", "8-nodef"],
      rows: [{ entity: "News", values: [1, 2, 3, 4, 5, 6, 7, 8], maxValue: 8, bestStyle: "8-nodef" }],
    };
    const result: AnalysisResult = {
      ...emptyResult(),
      models: [{ model: "M", kind: "pretrained", source: "reference" }],
      promptStyleTables: [table],
      leaderboard: [
        {
          model: "M",
          kind: "pretrained",
          source: "reference",
          level: "entity",
          aspect: "domains",
          name: "News",
          value: 8,
          bestStyle: "8-nodef",
          instances: 0,
          tasks: 0,
        },
      ],
    };
    const files = await buildReport(result, { taxonomy: await loadTaxonomy(), png: false });
    const page = files.find((f) => f.path === "index.html")?.content as string;
    assert.ok(page.includes("echarts"), "library inlined");
    assert.ok(page.length > 500_000);
    assert.doesNotMatch(page, /<script[^>]+src=|<link[^>]+href="http|https?:\/\/cdn/i);
    assert.ok(files.some((f) => f.path === "charts/line-M-domains-def.svg"));
    assert.ok(
      files.some(
        (f) =>
          f.path ===
          "aggregated_results/rougeL/aspect_prompt_style_variation/M/domains/all_results_with_best_instruction.csv",
      ),
    );
  });
});

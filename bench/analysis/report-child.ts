/**
 * Child process of the analysis benchmark: times the analyses and the full report over one store in a fresh process,
 * so its peak memory (maxRSS, DuckDB included) is not inflated by data generation. Prints one JSON line.
 * CPU times exclude process start-up (module loading), as the pandas side excludes its imports.
 */
import { analyzeStore } from "../../src/analysis/analyze.js";
import { modelComparison, promptStyleTables } from "../../src/analysis/entity-tables.js";
import { loadEntityTaskTotals, loadRuns } from "../../src/analysis/store-queries.js";
import { loadTaxonomy } from "../../src/data/taxonomy.js";
import type { EntityScore } from "../../src/domain/analysis.js";
import { ASPECTS } from "../../src/domain/task.js";
import { buildReport } from "../../src/report/build-report.js";
import { writeReportFiles } from "../../src/report/write-files.js";
import { ResultsStore } from "../../src/store/results-store.js";

const [storeFile, outDir] = process.argv.slice(2);
if (!storeFile || !outDir) throw new Error("usage: report-child.ts STORE OUT_DIR");

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const store = await ResultsStore.open(storeFile, { mustExist: true });

// What the kit computes: entity means per run (UNNEST), prompt-style tables, comparisons per aspect and model kind.
const kitStarted = performance.now();
const kitCpu = cpuMs();
const runs = new Map((await loadRuns(store)).map((run) => [run.runId, run]));
const sums = new Map<string, { score: EntityScore; sum: number; count: number }>();
for (const total of await loadEntityTaskTotals(store, "bert_score_recall")) {
  const run = runs.get(total.runId);
  if (!run) continue;
  const key = `${run.model}\u0000${run.style}\u0000${total.aspect}\u0000${total.entity}`;
  const cell = sums.get(key) ?? {
    score: { model: run.model, style: run.style, aspect: total.aspect, entity: total.entity, value: 0 },
    sum: 0,
    count: 0,
  };
  cell.sum += total.sum;
  cell.count += total.count;
  sums.set(key, cell);
}
const tables = promptStyleTables(
  [...sums.values()].map((c) => ({ ...c.score, value: (c.sum / c.count) * 100 })),
);
const models = [...new Set([...runs.values()].map((run) => run.model))].sort();
const kitComparisonRows = ASPECTS.reduce(
  (rows, aspect) => rows + modelComparison(aspect, models, tables).rows.length,
  0,
);
const kitMs = performance.now() - kitStarted;
const kitCpuMs = cpuMs() - kitCpu;

const started = performance.now();
const startCpu = cpuMs();
const taxonomy = await loadTaxonomy();
const result = await analyzeStore(store, {
  metric: "bert_score_recall",
  taxonomy,
  seed: 0,
  resamples: 1000,
  samplesPerEntity: 3,
});
store.close();
const analysed = performance.now();
const analysisCpuMs = cpuMs() - startCpu;
const files = await buildReport(result, { taxonomy, png: true });
const built = performance.now();
await writeReportFiles(outDir, files);
const written = performance.now();
const html = files.find((f) => f.path === "index.html")?.content ?? "";
process.stdout.write(
  `${JSON.stringify({
    kitMs,
    kitCpuMs,
    kitComparisonRows,
    analysisMs: analysed - started,
    chartsAndPageMs: built - analysed,
    writeMs: written - built,
    totalMs: written - started,
    // CPU time of the whole process (all threads): a fairer figure than wall time on a shared, loaded machine.
    analysisCpuMs,
    totalCpuMs: cpuMs() - startCpu,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    files: files.length,
    htmlBytes: html.length,
    leaderboardRows: result.leaderboard.length,
    samples: result.samples.length,
  })}\n`,
);

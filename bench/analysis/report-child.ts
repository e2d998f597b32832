/**
 * Child process of the analysis benchmark: times the analyses and the full report over one store in a fresh process,
 * so its peak memory (maxRSS, DuckDB included) is not inflated by data generation. Prints one JSON line.
 */
import { analyzeStore } from "../../src/analysis/analyze.js";
import { loadTaxonomy } from "../../src/data/taxonomy.js";
import { buildReport } from "../../src/report/build-report.js";
import { writeReportFiles } from "../../src/report/write-files.js";
import { ResultsStore } from "../../src/store/results-store.js";

const [storeFile, outDir] = process.argv.slice(2);
if (!storeFile || !outDir) throw new Error("usage: report-child.ts STORE OUT_DIR");

const started = performance.now();
const taxonomy = await loadTaxonomy();
const store = await ResultsStore.open(storeFile, { mustExist: true });
const result = await analyzeStore(store, {
  metric: "bert_score_recall",
  taxonomy,
  seed: 0,
  resamples: 1000,
  samplesPerEntity: 3,
});
store.close();
const analysed = performance.now();
const analysisCpu = process.cpuUsage();
const files = await buildReport(result, { taxonomy, png: true });
const built = performance.now();
await writeReportFiles(outDir, files);
const written = performance.now();
const html = files.find((f) => f.path === "index.html")?.content ?? "";
process.stdout.write(
  `${JSON.stringify({
    analysisMs: analysed - started,
    chartsAndPageMs: built - analysed,
    writeMs: written - built,
    totalMs: written - started,
    // CPU time of the whole process (all threads): a fairer figure than wall time on a shared, loaded machine.
    analysisCpuMs: (analysisCpu.user + analysisCpu.system) / 1000,
    totalCpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    files: files.length,
    htmlBytes: html.length,
    leaderboardRows: result.leaderboard.length,
    samples: result.samples.length,
  })}\n`,
);

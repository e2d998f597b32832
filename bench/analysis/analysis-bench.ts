/**
 * Analysis benchmark: 1,000,000 synthetic predictions with metric values (10 models × 8 styles × 12,500 instances
 * over realistic aspect lists) in a results store; times every analysis plus the full report (target < 15 s on
 * 2 cores) against the paper kit's pandas approach on the same data (target: ≥ 5× faster). Reports peak memory.
 *
 *   npx tsx bench/analysis/analysis-bench.ts [--regenerate]
 *
 * Needs Debian's python3-pandas (/usr/bin/python3) for the comparator. Data and outputs go to bench-out/analysis/
 * (gitignored); the generated store (~35 s to make) is reused while the generator parameters are unchanged.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ResultsStore } from "../../src/store/results-store.js";
import { fillSyntheticStore, type SyntheticModel } from "../../test/analysis/synthetic-store.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const out = path.join(root, "bench-out", "analysis");
const storeFile = path.join(out, "million.duckdb");
const csvDir = path.join(out, "kit-results");
const paramsFile = path.join(out, "generator.json");
const STYLES = ["0-def", "2-def", "4-def", "8-def", "0-nodef", "2-nodef", "4-nodef", "8-nodef"];
const MODELS: SyntheticModel[] = Array.from({ length: 10 }, (_, i) => ({
  label: `Model-${i + 1}${i >= 5 ? "-I" : ""}`,
  kind: i >= 5 ? "instruction-tuned" : "pretrained",
  quality: 0.45 + i * 0.04,
}));

const GENERATOR = { models: MODELS, styles: STYLES, tasks: 125, instancesPerTask: 100 };

async function generate(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(csvDir, { recursive: true });
  const started = performance.now();
  const store = await ResultsStore.open(storeFile);
  try {
    const runs = await fillSyntheticStore(store, GENERATOR);
    const [count] = await store.query("SELECT count(*) AS n FROM metric_values");
    console.log(
      `generated ${Number(count?.n)} predictions with metric values in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // The kit keeps one predictions.csv per run, aspects as comma-joined metadata paths.
    const index = [];
    for (const run of runs) {
      const dir = path.join(csvDir, run.runId);
      mkdirSync(dir, { recursive: true });
      await store.execute(
        `COPY (
           SELECT p.prompt, p.candidate AS prediction, p."references"[1] AS reference,
             array_to_string(p.task_type_paths, ', ') AS categories, array_to_string(p.domain_paths, ', ') AS domains,
             array_to_string(p.reasoning_paths, ', ') AS reasoning, v.value * 100 AS bert_score_recall
           FROM predictions p JOIN metric_values v USING (run_id, task, instance_index)
           WHERE p.run_id = '${run.runId}' AND v.metric = 'bert_score_recall'
           ORDER BY p.task, p.instance_index
         ) TO '${path.join(dir, "predictions.csv")}' (HEADER)`,
      );
      const [examples, definition] = run.style.split("-");
      index.push({
        dir: run.runId,
        model: run.model.label,
        examples: Number(examples),
        definition: definition === "def",
      });
    }
    writeFileSync(path.join(csvDir, "runs.json"), JSON.stringify(index));
    // Written last: its presence means the store and the CSV files are complete for these parameters.
    writeFileSync(paramsFile, JSON.stringify(GENERATOR));
  } finally {
    store.close();
  }
}

function runJson(command: string, args: string[]): Record<string, unknown> {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  const line = result.stdout.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(line);
}

function generatedWithCurrentParameters(): boolean {
  return existsSync(paramsFile) && readFileSync(paramsFile, "utf8") === JSON.stringify(GENERATOR);
}

if (process.argv.includes("--regenerate") || !generatedWithCurrentParameters()) await generate();
const loadBefore = os.loadavg();
const reportDir = path.join(out, "report");
rmSync(reportDir, { recursive: true, force: true });
const ours = runJson(process.execPath, [
  "--import",
  "tsx",
  path.join(here, "report-child.ts"),
  storeFile,
  reportDir,
]);
// Debian's python3 (with python3-pandas), not whichever python3 comes first on PATH.
const pandas = runJson("/usr/bin/python3", [path.join(here, "pandas_comparator.py"), csvDir]);

// Same work on both sides: the pandas comparator must end with the same comparison tables (rows per aspect).
if (ours.kitComparisonRows !== pandas.comparisonRows) {
  throw new Error(
    `comparison rows differ: slm-eval ${ours.kitComparisonRows}, pandas ${pandas.comparisonRows}`,
  );
}
const seconds = (ms: unknown) => (Number(ms) / 1000).toFixed(2);
const ratio = (a: unknown, b: unknown) => `${(Number(a) / Number(b)).toFixed(1)}x`;
const mb = (value: unknown) => `${Number(value).toFixed(0)} MB`;
const load = (averages: number[]) => averages.map((a) => a.toFixed(2)).join(", ");
console.log(`load average (1, 5, 15 min): ${load(loadBefore)} before, ${load(os.loadavg())} after`);
console.log("wall time (shared machine; see CPU time below)");
console.log(
  `  kit-equivalent tables (entity means, prompt-style tables, comparisons): ${seconds(ours.kitMs)} s`,
);
console.log(
  `  every analysis (+ bootstrap intervals, paired tests, correlation, samples): ${seconds(ours.analysisMs)} s`,
);
console.log(
  `  charts + page + tables: ${seconds(Number(ours.chartsAndPageMs) + Number(ours.writeMs))} s (${ours.files} files, index.html ${(Number(ours.htmlBytes) / 1e6).toFixed(1)} MB)`,
);
console.log(`  every analysis + full report: ${seconds(ours.totalMs)} s (target < 15 s)`);
console.log(`  pandas kit approach (pandas ${pandas.pandas}): ${seconds(pandas.totalMs)} s`);
console.log(
  `  ratio pandas / kit-equivalent: ${ratio(pandas.totalMs, ours.kitMs)} (target ≥ 5x); pandas / every analysis: ${ratio(pandas.totalMs, ours.analysisMs)}`,
);
console.log("CPU time, all threads, start-up excluded");
console.log(
  `  kit-equivalent ${seconds(ours.kitCpuMs)} s, every analysis ${seconds(ours.analysisCpuMs)} s, analysis + report ${seconds(ours.totalCpuMs)} s, pandas ${seconds(pandas.cpuMs)} s`,
);
console.log(
  `  ratio pandas / kit-equivalent: ${ratio(pandas.cpuMs, ours.kitCpuMs)}; pandas / every analysis: ${ratio(pandas.cpuMs, ours.analysisCpuMs)}`,
);
console.log(`peak RSS: slm-eval ${mb(ours.maxRssMb)} (DuckDB included), pandas ${mb(pandas.maxRssMb)}`);

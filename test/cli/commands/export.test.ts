import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ResultsStore } from "../../../src/store/results-store.js";
import { runCli } from "../../cli-process.js";
import { populatedStore, samplePrediction } from "../../store/store-fixtures.js";

const READERS = {
  jsonl: (file: string) => `read_json('${file}', format = 'newline_delimited')`,
  csv: (file: string) => `read_csv('${file}', header = true, all_varchar = true)`,
  parquet: (file: string) => `read_parquet('${file}')`,
} as const;

describe("slm-eval export", () => {
  for (const format of ["jsonl", "csv", "parquet"] as const) {
    it(`round-trips every prediction and metric value through ${format}`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "slm-export-"));
      const storeFile = await populatedStore(dir);
      const out = path.join(dir, `predictions.${format}`);
      const result = await runCli(["export", "--store", storeFile, "--format", format, "--out", out]);
      assert.equal(result.code, 0, result.stderr);

      const reader = await ResultsStore.open(path.join(dir, "reader.duckdb"));
      const rows = await reader.query(
        `SELECT run_id, task, instance::INTEGER AS instance, prompt, candidate, "references", reference, domains,
           categories, error, rougeL, bleu FROM ${READERS[format](out)} ORDER BY run_id, task, instance`,
      );
      reader.close();
      assert.equal(rows.length, 3);
      const expected = samplePrediction("run-a", "task1", 0);
      assert.equal(rows[0]?.prompt, expected.prompt);
      assert.equal(rows[0]?.candidate, expected.candidate);
      const references = format === "csv" ? JSON.parse(String(rows[0]?.references)) : rows[0]?.references;
      assert.deepEqual(references, expected.references);
      assert.equal(rows[0]?.reference, expected.references[0]);
      assert.equal(rows[0]?.domains, expected.domainPaths.join(", "));
      assert.equal(Number(rows[0]?.rougeL), 0.5);
      assert.equal(Number(rows[1]?.bleu), 0.25);
      assert.equal(rows[1]?.rougeL ?? null, null, "no value stays empty");
      assert.equal(rows[2]?.error, "server said no");
    });
  }

  it("fails with exit code 2 when the store does not exist", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-export-"));
    const result = await runCli([
      "export",
      "--store",
      path.join(dir, "missing.duckdb"),
      "--format",
      "csv",
      "--out",
      path.join(dir, "out.csv"),
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing\.duckdb/);
  });

  it("rejects an unknown format with exit code 2", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-export-"));
    const result = await runCli([
      "export",
      "--store",
      await populatedStore(dir),
      "--format",
      "xlsx",
      "--out",
      "x",
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /xlsx/);
  });
});

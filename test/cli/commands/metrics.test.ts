import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ResultsStore } from "../../../src/store/results-store.js";
import { runCli } from "../../cli-process.js";
import { populatedStore } from "../../store/store-fixtures.js";

async function metricRows(file: string) {
  const store = await ResultsStore.open(file, { mustExist: true });
  try {
    return await store.query(
      `SELECT v.run_id, v.instance_index, v.metric, v.value, c.config_json FROM metric_values v
       JOIN metric_configs c USING (config_hash) ORDER BY ALL`,
    );
  } finally {
    store.close();
  }
}

describe("slm-eval metrics", () => {
  it("fills missing values for successful predictions only, each with its config, and recomputes with --force", async () => {
    const store = await populatedStore(await mkdtemp(path.join(tmpdir(), "slm-metrics-")));
    const first = await runCli(["metrics", "--store", store, "--metrics", "exact_match", "--json"]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      (JSON.parse(first.stdout) as { scored: number }).scored,
      2,
      "the failed prediction is not scored",
    );
    const rows = await metricRows(store);
    const exact = rows.filter((r) => r.metric === "exact_match");
    assert.deepEqual(
      exact.map((r) => [r.run_id, r.instance_index, r.value]),
      [
        ["run-a", 0, 0],
        ["run-a", 1, 0],
      ],
    );
    assert.equal(JSON.parse(String(exact[0]?.config_json)).metric, "exact_match");
    assert.ok(rows.some((r) => r.metric === "exact_match_max"));

    const again = await runCli(["metrics", "--store", store, "--metrics", "exact_match", "--json"]);
    assert.equal((JSON.parse(again.stdout) as { scored: number }).scored, 0, "nothing is missing any more");
    const forced = await runCli([
      "metrics",
      "--store",
      store,
      "--metrics",
      "exact_match",
      "--force",
      "--json",
    ]);
    assert.equal((JSON.parse(forced.stdout) as { scored: number }).scored, 2);
    assert.equal((await metricRows(store)).length, rows.length, "recomputed values replace the old ones");
  });

  it("rejects an unknown metric and a missing store with exit code 2", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-metrics-"));
    const unknown = await runCli(["metrics", "--store", await populatedStore(dir), "--metrics", "bleurt"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown metric bleurt/);
    const missing = await runCli(["metrics", "--store", path.join(dir, "none.duckdb")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /none\.duckdb/);
  });
});

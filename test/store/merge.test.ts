import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { Prediction, RunConfig } from "../../src/domain/prediction.js";
import { runIdOf } from "../../src/runner/run-identity.js";
import { mergeStores, StoreMergeError } from "../../src/store/merge.js";
import { insertPredictions } from "../../src/store/predictions.js";
import { ResultsStore } from "../../src/store/results-store.js";
import { saveRun } from "../../src/store/runs.js";
import { samplePrediction, sampleRunConfig } from "./store-fixtures.js";

const CONFIG: RunConfig = sampleRunConfig(0);
const RUN_ID = runIdOf(CONFIG);

function prediction(task: string, instanceIndex: number, candidate: string): Prediction {
  return { ...samplePrediction(RUN_ID, task, instanceIndex), candidate };
}

async function storeWith(
  name: string,
  predictions: Prediction[],
  config: RunConfig = CONFIG,
): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "slm-merge-")), name);
  const store = await ResultsStore.open(file);
  try {
    await store.transaction(async (tx) => {
      await saveRun(tx, {
        runId: RUN_ID,
        config,
        styleName: "0-def",
        source: "eval",
        softwareVersion: "test",
      });
      await insertPredictions(tx, predictions);
    });
  } finally {
    store.close();
  }
  return file;
}

async function candidates(file: string): Promise<string[]> {
  const store = await ResultsStore.open(file, { mustExist: true });
  try {
    const rows = await store.query("SELECT task, instance_index, candidate FROM predictions ORDER BY ALL");
    return rows.map((r) => `${String(r.task)}#${String(r.instance_index)}=${String(r.candidate)}`);
  } finally {
    store.close();
  }
}

describe("store merge", () => {
  it("combines disjoint shards and skips rows already present, so merging twice adds nothing", async () => {
    const a = await storeWith("a.duckdb", [prediction("t1", 0, "x"), prediction("t1", 1, "y")]);
    const b = await storeWith("b.duckdb", [prediction("t2", 0, "z"), prediction("t1", 1, "y")]);
    const out = path.join(path.dirname(a), "out.duckdb");
    const first = await mergeStores(out, [a, b]);
    assert.deepEqual(
      first.map((m) => [m.runs, m.predictions, m.duplicates]),
      [
        [1, 2, 0],
        [0, 1, 1],
      ],
    );
    const again = await mergeStores(out, [a, b]);
    assert.deepEqual(
      again.map((m) => m.predictions),
      [0, 0],
    );
    assert.deepEqual(await candidates(out), ["t1#0=x", "t1#1=y", "t2#0=z"]);
  });

  it("refuses a run id whose configuration differs, merging nothing from that input", async () => {
    const a = await storeWith("a.duckdb", [prediction("t1", 0, "x")]);
    const other = { ...CONFIG, decoding: { ...CONFIG.decoding, maxNewTokens: 99 } };
    const b = await storeWith("b.duckdb", [prediction("t2", 0, "z")], other);
    const out = path.join(path.dirname(a), "out.duckdb");
    await mergeStores(out, [a]);
    await assert.rejects(mergeStores(out, [b]), (error: unknown) => {
      assert.ok(error instanceof StoreMergeError);
      assert.match(error.message, new RegExp(`run ${RUN_ID} has a different configuration`));
      return true;
    });
    assert.deepEqual(await candidates(out), ["t1#0=x"]);
  });

  it("refuses a prediction that differs from the stored one for the same run, task and instance", async () => {
    const a = await storeWith("a.duckdb", [prediction("t1", 0, "x")]);
    const b = await storeWith("b.duckdb", [prediction("t1", 0, "something else")]);
    const out = path.join(path.dirname(a), "out.duckdb");
    await assert.rejects(mergeStores(out, [a, b]), /task t1, instance 0 has a different prompt or output/);
  });

  it("refuses an input of another schema version, and the output as an input", async () => {
    const a = await storeWith("a.duckdb", [prediction("t1", 0, "x")]);
    const store = await ResultsStore.open(a);
    await store.execute("INSERT INTO schema_migrations (version, description) VALUES (99, 'future')");
    store.close();
    const out = path.join(path.dirname(a), "out.duckdb");
    await assert.rejects(
      mergeStores(out, [a]),
      /a\.duckdb: store schema version 99, this slm-eval writes version \d+/,
    );
    await assert.rejects(mergeStores(out, [out]), /is the output store too/);
    await assert.rejects(
      mergeStores(out, [path.join(path.dirname(a), "missing.duckdb")]),
      /no such store file/,
    );
  });
});

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import { exportPredictions } from "../../src/store/export.js";
import { predictionsToScore, saveMetricValues } from "../../src/store/metric-values.js";
import { insertPredictions, storedWorkItems, workItemKey } from "../../src/store/predictions.js";
import { ResultsStore, StoreBusyError, StoreNotFoundError } from "../../src/store/results-store.js";
import { deleteRun, findRun, listRuns, saveRun } from "../../src/store/runs.js";
import { SCHEMA_VERSION } from "../../src/store/schema.js";
import { repoRoot } from "../fixtures.js";
import { samplePrediction, sampleRunConfig } from "./store-fixtures.js";

async function freshStoreFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), "slm-store-")), "results.duckdb");
}

async function storeWithOneRun(file: string): Promise<ResultsStore> {
  const store = await ResultsStore.open(file);
  await store.transaction(async (tx) => {
    await saveRun(tx, {
      runId: "run-a",
      config: sampleRunConfig(),
      styleName: "2-def",
      source: "eval",
      softwareVersion: "t",
    });
    await insertPredictions(tx, [
      samplePrediction("run-a", "task1", 0),
      samplePrediction("run-a", "task1", 1),
    ]);
  });
  return store;
}

describe("results store", () => {
  it("creates the schema once and records its version", async () => {
    const file = await freshStoreFile();
    (await ResultsStore.open(file)).close();
    const store = await ResultsStore.open(file);
    const rows = await store.query("SELECT version FROM schema_migrations");
    store.close();
    assert.deepEqual(
      rows.map((r) => r.version),
      [SCHEMA_VERSION],
    );
  });

  it("refuses to open a missing store when it must exist", async () => {
    const file = await freshStoreFile();
    await assert.rejects(ResultsStore.open(file, { mustExist: true }), StoreNotFoundError);
  });

  it("reports a store held by another process as busy, naming the file (exit 2 in the CLI)", async () => {
    const file = await freshStoreFile();
    (await ResultsStore.open(file)).close();
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `require("@duckdb/node-api").DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log("ready"); setTimeout(() => {}, 20000); });`,
      ],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
      const error = await ResultsStore.open(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof StoreBusyError && error instanceof UsageError);
      assert.match(error.message, /results\.duckdb is open in another process \(PID \d+\)/);
    } finally {
      holder.kill();
    }
  });

  it("keeps exactly one prediction per (run, task, instance) when a batch is written twice", async () => {
    const file = await freshStoreFile();
    const store = await storeWithOneRun(file);
    await store.transaction((tx) => insertPredictions(tx, [samplePrediction("run-a", "task1", 1)]));
    const done = await storedWorkItems(store, "run-a");
    store.close();
    assert.deepEqual([...done].sort(), [workItemKey("task1", 0), workItemKey("task1", 1)]);
  });

  it("rolls back a failed transaction entirely", async () => {
    const store = await ResultsStore.open(await freshStoreFile());
    await assert.rejects(
      store.transaction(async (tx) => {
        await insertPredictions(tx, [samplePrediction("run-b", "task1", 0)]);
        throw new Error("crash mid-batch");
      }),
      /crash mid-batch/,
    );
    const done = await storedWorkItems(store, "run-b");
    store.close();
    assert.equal(done.size, 0);
  });

  it("lists, finds by prefix and deletes runs with their predictions and metric values", async () => {
    const store = await storeWithOneRun(await freshStoreFile());
    await store.transaction((tx) =>
      saveMetricValues(
        tx,
        [{ runId: "run-a", task: "task1", instanceIndex: 0, metric: "bleu", value: 0.5, configHash: "c1" }],
        [{ configHash: "c1", metric: "bleu", configJson: "{}" }],
      ),
    );
    const [run] = await listRuns(store);
    assert.equal(run?.runId, "run-a");
    assert.equal(run?.predictions, 2);
    assert.equal(run?.scored, 1);
    assert.equal(run?.config.model.label, "Tiny");
    assert.equal((await findRun(store, "run-"))?.runId, "run-a");
    assert.equal(await deleteRun(store, "run-a"), 2);
    const left = await store.query(
      "SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM predictions) + (SELECT count(*) FROM metric_values) AS n",
    );
    store.close();
    assert.equal(Number(left[0]?.n), 0);
  });

  it("offers for scoring only predictions that lack one of the asked metrics, or all with force", async () => {
    const store = await storeWithOneRun(await freshStoreFile());
    await store.transaction((tx) =>
      saveMetricValues(
        tx,
        [{ runId: "run-a", task: "task1", instanceIndex: 0, metric: "bleu", value: 0.5, configHash: "c1" }],
        [{ configHash: "c1", metric: "bleu", configJson: "{}" }],
      ),
    );
    const missingBleu = await predictionsToScore(store, ["bleu"], false);
    const missingEither = await predictionsToScore(store, ["bleu", "meteor"], false);
    const forced = await predictionsToScore(store, ["bleu"], true);
    store.close();
    assert.deepEqual(
      missingBleu.map((p) => p.instanceIndex),
      [1],
    );
    assert.deepEqual(
      missingEither.map((p) => p.instanceIndex),
      [0, 1],
    );
    assert.deepEqual(forced[0]?.references, ["ref 0", "other"]);
  });

  it("exports one JSONL row per prediction with the kit's columns and every metric", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-export-"));
    const store = await storeWithOneRun(path.join(dir, "s.duckdb"));
    await store.transaction((tx) =>
      saveMetricValues(
        tx,
        [
          {
            runId: "run-a",
            task: "task1",
            instanceIndex: 1,
            metric: "rougeL",
            value: 0.25,
            configHash: "c2",
          },
        ],
        [{ configHash: "c2", metric: "rougeL", configJson: "{}" }],
      ),
    );
    const out = path.join(dir, "out.jsonl");
    assert.equal(await exportPredictions(store, "jsonl", out), 2);
    store.close();
    const rows = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1]?.references, ["ref 1", "other"]);
    assert.equal(rows[1]?.reference, "ref 1");
    assert.equal(rows[1]?.domains, "Commonsense -> Concepts and Relations, News");
    assert.equal(rows[1]?.categories, "Title Generation");
    assert.equal(rows[1]?.rougeL, 0.25);
    assert.equal(rows[0]?.rougeL, null);
    assert.equal(rows[0]?.model, "Tiny");
    assert.equal(rows[0]?.style, "2-def");
    assert.equal(rows[0]?.candidate, "answer, 0\nsecond line");
  });
});

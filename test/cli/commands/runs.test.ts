import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../../cli-process.js";
import { populatedStore } from "../../store/store-fixtures.js";

describe("slm-eval runs", () => {
  it("lists runs with their counts, shows one by prefix and deletes it with its predictions", async () => {
    const store = await populatedStore(await mkdtemp(path.join(tmpdir(), "slm-runs-")));
    const list = await runCli(["runs", "list", "--store", store, "--json"]);
    assert.equal(list.code, 0, list.stderr);
    const runs = JSON.parse(list.stdout) as {
      runId: string;
      predictions: number;
      errors: number;
      scored: number;
    }[];
    assert.deepEqual(runs.map((r) => [r.runId, r.predictions, r.errors, r.scored]).sort(), [
      ["run-a", 2, 0, 2],
      ["run-b", 1, 1, 0],
    ]);

    const show = await runCli(["runs", "show", "run-b", "--store", store]);
    assert.equal(show.code, 0, show.stderr);
    assert.equal(
      (JSON.parse(show.stdout) as { config: { style: { examples: number } } }).config.style.examples,
      0,
    );

    const deleted = await runCli(["runs", "delete", "run-a", "--store", store]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stderr, /deleted run run-a \(2 predictions\)/);
    const after = await runCli(["runs", "list", "--store", store, "--json"]);
    assert.deepEqual(
      (JSON.parse(after.stdout) as { runId: string }[]).map((r) => r.runId),
      ["run-b"],
    );
  });

  it("rejects an unknown or ambiguous run id with exit code 2", async () => {
    const store = await populatedStore(await mkdtemp(path.join(tmpdir(), "slm-runs-")));
    const unknown = await runCli(["runs", "show", "zzz", "--store", store]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /run "zzz" is not in/);
    const ambiguous = await runCli(["runs", "delete", "run-", "--store", store]);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /matches 2 runs/);
  });
});

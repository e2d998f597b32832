import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sampleTasks } from "../../../src/cli/commands/quickstart.js";
import { runCli } from "../../cli-process.js";
import { sharedFixture } from "../../fixtures.js";
import { storedCandidates, temporaryStoreFile } from "../../runner/eval-fixture.js";

describe("slm-eval quickstart", () => {
  it("runs offline with --data and --model: a task sample under the eight styles, scored, one summary row per style", async () => {
    const store = await temporaryStoreFile();
    const result = await runCli([
      "quickstart",
      "--data",
      sharedFixture("sni"),
      "--model",
      `llama-cpp:${sharedFixture("models", "llama-2-tiny-random.gguf")}`,
      "--sample-tasks",
      "2",
      "--instances-per-task",
      "2",
      "--max-new-tokens",
      "4",
      "--threads",
      "1",
      "--store",
      store,
      "--json",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const scores = JSON.parse(result.stdout) as {
      style: string;
      scored: number;
      means: Record<string, number>;
    }[];
    assert.deepEqual(
      scores.map((s) => s.style),
      ["0-def", "0-nodef", "2-def", "2-nodef", "4-def", "4-nodef", "8-def", "8-nodef"],
    );
    assert.ok(scores.every((s) => s.scored === 4 && typeof s.means.rougeL === "number"));
    assert.equal((await storedCandidates(store)).length, 8 * 2 * 2);
  });

  it("samples the same tasks for the same seed, in their original order", () => {
    const names = ["a", "b", "c", "d", "e", "f"];
    const sample = sampleTasks(names, 3, 7);
    assert.equal(sample.length, 3);
    assert.deepEqual(sampleTasks(names, 3, 7), sample);
    assert.deepEqual(
      sample,
      names.filter((n) => sample.includes(n)),
    );
    assert.deepEqual(sampleTasks(names, 10, 1), names);
  });
});

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { ResultsStore } from "../../../src/store/results-store.js";
import { runCli } from "../../cli-process.js";
import { sharedFixture } from "../../fixtures.js";
import {
  SMALL_EVAL_ITEMS,
  smallEvalArgs,
  storedCandidates,
  temporaryStoreFile,
} from "../../runner/eval-fixture.js";

async function storedFinishReasons(file: string): Promise<Map<string, number>> {
  const store = await ResultsStore.open(file, { mustExist: true });
  try {
    const rows = await store.query(
      "SELECT finish_reason, count(*) AS n FROM predictions WHERE error IS NOT NULL GROUP BY ALL",
    );
    return new Map(rows.map((row) => [String(row.finish_reason), Number(row.n)]));
  } finally {
    store.close();
  }
}

describe("slm-eval eval", () => {
  it("stores one prediction per work item, identical across two greedy runs; resumes without redoing work; refills a deleted run from the response cache", async () => {
    const first = await temporaryStoreFile();
    const second = await temporaryStoreFile();
    const runA = await runCli(smallEvalArgs(first, ["--json"]));
    assert.equal(runA.code, 0, runA.stderr);
    const runB = await runCli(smallEvalArgs(second));
    assert.equal(runB.code, 0, runB.stderr);

    const a = await storedCandidates(first);
    const b = await storedCandidates(second);
    assert.equal(a.length, SMALL_EVAL_ITEMS);
    assert.equal(new Set(a.map((p) => `${p.runId}/${p.task}/${p.instanceIndex}`)).size, SMALL_EVAL_ITEMS);
    assert.ok(
      a.every((p) => p.candidate.length > 0),
      "every candidate holds generated text",
    );
    assert.deepEqual(b, a, "greedy decoding gives byte-identical candidates");

    const summaryA = JSON.parse(runA.stdout) as { runs: { generated: number; skipped: number }[] };
    assert.deepEqual(
      summaryA.runs.map((r) => r.generated),
      [SMALL_EVAL_ITEMS / 2, SMALL_EVAL_ITEMS / 2],
    );

    const resumed = await runCli(smallEvalArgs(first, ["--json"]));
    assert.equal(resumed.code, 0, resumed.stderr);
    const summary = JSON.parse(resumed.stdout) as {
      runs: { skipped: number; generated: number; cached: number }[];
    };
    assert.deepEqual(
      summary.runs.map((r) => [r.skipped, r.generated, r.cached]),
      [
        [SMALL_EVAL_ITEMS / 2, 0, 0],
        [SMALL_EVAL_ITEMS / 2, 0, 0],
      ],
    );
    assert.deepEqual(await storedCandidates(first), a);

    // A deleted run's identical requests come back from the response cache, unchanged.
    const deletedRun = a[0]?.runId ?? "";
    assert.equal((await runCli(["runs", "delete", deletedRun, "--store", first])).code, 0);
    const refilled = await runCli(smallEvalArgs(first, ["--json"]));
    assert.equal(refilled.code, 0, refilled.stderr);
    const refill = JSON.parse(refilled.stdout) as {
      runs: { runId: string; generated: number; cached: number }[];
    };
    assert.deepEqual(
      refill.runs.map((r) => [r.runId === deletedRun, r.generated, r.cached]),
      a[0]?.runId === refill.runs[0]?.runId
        ? [
            [true, 0, SMALL_EVAL_ITEMS / 2],
            [false, 0, 0],
          ]
        : [
            [false, 0, 0],
            [true, 0, SMALL_EVAL_ITEMS / 2],
          ],
    );
    assert.deepEqual(await storedCandidates(first), a);
  });

  it("records prompts that cannot fit the context as context_overflow instead of failing, with or without --fit-examples", async () => {
    for (const extra of [[], ["--fit-examples"]]) {
      const store = await temporaryStoreFile();
      // The fixture model's context is 4096 tokens: no prompt leaves room for 4095 new tokens.
      const result = await runCli(smallEvalArgs(store, ["--max-new-tokens", "4095", "--json", ...extra]));
      assert.equal(result.code, 0, result.stderr);
      const summary = JSON.parse(result.stdout) as { runs: { errors: number }[] };
      assert.deepEqual(
        summary.runs.map((r) => r.errors),
        [SMALL_EVAL_ITEMS / 2, SMALL_EVAL_ITEMS / 2],
      );
      const reasons = await storedFinishReasons(store);
      assert.deepEqual(reasons, new Map([["context_overflow", SMALL_EVAL_ITEMS]]));
    }
  });

  it("prints the plan with --dry-run: instances and prompt tokens per model and style, creating no store", async () => {
    const store = await temporaryStoreFile();
    const result = await runCli(smallEvalArgs(store, ["--dry-run", "--json"]));
    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as {
      lines: { style: string; instances: number; stored: number; promptTokens: number }[];
      totalInstances: number;
      totalPromptTokens: number;
    };
    assert.deepEqual(
      plan.lines.map((l) => [l.style, l.instances, l.stored]),
      [
        ["0-def", SMALL_EVAL_ITEMS / 2, 0],
        ["2-nodef", SMALL_EVAL_ITEMS / 2, 0],
      ],
    );
    assert.ok(
      plan.lines.every((l) => l.promptTokens > l.instances),
      "every prompt has several tokens",
    );
    assert.equal(
      plan.totalPromptTokens,
      plan.lines.reduce((sum, l) => sum + l.promptTokens, 0),
    );
    assert.equal(existsSync(store), false);
  });

  it("rejects an unknown prompt style with exit code 2 naming the style", async () => {
    const result = await runCli(smallEvalArgs(await temporaryStoreFile(), ["--styles", "3-maybe"]));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /prompt style "3-maybe"/);
  });

  it("rejects a malformed model spec with exit code 2", async () => {
    const result = await runCli([
      "eval",
      "--model",
      "gguf-file.bin",
      "--data",
      sharedFixture("sni"),
      "--store",
      await temporaryStoreFile(),
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /model spec "gguf-file.bin"/);
  });

  it("rejects a data directory that is not SNI with exit code 2", async () => {
    const store = await temporaryStoreFile();
    const result = await runCli(smallEvalArgs(store, ["--data", "/nonexistent/sni"]));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /\/nonexistent\/sni/);
  });

  it("rejects sampling options without a temperature", async () => {
    const result = await runCli(smallEvalArgs(await temporaryStoreFile(), ["--top-k", "5"]));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--temperature/);
  });
});

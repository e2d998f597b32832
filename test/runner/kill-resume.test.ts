import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { runCli } from "../cli-process.js";
import { repoRoot } from "../fixtures.js";
import { SMALL_EVAL_ITEMS, smallEvalArgs, storedCandidates, temporaryStoreFile } from "./eval-fixture.js";

const fromSource = fileURLToPath(import.meta.url).endsWith(".ts");
const cli = fromSource
  ? ["--import", "tsx", path.join(repoRoot, "src", "cli", "main.ts")]
  : [path.join(repoRoot, "dist", "src", "cli", "main.js")];

function walSize(store: string): number {
  const wal = `${store}.wal`;
  return existsSync(wal) ? statSync(wal).size : 0;
}

/**
 * Starts an evaluation and SIGKILLs it right after it has committed something new (the write-ahead log grew),
 * or when it exits by itself. Returns whether it was killed.
 */
async function evalKilledAfterACommit(
  store: string,
  extraDelayMs: number,
  signal: NodeJS.Signals = "SIGKILL",
): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [...cli, ...smallEvalArgs(store)], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  let finished = false;
  void exited.then(() => {
    finished = true;
  });
  // The first progress line comes once the model is loaded and the run is recorded.
  while (!finished && !/\d+\/\d+/.test(stderr)) await sleep(20);
  const before = walSize(store);
  while (!finished && walSize(store) <= before) await sleep(20);
  if (finished) return { killed: false, code: await exited, stderr };
  await sleep(extraDelayMs);
  child.kill(signal);
  const code = await exited;
  return { killed: true, code, stderr };
}

describe("kill and resume", () => {
  let reference = "";
  before(async () => {
    reference = await temporaryStoreFile();
    const uninterrupted = await runCli(smallEvalArgs(reference));
    assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
  });

  it("ends with exactly one prediction per work item after repeated kill -9, equal to an uninterrupted run", async () => {
    const store = await temporaryStoreFile();
    const countsAfterKills: number[] = [];
    for (const delay of [0, 150, 400]) {
      if (await evalKilledAfterACommit(store, delay))
        countsAfterKills.push((await storedCandidates(store)).length);
    }
    assert.ok(
      countsAfterKills.some((count) => count > 0 && count < SMALL_EVAL_ITEMS),
      `at least one kill lands mid-run (predictions stored after each kill: ${countsAfterKills.join(", ")})`,
    );

    const resumed = await runCli(smallEvalArgs(store));
    assert.equal(resumed.code, 0, resumed.stderr);
    const after = await storedCandidates(store);
    assert.equal(after.length, SMALL_EVAL_ITEMS);
    assert.equal(new Set(after.map((p) => `${p.runId}/${p.task}/${p.instanceIndex}`)).size, SMALL_EVAL_ITEMS);
    assert.deepEqual(after, await storedCandidates(reference));
  });

  it("on SIGINT saves finished work, prints how to resume and exits 130; resuming completes the run", async () => {
    const store = await temporaryStoreFile();
    const interrupted = await evalKilledAfterACommit(store, 0, "SIGINT");
    assert.ok(interrupted.killed, "the evaluation was still running when interrupted");
    assert.equal(interrupted.code, 130, interrupted.stderr);
    assert.match(interrupted.stderr, /Resume with:\n\s+slm-eval eval --model/);
    const saved = (await storedCandidates(store)).length;
    assert.ok(
      saved > 0 && saved < SMALL_EVAL_ITEMS,
      `finished work is saved (${saved} of ${SMALL_EVAL_ITEMS})`,
    );

    const resumed = await runCli(smallEvalArgs(store));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(await storedCandidates(store), await storedCandidates(reference));
  });
});

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { scoreLexical } from "../../src/metrics/lexical.js";
import { PairInputError } from "../../src/metrics/pairs-jsonl.js";
import { scoreJsonlFile } from "../../src/metrics/score-file.js";
import { type BatchScorer, createScorers } from "../../src/metrics/scorers.js";

const pairs = Array.from({ length: 23 }, (_, index) => ({
  id: `p${index}`,
  candidate: index % 5 === 0 ? "" : `answer number ${index} is here`,
  references: [`answer ${index}`, `the answer number ${index} is here.`],
}));

describe("scoreJsonlFile", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "slm-score-file-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const input = path.join(dir, "pairs.jsonl");
  writeFileSync(input, `${pairs.map((pair) => JSON.stringify(pair)).join("\n")}\n`);

  async function run(scorers: BatchScorer[], output: string) {
    try {
      return await scoreJsonlFile({ input, output, scorers, batchSize: 4, maxInFlight: 3 });
    } finally {
      await Promise.all(scorers.map((scorer) => scorer.close()));
    }
  }

  it("keeps input order across small batches and adds the scores of every scorer", async () => {
    const output = path.join(dir, "out", "scores.jsonl");
    const { pairs: count } = await run(
      await createScorers(["bleu", "meteor"], { workers: 1, settings: {} }),
      output,
    );
    assert.equal(count, pairs.length);
    const rows = readFileSync(output, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      rows,
      pairs.map((pair) => ({
        ...pair,
        ...scoreLexical(pair.candidate, pair.references, ["bleu", "meteor"]),
      })),
    );
  });

  it("gives the same output from a worker pool", async () => {
    const single = path.join(dir, "single.jsonl");
    const pooled = path.join(dir, "pooled.jsonl");
    await run(await createScorers(["rouge", "exact_match"], { workers: 1, settings: {} }), single);
    await run(await createScorers(["rouge", "exact_match"], { workers: 2, settings: {} }), pooled);
    assert.equal(readFileSync(pooled, "utf8"), readFileSync(single, "utf8"));
  });

  it("removes its temporary file and writes nothing when a line is invalid", async () => {
    const caseDir = mkdtempSync(path.join(dir, "bad-"));
    const bad = path.join(caseDir, "bad.jsonl");
    const lines = pairs.map((pair) => JSON.stringify(pair));
    lines.splice(17, 0, "not json");
    writeFileSync(bad, lines.join("\n"));
    const output = path.join(caseDir, "scores.jsonl");
    const scorers = await createScorers(["bleu"], { workers: 1, settings: {} });
    await assert.rejects(
      scoreJsonlFile({ input: bad, output, scorers, batchSize: 4 }),
      (error: unknown) =>
        error instanceof PairInputError && /bad\.jsonl:18: invalid JSON/.test(error.message),
    );
    assert.equal(existsSync(output), false);
    assert.deepEqual(readdirSync(caseDir), ["bad.jsonl"]);
  });

  it("fails the job when a scorer fails, leaving no output", async () => {
    const output = path.join(dir, "failed.jsonl");
    const failing: BatchScorer = {
      keys: ["broken"],
      configs: {},
      score: async () => {
        throw new Error("scorer broke");
      },
      close: async () => {},
    };
    await assert.rejects(run([failing], output), /scorer broke/);
    assert.equal(existsSync(output), false);
  });
});

describe("createScorers", () => {
  it("rejects metric names no scorer serves", async () => {
    await assert.rejects(
      createScorers(["bleu", "cider" as "bleu"], { workers: 1, settings: {} }),
      /unknown metric cider/,
    );
  });
});

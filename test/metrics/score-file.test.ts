import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { scoreLexical } from "../../src/metrics/lexical.js";
import { PairInputError } from "../../src/metrics/pairs-jsonl.js";
import { partialPathFor, scoreJsonlFile } from "../../src/metrics/score-file.js";
import { type BatchScorer, createScorers } from "../../src/metrics/scorers.js";

const pairs = Array.from({ length: 23 }, (_, index) => ({
  id: `p${index}`,
  candidate: index % 5 === 0 ? "" : `answer number ${index} is here`,
  references: [`answer ${index}`, `the answer number ${index} is here.`],
}));

function readLines(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("scoreJsonlFile", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "slm-score-file-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const input = path.join(dir, "pairs.jsonl");
  writeFileSync(input, `${pairs.map((pair) => JSON.stringify(pair)).join("\n")}\n`);

  async function run(scorers: BatchScorer[], output: string, from = input, resume = false) {
    try {
      return await scoreJsonlFile({ input: from, output, scorers, batchSize: 4, maxInFlight: 3, resume });
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

  it("writes no output when a line is invalid, keeping the rows scored so far in OUT.partial", async () => {
    const caseDir = mkdtempSync(path.join(dir, "bad-"));
    const bad = path.join(caseDir, "bad.jsonl");
    const lines = pairs.map((pair) => JSON.stringify(pair));
    lines.splice(17, 0, "not json");
    writeFileSync(bad, lines.join("\n"));
    const output = path.join(caseDir, "scores.jsonl");
    await assert.rejects(
      run(await createScorers(["bleu"], { workers: 1, settings: {} }), output, bad),
      (error: unknown) =>
        error instanceof PairInputError && /bad\.jsonl:18: invalid JSON/.test(error.message),
    );
    assert.equal(existsSync(output), false);
    const kept = readLines(partialPathFor(output));
    assert.ok(kept.length <= 17);
    assert.deepEqual(
      kept.map((row) => row.id),
      pairs.slice(0, kept.length).map((pair) => pair.id),
    );
  });

  it("resumes after the last complete row of OUT.partial and produces the same output as one run", async () => {
    const full = path.join(dir, "full.jsonl");
    await run(await createScorers(["bleu", "exact_match"], { workers: 1, settings: {} }), full);
    const fullText = readFileSync(full, "utf8");
    const caseDir = mkdtempSync(path.join(dir, "resume-"));
    const output = path.join(caseDir, "scores.jsonl");
    // An interrupted run: 9 complete rows and half of the 10th.
    const fullLines = fullText.split("\n");
    writeFileSync(
      partialPathFor(output),
      `${fullLines.slice(0, 9).join("\n")}\n${fullLines[9]?.slice(0, 20)}`,
    );
    const scorers = await createScorers(["bleu", "exact_match"], { workers: 1, settings: {} });
    const result = await run(scorers, output, input, true);
    assert.deepEqual(result, { pairs: pairs.length, resumed: 9 });
    assert.equal(readFileSync(output, "utf8"), fullText);
    assert.equal(existsSync(partialPathFor(output)), false);
  });

  it("refuses to resume from a partial file of other input or other metrics", async () => {
    const caseDir = mkdtempSync(path.join(dir, "resume-other-"));
    const output = path.join(caseDir, "scores.jsonl");
    writeFileSync(partialPathFor(output), `${JSON.stringify({ id: "elsewhere", bleu: 0, bleu_max: 0 })}\n`);
    await assert.rejects(
      run(await createScorers(["bleu"], { workers: 1, settings: {} }), output, input, true),
      /scores\.jsonl\.partial:1: id "elsewhere" does not match .*pairs\.jsonl:1 \(id "p0"\)/,
    );
    writeFileSync(partialPathFor(output), `${JSON.stringify({ id: "p0", bleu: 0, bleu_max: 0 })}\n`);
    await assert.rejects(
      run(await createScorers(["meteor"], { workers: 1, settings: {} }), output, input, true),
      /scores\.jsonl\.partial:1: lacks meteor, meteor_max; it was scored with other metrics/,
    );
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

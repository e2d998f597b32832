import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../cli-process.js";
import { sharedFixture } from "../fixtures.js";

const GOLDEN_KEYS = ["bleu", "rouge1", "rouge2", "rougeL", "meteor"];
const ALL_KEYS = [...GOLDEN_KEYS, "exact_match"];

interface GoldenRow {
  id: string;
  candidate: string;
  references: string[];
  [key: string]: unknown;
}

describe("slm-eval score", () => {
  let dir: string;
  let golden: GoldenRow[];
  let pairsFile: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "slm-score-"));
    const lines = readFileSync(sharedFixture("metrics-golden", "golden-shared.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line !== "");
    // The first 150 rows plus every multi-reference row among the first 600, so `_max` is exercised.
    golden = lines
      .slice(0, 600)
      .map((line) => JSON.parse(line) as GoldenRow)
      .filter((row, index) => index < 150 || row.references.length > 1);
    pairsFile = path.join(dir, "pairs.jsonl");
    writeFileSync(
      pairsFile,
      `${golden
        .map((row) =>
          JSON.stringify({
            id: row.id,
            candidate: row.candidate,
            references: row.references,
            kind: row.kind,
          }),
        )
        .join("\n")}\n`,
    );
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const readRows = (file: string) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  let singleThreaded: string;

  it("writes the input rows, in order, plus golden-exact scores for the first reference and the max", async () => {
    singleThreaded = path.join(dir, "scores.jsonl");
    const result = await runCli(["score", "--in", pairsFile, "--out", singleThreaded]);
    assert.equal(result.code, 0, result.stderr);
    const rows = readRows(singleThreaded);
    assert.equal(rows.length, golden.length);
    rows.forEach((row, index) => {
      const expected = golden[index] as GoldenRow;
      assert.equal(row.id, expected.id);
      assert.equal(row.candidate, expected.candidate);
      assert.deepEqual(row.references, expected.references);
      assert.equal(row.kind, expected.kind, "other input fields are kept");
      for (const metric of GOLDEN_KEYS) {
        for (const key of [metric, `${metric}_max`]) {
          const difference = Math.abs((row[key] as number) - (expected[key] as number));
          assert.ok(difference <= 1e-6, `${expected.id} ${key}: ${row[key]} vs ${expected[key]}`);
        }
      }
      assert.ok(row.exact_match === 0 || row.exact_match === 1);
      assert.ok((row.exact_match_max as number) >= (row.exact_match as number));
    });
    assert.match(result.stdout, new RegExp(`scored ${golden.length} pairs`));
  });

  it("gives byte-identical output with worker threads and reports the configurations with --json", async () => {
    const parallel = path.join(dir, "parallel.jsonl");
    const result = await runCli(["score", "--in", pairsFile, "--out", parallel, "--workers", "2", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(parallel, "utf8"), readFileSync(singleThreaded, "utf8"));
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.pairs, golden.length);
    assert.equal(summary.workers, 2);
    assert.deepEqual([...summary.keys].sort(), [...ALL_KEYS, ...ALL_KEYS.map((k) => `${k}_max`)].sort());
    assert.match(summary.configs.meteor.wordnet, /^WordNet 3\.0/);
  });

  it("computes only the metrics named in --metrics", async () => {
    const input = path.join(dir, "small.jsonl");
    writeFileSync(input, `${JSON.stringify({ id: 7, candidate: "the cat", references: ["the cat sat"] })}\n`);
    const out = path.join(dir, "rouge-only.jsonl");
    const result = await runCli(["score", "--in", input, "--out", out, "--metrics", "rouge"]);
    assert.equal(result.code, 0, result.stderr);
    const [row] = readRows(out);
    assert.deepEqual(Object.keys(row ?? {}).sort(), [
      "candidate",
      "id",
      "references",
      "rouge1",
      "rouge1_max",
      "rouge2",
      "rouge2_max",
      "rougeL",
      "rougeL_max",
    ]);
  });

  it("stops with exit code 2 on a bad line, naming it, and leaves no output or temporary file", async () => {
    const caseDir = mkdtempSync(path.join(dir, "bad-"));
    const input = path.join(caseDir, "bad.jsonl");
    const good = JSON.stringify({ id: "ok", candidate: "a b", references: ["a b"] });
    writeFileSync(input, `${good}\n${good}\n{"id": "x", "candidate": 5, "references": ["a"]}\n${good}\n`);
    const out = path.join(caseDir, "scores.jsonl");
    const result = await runCli(["score", "--in", input, "--out", out, "--workers", "2"]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /bad\.jsonl:3: field "candidate" must be a string, got number/);
    assert.deepEqual(readdirSync(caseDir), ["bad.jsonl"]);
  });

  it("resumes an interrupted run from OUT.partial with --resume", async () => {
    const caseDir = mkdtempSync(path.join(dir, "resume-"));
    const out = path.join(caseDir, "scores.jsonl");
    const expected = readFileSync(singleThreaded, "utf8");
    const lines = expected.split("\n");
    writeFileSync(`${out}.partial`, `${lines.slice(0, 40).join("\n")}\n${lines[40]?.slice(0, 30)}`);
    const result = await runCli(["score", "--in", pairsFile, "--out", out, "--resume"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`scored ${golden.length} pairs \\(40 resumed\\)`));
    assert.equal(readFileSync(out, "utf8"), expected);
    assert.deepEqual(readdirSync(caseDir), ["scores.jsonl"]);
  });

  it("rejects an unknown metric, a bad worker count and a missing input file with exit code 2", async () => {
    const out = path.join(dir, "never.jsonl");
    const [metric, workers, missing] = await Promise.all([
      runCli(["score", "--in", pairsFile, "--out", out, "--metrics", "bleu,cider"]),
      runCli(["score", "--in", pairsFile, "--out", out, "--workers", "0"]),
      runCli(["score", "--in", path.join(dir, "absent.jsonl"), "--out", out]),
    ]);
    assert.equal(metric.code, 2);
    assert.match(metric.stderr, /--metrics: unknown metric cider/);
    assert.equal(workers.code, 2);
    assert.match(workers.stderr, /--workers: expected a whole number/);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--in: pairs file not found: .*absent\.jsonl/);
    assert.equal(existsSync(out), false);
  });

  it("explains every option with an example in --help", async () => {
    const result = await runCli(["score", "--help"]);
    assert.equal(result.code, 0);
    for (const option of ["--in", "--out", "--metrics", "--workers", "--json"])
      assert.match(result.stdout, new RegExp(option));
    assert.match(result.stdout, /Examples:\n\s+slm-eval score --in/);
  });
});

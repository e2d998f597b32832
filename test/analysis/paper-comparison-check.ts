import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseCsv } from "../../src/analysis/kit-csv.js";

/** The fixture README's model sets, in its order. */
export const PAPER_MODEL_SETS = {
  pt: ["Gemma-2B", "Gemma-7B", "Mistral-7B", "Llama-3-8B", "Falcon-2-11B"],
  it: ["Gemma-2B-I", "Phi-3-mini-128k-I", "Mistral-7B-I", "Gemma-7B-I", "Llama-3-8B-I"],
};

/**
 * Asserts that a model-comparison CSV matches the paper's: same entities in the same order, every value within
 * 1e-9 (matched by model name, so column order may differ), every best_model identical.
 */
export function assertSameComparison(mineFile: string, paperFile: string): void {
  const [paperHeader, ...paperRows] = parseCsv(readFileSync(paperFile, "utf8"));
  const [myHeader, ...myRows] = parseCsv(readFileSync(mineFile, "utf8"));
  assert.ok(paperHeader && myHeader);
  assert.equal(myHeader[0], paperHeader[0], "entity column name");
  assert.equal(myHeader.at(-1), "best_model");
  assert.deepEqual(myHeader.slice(1, -1).sort(), paperHeader.slice(1, -1).sort(), "models");
  assert.deepEqual(
    myRows.map((row) => row[0]),
    paperRows.map((row) => row[0]),
    "entities",
  );
  paperRows.forEach((paperRow, r) => {
    const myRow = myRows[r] as string[];
    paperHeader.slice(1, -1).forEach((model, i) => {
      const expected = paperRow[i + 1] as string;
      const actual = myRow[myHeader.indexOf(model)] as string;
      if (expected === "") assert.equal(actual, "", `${paperRow[0]} / ${model}`);
      else
        assert.ok(
          Math.abs(Number(actual) - Number(expected)) <= 1e-9,
          `${paperRow[0]} / ${model}: ${actual} vs ${expected}`,
        );
    });
    assert.equal(myRow.at(-1), paperRow.at(-1), `best_model of ${paperRow[0]}`);
  });
}

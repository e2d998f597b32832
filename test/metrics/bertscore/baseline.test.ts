import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { loadBaselineFile, parseBaselineFile, rescale } from "../../../src/metrics/bertscore/baseline.js";

// The first rows of a file in bert_score's rescale_baseline layout (comma-separated despite the .tsv name).
const baselineText = "LAYER,P,R,F\n0,0.37,0.38,0.36\n1,0.67,0.66,0.665\n2,0.70,0.71,0.705\n";

describe("BERTScore baseline files", () => {
  it("picks the row of the layer in use", () => {
    assert.deepEqual(parseBaselineFile(baselineText, 1, "b.tsv"), {
      precision: 0.67,
      recall: 0.66,
      f1: 0.665,
    });
  });

  it("reads tab-separated files too", () => {
    const tabbed = baselineText.replaceAll(",", "\t");
    assert.deepEqual(parseBaselineFile(tabbed, 2, "b.tsv"), { precision: 0.7, recall: 0.71, f1: 0.705 });
  });

  it("names the file and line of a bad header or row", () => {
    assert.throws(
      () => parseBaselineFile("layer,p,r\n0,1,2\n", 0, "b.tsv"),
      /b\.tsv:1: expected the header LAYER,P,R,F/,
    );
    assert.throws(
      () => parseBaselineFile("LAYER,P,R,F\n0,0.1,x,0.2\n", 0, "b.tsv"),
      /b\.tsv:2: expected four numbers/,
    );
  });

  it("says when the layer has no row, and refuses a baseline of 1", () => {
    assert.throws(() => parseBaselineFile(baselineText, 17, "b.tsv"), /b\.tsv: no baseline row for layer 17/);
    assert.throws(
      () => parseBaselineFile("LAYER,P,R,F\n0,1,0.5,0.5\n", 0, "b.tsv"),
      /precision must be a number below 1/,
    );
  });

  it("loads a file and reports an unreadable one by path", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "bertscore-baseline-"));
    try {
      const file = path.join(dir, "bert-base-uncased.tsv");
      await writeFile(file, baselineText);
      assert.deepEqual(await loadBaselineFile(file, 0), { precision: 0.37, recall: 0.38, f1: 0.36 });
      await assert.rejects(
        loadBaselineFile(path.join(dir, "missing.tsv"), 0),
        /cannot read BERTScore baseline file .*missing\.tsv/,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("rescales each of P, R and F1 with its own baseline", () => {
    const result = rescale(
      { precision: 0.9, recall: 0.8, f1: 0.5 },
      { precision: 0.8, recall: 0.6, f1: 0.75 },
    );
    assert.ok(Math.abs(result.precision - 0.5) < 1e-12);
    assert.ok(Math.abs(result.recall - 0.5) < 1e-12);
    assert.ok(Math.abs(result.f1 - -1) < 1e-12);
  });
});

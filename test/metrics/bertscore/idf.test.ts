import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeIdf, idfWeight } from "../../../src/metrics/bertscore/idf.js";

describe("BERTScore IDF weights (bert_score's get_idf_dict)", () => {
  // Three references as token ids: 101 = [CLS], 102 = [SEP], 1996 = "the", 4937 = "cat", 3899 = "dog".
  const references = [
    [101, 1996, 4937, 102],
    [101, 1996, 3899, 1996, 102], // "the" twice: still one document
    [101, 4937, 102],
  ];
  const idf = computeIdf(references);

  it("counts each reference once per distinct token", () => {
    assert.equal(idf.documentCount, 3);
    assert.deepEqual(
      [...idf.documentFrequency.entries()].sort((a, b) => a[0] - b[0]),
      [
        [101, 3],
        [102, 3],
        [1996, 2],
        [3899, 1],
        [4937, 2],
      ],
    );
  });

  it("weighs a token log((M + 1) / (df + 1)), so tokens in every reference weigh 0", () => {
    assert.equal(idfWeight(idf, 1996), Math.log(4 / 3));
    assert.equal(idfWeight(idf, 3899), Math.log(4 / 2));
    assert.equal(idfWeight(idf, 101), 0);
    assert.equal(idfWeight(idf, 102), 0);
  });

  it("weighs a token absent from every reference log(M + 1)", () => {
    assert.equal(idfWeight(idf, 7592), Math.log(4));
  });

  it("weighs every token 0 when there are no references (log(1))", () => {
    assert.equal(idfWeight(computeIdf([]), 7592), 0);
  });
});

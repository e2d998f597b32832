import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scanPlainText } from "../../src/metrics/treebank-plain-scanner.js";
import { treebankRegexTokenize, treebankTokenize } from "../../src/metrics/treebank-tokenizer.js";

/** mulberry32: a fixed sequence of pseudo-random numbers for a seed. */
function randomNumbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces of plain texts, weighted towards the characters the scanner treats specially and their neighbours. */
const PLAIN_PIECES = [
  ..." .,:;?!()[]{}<>-@#$%&*_/+=~^|\\",
  " ",
  "  ",
  "..",
  "...",
  "--",
  "---",
  "1",
  "42",
  "a",
  "I",
  "word",
  "U.S",
  "e.g",
  "Mr",
];

function randomPlainText(random: () => number): string {
  let text = "";
  const pieces = Math.floor(random() * 12);
  for (let k = 0; k < pieces; k++) text += PLAIN_PIECES[Math.floor(random() * PLAIN_PIECES.length)];
  return text;
}

describe("scanPlainText", () => {
  it("gives the regex pipeline's tokens on 50,000 random plain texts", () => {
    const random = randomNumbers(7);
    for (let k = 0; k < 50_000; k++) {
      const text = randomPlainText(random);
      assert.deepEqual(scanPlainText(text), treebankRegexTokenize(text), JSON.stringify(text));
    }
  });

  it("splits as NLTK 3.8 does around commas, colons, periods and hyphens", () => {
    assert.deepEqual(scanPlainText("At 10:30, 1,000 people (roughly) left..."), [
      "At",
      "10:30",
      ",",
      "1,000",
      "people",
      "(",
      "roughly",
      ")",
      "left",
      "...",
    ]);
    assert.deepEqual(scanPlainText(",,a b,,"), [",", ",a", "b", ",", ","]);
    assert.deepEqual(scanPlainText("well---known e.g. U.S.)  "), [
      "well",
      "--",
      "-known",
      "e.g.",
      "U.S",
      ".",
      ")",
    ]);
  });

  it("declines texts with quotes, non-ASCII characters or other whitespace", () => {
    for (const text of ["don't", 'say "hi"', "``a", "café", "a\tb", "a\nb"]) {
      assert.equal(scanPlainText(text), undefined, JSON.stringify(text));
    }
  });
});

describe("treebankTokenize", () => {
  it("leaves contraction words of plain texts to the regex pipeline", () => {
    assert.deepEqual(treebankTokenize("We CANNOT, gonna go."), [
      "We",
      "CAN",
      "NOT",
      ",",
      "gon",
      "na",
      "go",
      ".",
    ]);
  });
});

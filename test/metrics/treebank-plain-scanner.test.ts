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
  "\n",
  "\t",
  "\r\n",
  "\u001c",
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
  "'",
  "'s",
  "'S",
  "'m",
  "'d",
  "'t",
  "'ll",
  "'LL",
  "'Re",
  "'ve",
  "'x",
  "'X1",
  "n't",
  "N'T",
  "can't",
  "O'Neil",
  "rock'n'roll",
  "dogs'",
  "' ",
  " '",
  '"',
  ' "',
  '("',
  '."',
  "é",
  "café",
  "£5",
  "\u2014",
  "e\u0301",
  "\ufeff",
  "ß",
  "안녕",
];

/** Pieces that make a text not plain. */
const OTHER_PIECES = [
  "``",
  "''",
  "\u00a0",
  "\u0085",
  "\u0000",
  "İ",
  "ı",
  "ſ",
  "\u212a",
  "\u0661",
  "\uff11",
  "\u3000",
  "\u2009",
  "«",
  "»",
  "😀",
  "𝟎",
  "“",
  "’",
  "cannot",
  "gonna",
  "'tis",
];

function randomText(random: () => number, pieces: readonly string[], count: number): string {
  let text = "";
  for (let k = Math.floor(random() * count); k > 0; k--) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

describe("scanPlainText", () => {
  it("gives the regex pipeline's tokens on random plain texts, most of them scanned", () => {
    const random = randomNumbers(7);
    let scanned = 0;
    for (let k = 0; k < 50_000; k++) {
      const text = randomText(random, PLAIN_PIECES, 12);
      const tokens = scanPlainText(text);
      if (tokens === undefined) continue;
      scanned++;
      assert.deepEqual(tokens, treebankRegexTokenize(text), JSON.stringify(text));
    }
    assert.ok(scanned > 20_000, `scanned ${scanned} of 50,000`);
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

  it("cuts at tabs and newlines, where a clitic is not split off", () => {
    assert.deepEqual(scanPlainText("It's\tdone.\nDon't\r\n"), ["It's", "done.", "Don't"]);
    assert.deepEqual(scanPlainText("The end. \n"), ["The", "end", "."]);
  });

  it("splits a closing apostrophe off a word unless a tab or newline follows, as NLTK 3.8 does", () => {
    assert.deepEqual(scanPlainText("the dogs' bones, Workers ' Party; dogs'; x dogs'\ny the dogs'"), [
      "the",
      "dogs",
      "'",
      "bones",
      ",",
      "Workers",
      "'",
      "Party",
      ";",
      "dogs",
      "'",
      ";",
      "x",
      "dogs'",
      "y",
      "the",
      "dogs",
      "'",
    ]);
  });

  it("turns double quotes into `` and '' and splits a final period before closing quotes, as NLTK 3.8 does", () => {
    assert.deepEqual(scanPlainText("He left. '"), ["He", "left", ".", "'"]);
    assert.deepEqual(scanPlainText('""Hi," she ("said") a "b" c." \''), [
      "``",
      "``",
      "Hi",
      ",",
      "''",
      "she",
      "(",
      "``",
      "said",
      "''",
      ")",
      "a",
      "``",
      "b",
      "''",
      "c",
      ".",
      "''",
      "'",
    ]);
  });

  it("splits clitics as NLTK 3.8 does", () => {
    assert.deepEqual(scanPlainText("I'm sure they'll say it's Bob's, don't you? 'x 's O'Neil"), [
      "I",
      "'m",
      "sure",
      "they",
      "'ll",
      "say",
      "it",
      "'s",
      "Bob",
      "'s",
      ",",
      "do",
      "n't",
      "you",
      "?",
      "'",
      "x",
      "'s",
      "O'Neil",
    ]);
  });

  it("declines texts with backticks, non-ASCII or control characters, or contraction words", () => {
    for (const text of [
      "``a",
      "l'été",
      "a,١",
      "a\u00a0b",
      "a\u0000b",
      "a\u0085b",
      "We CANNOT",
      "I WaNNa go",
      "'Twas",
      "more'n",
    ]) {
      assert.equal(scanPlainText(text), undefined, JSON.stringify(text));
    }
  });
});

describe("treebankTokenize", () => {
  it("gives the regex pipeline's tokens on random texts mixing plain and other pieces", () => {
    const random = randomNumbers(11);
    const pieces = [...PLAIN_PIECES, ...PLAIN_PIECES, ...OTHER_PIECES];
    for (let k = 0; k < 30_000; k++) {
      const text = randomText(random, pieces, 40);
      assert.deepEqual(treebankTokenize(text), treebankRegexTokenize(text), JSON.stringify(text));
    }
  });

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

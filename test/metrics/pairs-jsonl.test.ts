import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { PairInputError, parsePairRow, readLines } from "../../src/metrics/pairs-jsonl.js";

describe("parsePairRow", () => {
  it("accepts a row with string or number id and keeps its other fields", () => {
    const row = parsePairRow('{"id": 3, "candidate": "", "references": ["a"], "model": "m"}', "p.jsonl", 1);
    assert.deepEqual(row, { id: 3, candidate: "", references: ["a"], model: "m" });
  });

  const invalid: Array<[string, string, string]> = [
    ["invalid JSON", '{"id": "x", ', "p.jsonl:4: invalid JSON"],
    ["a non-object", '["x"]', 'p.jsonl:4: expected a JSON object {"id", "candidate", "references"}'],
    ["a missing id", '{"candidate": "a", "references": ["a"]}', 'p.jsonl:4: missing field "id"'],
    [
      "an id of the wrong type",
      '{"id": null, "candidate": "a", "references": ["a"]}',
      'p.jsonl:4: field "id" must be a string or a number, got null',
    ],
    ["a missing candidate", '{"id": "x", "references": ["a"]}', 'p.jsonl:4: missing field "candidate"'],
    [
      "a candidate of the wrong type",
      '{"id": "x", "candidate": 5, "references": ["a"]}',
      'p.jsonl:4: field "candidate" must be a string, got number',
    ],
    ["missing references", '{"id": "x", "candidate": "a"}', 'p.jsonl:4: missing field "references"'],
    [
      "a string instead of references",
      '{"id": "x", "candidate": "a", "references": "a"}',
      'p.jsonl:4: field "references" must be a non-empty array of strings, got string',
    ],
    [
      "empty references",
      '{"id": "x", "candidate": "a", "references": []}',
      'p.jsonl:4: field "references" must be a non-empty array of strings, got an empty array',
    ],
    [
      "a non-string reference",
      '{"id": "x", "candidate": "a", "references": ["a", 1]}',
      'p.jsonl:4: field "references[1]" must be a string, got number',
    ],
  ];
  for (const [what, line, message] of invalid) {
    it(`rejects ${what}, naming file, line and field`, () => {
      assert.throws(
        () => parsePairRow(line, "p.jsonl", 4),
        (error: unknown) => error instanceof PairInputError && error.message.startsWith(message),
      );
    });
  }
});

describe("readLines", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "slm-lines-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("splits on newline only, drops a trailing carriage return and keeps a last line without newline", async () => {
    const file = path.join(dir, "lines.jsonl");
    writeFileSync(file, "a\u2028b\u0085c\r\nsecond\rline\n\nlast");
    const lines = [];
    for await (const line of readLines(file)) lines.push([line.number, line.text]);
    assert.deepEqual(lines, [
      [1, "a\u2028b\u0085c"],
      [2, "second\rline"],
      [3, ""],
      [4, "last"],
    ]);
  });

  it("reassembles lines and multi-byte characters across read chunks", async () => {
    const file = path.join(dir, "long.jsonl");
    const line = "é😀".repeat(40_000);
    writeFileSync(file, `${line}\n${line}\n`);
    const texts = [];
    for await (const read of readLines(file)) texts.push(read.text);
    assert.deepEqual(texts, [line, line]);
  });
});

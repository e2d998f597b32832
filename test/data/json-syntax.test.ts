import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeJsonSyntaxError, findJsonSyntaxError, lineAndColumn } from "../../src/data/json-syntax.js";

describe("JSON syntax error location", () => {
  it("finds nothing wrong in valid JSON, whatever its layout", () => {
    for (const text of ['{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"]}', " [ ] ", '"s"', "0"]) {
      assert.equal(findJsonSyntaxError(text), undefined, text);
    }
  });

  it("points at the trailing comma before a closing brace, by line and column", () => {
    const problem = findJsonSyntaxError('{\n  "a": 1,\n}');
    assert.deepEqual(
      { line: problem?.line, column: problem?.column, expected: problem?.expected },
      { line: 3, column: 1, expected: "a double-quoted property name" },
    );
  });

  it("points at a missing comma between array elements", () => {
    const problem = findJsonSyntaxError('[\n "a"\n "b"\n]');
    assert.equal(problem?.line, 3);
    assert.equal(problem?.column, 2);
    assert.match(problem?.expected ?? "", /',' or '\]'/);
  });

  it("reports an unterminated string at the end of the input", () => {
    const text = '{"a": "open';
    assert.equal(findJsonSyntaxError(text)?.offset, text.length);
    assert.match(
      describeJsonSyntaxError(text, new Error("x")),
      /line 1, column 12: expected a closing '"', found end of file/,
    );
  });

  it("rejects raw control characters and bad escapes inside strings", () => {
    assert.equal(findJsonSyntaxError('"a\tb"')?.column, 3);
    assert.equal(findJsonSyntaxError('"a\\qb"')?.column, 3);
  });

  it("counts lines and columns from 1", () => {
    assert.deepEqual(lineAndColumn("ab\ncd", 0), { line: 1, column: 1 });
    assert.deepEqual(lineAndColumn("ab\ncd", 4), { line: 2, column: 2 });
  });
});

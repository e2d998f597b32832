import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatKitNumber, parseCsv } from "../../src/analysis/kit-csv.js";

describe("kit CSV numbers", () => {
  it("write floats as Python's repr does", () => {
    assert.equal(formatKitNumber(87.42701183832608), "87.42701183832608");
    assert.equal(formatKitNumber(87), "87.0");
    assert.equal(formatKitNumber(0), "0.0");
    assert.equal(formatKitNumber(0.0001), "0.0001");
    assert.equal(formatKitNumber(0.00001), "1e-05");
    assert.equal(formatKitNumber(-2.5e-7), "-2.5e-07");
    assert.equal(formatKitNumber(1e16), "1e+16");
    assert.equal(formatKitNumber(null), "");
    assert.equal(formatKitNumber(Number.NaN), "");
  });
});

describe("CSV parsing", () => {
  it("reads quoted fields with commas, quotes and line breaks, and CRLF line ends", () => {
    assert.deepEqual(parseCsv('a,"b,c","say ""hi""\nthere"\r\n1,,3\n'), [
      ["a", "b,c", 'say "hi"\nthere'],
      ["1", "", "3"],
    ]);
  });

  it("keeps a last line without a line break", () => {
    assert.deepEqual(parseCsv("x,y\n1,2"), [
      ["x", "y"],
      ["1", "2"],
    ]);
  });
});

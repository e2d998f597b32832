import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { markdownTable, safeFileName } from "../../src/report/kit-tables.js";

describe("kit-layout tables", () => {
  it("turn model names into safe folder names", () => {
    assert.equal(safeFileName("Gemma-2B-I"), "Gemma-2B-I");
    assert.equal(safeFileName("org/model:q4"), "org_model_q4");
    assert.equal(safeFileName("../up"), "__up");
    assert.equal(safeFileName("tab\there"), "tab_here");
    assert.equal(safeFileName(""), "_");
  });

  it("escape pipes and line breaks in Markdown cells", () => {
    assert.equal(markdownTable(["a", "b"], [["x|y", "1\n2"]]), "| a | b |\n| --- | --- |\n| x\\|y | 1 2 |\n");
  });
});

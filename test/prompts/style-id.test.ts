import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import {
  buildStyles,
  formatStyleId,
  PAPER_STYLES,
  parseStyleId,
  parseStyleList,
} from "../../src/prompts/style-id.js";

describe("style ids", () => {
  it("parse <examples>-<def|nodef> and format back", () => {
    assert.deepEqual(parseStyleId("0-def"), { examples: 0, withDefinition: true });
    assert.deepEqual(parseStyleId("8-nodef"), { examples: 8, withDefinition: false });
    assert.equal(formatStyleId({ examples: 4, withDefinition: false }), "4-nodef");
  });

  it("reject malformed ids with a usage error that shows the expected form", () => {
    for (const bad of ["", "8", "def", "8-definition", "-1-def", "x-def", "1000-def"]) {
      assert.throws(
        () => parseStyleId(bad),
        (error: unknown) => {
          assert.ok(error instanceof UsageError, `${bad} should be a usage error`);
          assert.match(error.message, /prompt style/);
          return true;
        },
      );
    }
  });

  it('"all" is the paper\'s eight styles: {0,2,4,8} examples × with/without definition', () => {
    const ids = parseStyleList("all").map(formatStyleId);
    assert.deepEqual(ids, ["0-def", "0-nodef", "2-def", "2-nodef", "4-def", "4-nodef", "8-def", "8-nodef"]);
    assert.equal(PAPER_STYLES.length, 8);
  });

  it("lists keep their order and drop duplicates", () => {
    assert.deepEqual(parseStyleList(" 8-nodef,0-def, 8-nodef ").map(formatStyleId), ["8-nodef", "0-def"]);
    assert.equal(parseStyleList("all,0-def").length, 8);
    assert.throws(() => parseStyleList(" , "), UsageError);
  });

  it("styles get the paper's defaults unless options say otherwise", () => {
    const [style] = buildStyles([{ examples: 2, withDefinition: true }]);
    assert.deepEqual(style, {
      examples: 2,
      withDefinition: true,
      definitionVariant: "original",
      explanations: false,
      selection: "seeded",
      mode: "completion",
    });
    const [chat] = buildStyles([{ examples: 0, withDefinition: false }], {
      mode: "chat",
      chatTemplate: "Llama3",
    });
    assert.equal(chat?.mode, "chat");
    assert.equal(chat?.chatTemplate, "Llama3");
  });
});

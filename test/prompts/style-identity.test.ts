import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PromptStyle } from "../../src/domain/prompt.js";
import { describeStyle, styleHash, styleIdentity } from "../../src/prompts/style-identity.js";

const base: PromptStyle = {
  examples: 4,
  withDefinition: true,
  definitionVariant: "original",
  explanations: false,
  selection: "seeded",
  mode: "completion",
};

describe("a prompt style's identity", () => {
  it("changes with every field that changes the text a model sees", () => {
    const variants: PromptStyle[] = [
      base,
      { ...base, examples: 2 },
      { ...base, withDefinition: false },
      { ...base, definitionVariant: "paraphrased" },
      { ...base, definitionVariant: "adversarial" },
      { ...base, explanations: true },
      { ...base, selection: "first" },
      { ...base, mode: "chat", chatTemplate: "Llama3Chat" },
      { ...base, mode: "chat", chatTemplate: "ChatML" },
    ];
    const hashes = new Set(variants.map(styleHash));
    assert.equal(hashes.size, variants.length);
  });

  it("ignores fields that cannot change the text", () => {
    const noDefinition = { ...base, withDefinition: false };
    assert.equal(styleHash(noDefinition), styleHash({ ...noDefinition, definitionVariant: "adversarial" }));
    const noExamples = { ...base, examples: 0 };
    assert.equal(styleHash(noExamples), styleHash({ ...noExamples, explanations: true, selection: "first" }));
    assert.equal(styleHash(base), styleHash({ ...base, chatTemplate: "ChatML" }));
  });

  it("is stable text: a fixed key order, so stored hashes stay valid across versions", () => {
    assert.equal(
      styleIdentity(base),
      '[["examples",4],["withDefinition",true],["definitionVariant","original"],["explanations",false],' +
        '["selection","seeded"],["mode","completion"],["chatTemplate",null]]',
    );
    assert.match(styleHash(base), /^[0-9a-f]{16}$/);
  });

  it("has a readable name that shows what differs from the paper's defaults", () => {
    assert.equal(describeStyle(base), "4-def");
    assert.equal(
      describeStyle({ ...base, definitionVariant: "paraphrased", explanations: true, selection: "first" }),
      "4-def paraphrased +explanations first",
    );
    assert.equal(
      describeStyle({ ...base, withDefinition: false, mode: "chat", chatTemplate: "Gemma" }),
      "4-nodef chat(Gemma)",
    );
  });
});

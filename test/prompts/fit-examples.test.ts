import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RenderedPrompt } from "../../src/domain/prompt.js";
import type { Example } from "../../src/domain/task.js";
import { fitExamples } from "../../src/prompts/fit-examples.js";
import { renderPromptParts } from "../../src/prompts/render.js";

const examples: Example[] = [1, 2, 3, 4].map((i) => ({ input: `input ${i}`, output: `output ${i}` }));
const render = (chosen: readonly Example[]) =>
  renderPromptParts({ definition: "Def.", examples: chosen, explanations: false, input: "x" }, "completion");
// A whitespace "tokenizer": enough to make the prompt length depend on the number of examples.
const countTokens = async (prompt: RenderedPrompt) =>
  prompt.mode === "completion" ? prompt.text.split(/\s+/).filter(Boolean).length : 0;

describe("fitting examples into the context", () => {
  it("keeps every example when the prompt fits", async () => {
    const result = await fitExamples({
      examples,
      render,
      countTokens,
      limits: { contextSize: 1000, maxNewTokens: 10 },
      dropExamples: true,
    });
    assert.equal(result.fits, true);
    assert.equal(result.examplesUsed, 4);
    assert.deepEqual(result.prompt, render(examples));
  });

  it("drops examples from the end until prompt + max new tokens fit, and reports how many were used", async () => {
    const full = await countTokens(render(examples));
    const two = await countTokens(render(examples.slice(0, 2)));
    const result = await fitExamples({
      examples,
      render,
      countTokens,
      limits: { contextSize: two + 10, maxNewTokens: 10 },
      dropExamples: true,
    });
    assert.ok(full > two + 10);
    assert.equal(result.fits, true);
    assert.equal(result.examplesUsed, 2);
    assert.equal(result.promptTokens, two);
    assert.deepEqual(result.prompt, render(examples.slice(0, 2)));
  });

  it("reports an overflow when even no example leaves room", async () => {
    const result = await fitExamples({
      examples,
      render,
      countTokens,
      limits: { contextSize: 5, maxNewTokens: 10 },
      dropExamples: true,
    });
    assert.equal(result.fits, false);
    assert.equal(result.examplesUsed, 0);
  });

  it("without --fit-examples only checks the full prompt", async () => {
    const two = await countTokens(render(examples.slice(0, 2)));
    const result = await fitExamples({
      examples,
      render,
      countTokens,
      limits: { contextSize: two + 10, maxNewTokens: 10 },
      dropExamples: false,
    });
    assert.equal(result.fits, false);
    assert.equal(result.examplesUsed, 4);
  });
});

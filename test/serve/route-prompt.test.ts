import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyRoutePrompt } from "../../src/serve/route-prompt.js";

const routePrompt = { definition: "Answer yes or no.", examples: [{ input: "Is ice cold?", output: "yes" }] };

describe("applyRoutePrompt", () => {
  it("puts a completion prompt into the paper's template", () => {
    const prompt = applyRoutePrompt({ mode: "completion", text: "Is fire cold?" }, routePrompt);
    assert.deepEqual(prompt, {
      mode: "completion",
      text:
        "Answer yes or no.\n\nRefer to the following examples for reference:\n\nInput: Is ice cold?\nOutput: yes\n" +
        "\n\nNow complete the following task: \nInput: Is fire cold?\nOutput: ",
    });
  });

  it("wraps only the last user message of a chat", () => {
    const prompt = applyRoutePrompt(
      {
        mode: "chat",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "first" },
          { role: "assistant", content: "ok" },
          { role: "user", content: "Is fire cold?" },
        ],
      },
      { definition: "Answer yes or no.", examples: [] },
    );
    assert.equal(prompt.mode, "chat");
    if (prompt.mode !== "chat") return;
    assert.deepEqual(
      prompt.messages.map((message) => message.content),
      [
        "Be brief.",
        "first",
        "ok",
        "Answer yes or no.\n\nNow complete the following task: \nInput: Is fire cold?\nOutput: ",
      ],
    );
  });

  it("leaves the prompt alone without a route prompt or with an empty one", () => {
    const prompt = { mode: "completion" as const, text: "x" };
    assert.equal(applyRoutePrompt(prompt, undefined), prompt);
    assert.equal(applyRoutePrompt(prompt, { definition: "", examples: [] }), prompt);
  });
});

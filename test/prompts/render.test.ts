import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CHAT_SYSTEM_MESSAGE,
  promptText,
  renderCompletionText,
  renderPromptParts,
} from "../../src/prompts/render.js";

// Golden strings written by hand from the design's template:
// {definition}\n\nRefer to the following examples for reference:\n\n{ex1}\n\n{ex2}\n\nNow complete the following task: \nInput: {input}\nOutput:
const definition = "Answer the question.";
const ex1 = { input: "2+2?", output: "4", explanation: "Adding two and two." };
const ex2 = { input: "3+1?", output: "4", explanation: "Adding three and one." };

describe("the paper's completion prompt", () => {
  it("with definition and no examples has no examples block", () => {
    assert.equal(
      renderCompletionText({ definition, examples: [], explanations: false, input: "1+1?" }),
      "Answer the question.\n\nNow complete the following task: \nInput: 1+1?\nOutput: ",
    );
  });

  it("without definition and no examples starts with the empty definition", () => {
    assert.equal(
      renderCompletionText({ definition: "", examples: [], explanations: false, input: "1+1?" }),
      "\n\nNow complete the following task: \nInput: 1+1?\nOutput: ",
    );
  });

  it("with two examples ends each example with a newline and joins them with a blank line", () => {
    assert.equal(
      renderCompletionText({ definition, examples: [ex1, ex2], explanations: false, input: "1+1?" }),
      "Answer the question.\n\nRefer to the following examples for reference:\n\n" +
        "Input: 2+2?\nOutput: 4\n\n\nInput: 3+1?\nOutput: 4\n\n\n" +
        "Now complete the following task: \nInput: 1+1?\nOutput: ",
    );
  });

  it("without definition but with examples starts with the examples block", () => {
    assert.equal(
      renderCompletionText({ definition: "", examples: [ex1], explanations: false, input: "1+1?" }),
      "\n\nRefer to the following examples for reference:\n\nInput: 2+2?\nOutput: 4\n\n\n" +
        "Now complete the following task: \nInput: 1+1?\nOutput: ",
    );
  });

  it("with explanations appends them after the output line without a trailing newline", () => {
    assert.equal(
      renderCompletionText({ definition, examples: [ex1, ex2], explanations: true, input: "1+1?" }),
      "Answer the question.\n\nRefer to the following examples for reference:\n\n" +
        "Input: 2+2?\nOutput: 4\nExplanation: Adding two and two.\n\n" +
        "Input: 3+1?\nOutput: 4\nExplanation: Adding three and one.\n\n" +
        "Now complete the following task: \nInput: 1+1?\nOutput: ",
    );
  });

  it("keeps the text of inputs and outputs untouched (no trimming, newlines kept)", () => {
    assert.equal(
      renderCompletionText({
        definition: " Def ",
        examples: [{ input: " a\nb ", output: "c " }],
        explanations: false,
        input: " x\n",
      }),
      " Def \n\nRefer to the following examples for reference:\n\nInput:  a\nb \nOutput: c \n\n\n" +
        "Now complete the following task: \nInput:  x\n\nOutput: ",
    );
  });
});

describe("the chat rendering", () => {
  it("sends the kit's system message and the completion text as the user message", () => {
    const prompt = renderPromptParts(
      { definition, examples: [], explanations: false, input: "1+1?" },
      "chat",
    );
    assert.deepEqual(prompt, {
      mode: "chat",
      messages: [
        {
          role: "system",
          content: "You are an AI assistant designed to help users in completion of a task.",
        },
        {
          role: "user",
          content: "Answer the question.\n\nNow complete the following task: \nInput: 1+1?\nOutput: ",
        },
      ],
    });
    assert.equal(
      CHAT_SYSTEM_MESSAGE,
      "You are an AI assistant designed to help users in completion of a task.",
    );
  });

  it("flattens to one string for hashing and export: the chat messages' JSON", () => {
    const prompt = renderPromptParts(
      { definition: "D", examples: [], explanations: false, input: "i" },
      "chat",
    );
    assert.equal(
      promptText(prompt),
      '[{"role":"system","content":"You are an AI assistant designed to help users in completion of a task."},' +
        '{"role":"user","content":"D\\n\\nNow complete the following task: \\nInput: i\\nOutput: "}]',
    );
    assert.equal(promptText({ mode: "completion", text: "abc" }), "abc");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildPrompt } from "../../src/prompts/build-prompt.js";
import { parseDefinitionVariants } from "../../src/prompts/definition-variants.js";
import { buildStyles, PAPER_STYLES } from "../../src/prompts/style-id.js";
import { fixtureTask } from "../support/sni-tasks.js";

const task = fixtureTask("task1153_bard_analogical_reasoning_affordance");
const instance = task.instances[0];
if (!instance) throw new Error("fixture task has no instances");
const definition =
  'Two analogies that signify affordances are given in the form "A : B. C : ?". Affordance is the possibility of ' +
  'an action being done on an object, for example book is an affordance of writing. The phrase "A : B" implies ' +
  "that B is an affordance of A. Your task is to replace the question mark (?) with the appropriate affordance of " +
  'the given action C, following the "A : B" relation. Your answer should be a single object without further ' +
  "explanation.";

describe("prompts for a real SNI task (task1153, first examples)", () => {
  const [withDef] = buildStyles([{ examples: 2, withDefinition: true }], { selection: "first" });
  const [noDef] = buildStyles([{ examples: 2, withDefinition: false }], { selection: "first" });
  if (!withDef || !noDef) throw new Error("styles not built");

  it("2-def matches the hand-written golden prompt", () => {
    const built = buildPrompt({ task, instance, style: withDef, seed: 0 });
    assert.deepEqual(built.prompt, {
      mode: "completion",
      text:
        `${definition}\n\nRefer to the following examples for reference:\n\n` +
        "Input: cure : disease. swing : ?\nOutput: sword\n\n\n" +
        "Input: write : book. swear : ?\nOutput: oath\n\n\n" +
        "Now complete the following task: \nInput: ride : horse. drink : ?\nOutput: ",
    });
    assert.equal(built.reference, "water");
    assert.equal(built.examples.length, 2);
  });

  it("2-nodef is the same prompt without the definition", () => {
    const built = buildPrompt({ task, instance, style: noDef, seed: 0 });
    assert.equal(
      built.prompt.mode === "completion" ? built.prompt.text : "",
      "\n\nRefer to the following examples for reference:\n\n" +
        "Input: cure : disease. swing : ?\nOutput: sword\n\n\n" +
        "Input: write : book. swear : ?\nOutput: oath\n\n\n" +
        "Now complete the following task: \nInput: ride : horse. drink : ?\nOutput: ",
    );
  });

  it("with explanations adds each example's explanation", () => {
    const [style] = buildStyles([{ examples: 1, withDefinition: false }], {
      selection: "first",
      explanations: true,
    });
    if (!style) throw new Error("style not built");
    const built = buildPrompt({ task, instance, style, seed: 0 });
    assert.equal(
      built.prompt.mode === "completion" ? built.prompt.text : "",
      "\n\nRefer to the following examples for reference:\n\n" +
        "Input: cure : disease. swing : ?\nOutput: sword\n" +
        "Explanation: The given analogy implies that diseases can be cured - an affordance relation. Hence, the " +
        "appropriate answer for swing is sword, since swords can be swung.\n\n" +
        "Now complete the following task: \nInput: ride : horse. drink : ?\nOutput: ",
    );
  });

  it("a paraphrased definition replaces the task's own", () => {
    const definitions = parseDefinitionVariants(
      `id,definition,paraphrased_definition\n${task.name},x,"Fill in the object, briefly."\n`,
      "p.csv",
      "paraphrased",
    );
    const [style] = buildStyles([{ examples: 0, withDefinition: true }], {
      definitionVariant: "paraphrased",
    });
    if (!style) throw new Error("style not built");
    const built = buildPrompt({ task, instance, style, seed: 0, definitions });
    assert.equal(
      built.prompt.mode === "completion" ? built.prompt.text : "",
      "Fill in the object, briefly.\n\nNow complete the following task: \nInput: ride : horse. drink : ?\nOutput: ",
    );
  });

  it("chat mode carries the same text as the user message", () => {
    const [chat] = buildStyles([{ examples: 2, withDefinition: true }], { selection: "first", mode: "chat" });
    if (!chat) throw new Error("style not built");
    const completion = buildPrompt({ task, instance, style: withDef, seed: 0 }).prompt;
    const built = buildPrompt({ task, instance, style: chat, seed: 0 }).prompt;
    assert.equal(built.mode, "chat");
    assert.equal(
      built.mode === "chat" ? built.messages[1]?.content : "",
      completion.mode === "completion" ? completion.text : "?",
    );
  });

  it("all eight styles render deterministically, with as many examples as the task allows", () => {
    for (const style of buildStyles(PAPER_STYLES)) {
      for (const item of task.instances.slice(0, 5)) {
        const first = buildPrompt({ task, instance: item, style, seed: 7 });
        assert.deepEqual(buildPrompt({ task, instance: item, style, seed: 7 }), first);
        assert.equal(first.examples.length, Math.min(style.examples, task.positiveExamples.length));
        const text = first.prompt.mode === "completion" ? first.prompt.text : "";
        assert.equal(text.startsWith(definition), style.withDefinition);
        assert.ok(text.endsWith(`Now complete the following task: \nInput: ${item.input}\nOutput: `));
      }
    }
  });
});

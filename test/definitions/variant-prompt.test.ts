import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { definitionsCsv } from "../../src/definitions/definitions-csv.js";
import { cleanVariant, variantColumn, variantPrompt } from "../../src/definitions/variant-prompt.js";
import { parseDefinitionVariants } from "../../src/prompts/index.js";

describe("definition variant prompts", () => {
  it("ask for a paraphrase that keeps every piece of information, in chat or completion form", () => {
    const chat = variantPrompt("paraphrase", '  Answer "yes" or "no". Use $1 literally.  ', "chat");
    assert.equal(chat.mode, "chat");
    const user = chat.mode === "chat" ? (chat.messages[1]?.content ?? "") : "";
    assert.match(user, /Keep every piece of information/);
    assert.ok(
      user.endsWith('Task definition:\nAnswer "yes" or "no". Use $1 literally.'),
      "definition kept verbatim",
    );
    const completion = variantPrompt("paraphrase", "Do X.", "completion");
    assert.ok(completion.mode === "completion" && completion.text.endsWith("Do X.\n\nRewritten definition:"));
  });

  it("ask for an adversarial rewrite that looks legitimate but is subtly changed", () => {
    const prompt = variantPrompt("adversarial", "Do X.", "chat");
    const user = prompt.mode === "chat" ? (prompt.messages[1]?.content ?? "") : "";
    assert.match(user, /legitimate/);
    assert.match(user, /near-synonym/);
    assert.match(user, /ambiguous/);
    assert.match(user, /must not be overtly wrong/);
    assert.equal(variantColumn("adversarial"), "adversarial");
    assert.equal(variantColumn("paraphrase"), "paraphrased");
  });

  it("clean a reply of a leading label and wrapping quotes only", () => {
    assert.equal(cleanVariant('  Rewritten definition: "Say yes or no."  '), "Say yes or no.");
    assert.equal(cleanVariant('Say "yes" or "no".'), 'Say "yes" or "no".');
    assert.equal(cleanVariant("   "), "");
  });
});

describe("definitions CSV", () => {
  it("round-trips through the prompts module's reader (quotes, commas, newlines)", () => {
    const text = definitionsCsv("paraphrased", [
      { id: "task1", definition: 'Say "a", then b', variant: 'Write "a",\nthen b' },
      { id: "task2", definition: "x", variant: "y" },
    ]);
    assert.ok(text.startsWith("id,definition,paraphrased_definition\n"));
    const read = parseDefinitionVariants(text, "p.csv", "paraphrased");
    assert.equal(read.byTask.get("task1"), 'Write "a",\nthen b');
    assert.equal(read.byTask.get("task2"), "y");
  });
});

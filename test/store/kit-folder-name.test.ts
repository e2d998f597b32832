import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseKitFolderName } from "../../src/store/kit-folder-name.js";

describe("paper kit results folder names", () => {
  it("reads model, style and decoding from the kit's folder layout", () => {
    const parsed = parseKitFolderName(
      "pretrained--google--gemma-2b-it--positive_examples-8--add_definition-False--add_explanation-False" +
        "--add_paraphrased_definition-True--add_adversarial_definition-False--do_sample-True--top_k-10--top_p-None",
    );
    assert.deepEqual(parsed, {
      company: "google",
      model: "gemma-2b-it",
      label: "Gemma-2B-I",
      examples: 8,
      withDefinition: false,
      explanations: false,
      definitionVariant: "paraphrased",
      doSample: true,
      topK: 10,
      topP: undefined,
    });
  });

  it("keeps an unknown model's own name as its label and treats absent flags as off", () => {
    const parsed = parseKitFolderName("pretrained--acme--tiny-lm--positive_examples-0--add_definition-True");
    assert.ok(!("error" in parsed));
    assert.equal(parsed.label, "tiny-lm");
    assert.equal(parsed.definitionVariant, "original");
    assert.equal(parsed.doSample, false);
  });

  it("explains what is missing from a name that is not the kit's", () => {
    assert.match(String((parseKitFolderName("my-results") as { error: string }).error), /organisation/);
    assert.match(
      String(
        (parseKitFolderName("pretrained--google--gemma-2b--add_definition-True") as { error: string }).error,
      ),
      /positive_examples/,
    );
  });
});

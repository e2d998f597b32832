import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import {
  parametersFromModelName,
  parseParameterCount,
  parseStyleConstraint,
} from "../../src/recommend/constraints.js";

describe("recommend constraints", () => {
  it("reads parameter counts with K/M/B/T suffixes and rejects anything else", () => {
    assert.equal(parseParameterCount("3B"), 3e9);
    assert.equal(parseParameterCount("500m"), 5e8);
    assert.equal(parseParameterCount("7.5B"), 7.5e9);
    assert.throws(() => parseParameterCount("three"), UsageError);
    assert.throws(() => parseParameterCount("3GB"), UsageError);
  });

  it("reads a published model's size from its name, or none", () => {
    assert.equal(parametersFromModelName("Gemma-2B-I"), 2e9);
    assert.equal(parametersFromModelName("Falcon-2-11B"), 11e9);
    assert.equal(parametersFromModelName("Llama-3-8B"), 8e9);
    assert.equal(parametersFromModelName("Phi-3-mini-128k-I"), undefined);
  });

  it("turns style presets and lists into the allowed styles", () => {
    assert.deepEqual([...parseStyleConstraint("0-shot-only")], ["0-def", "0-nodef"]);
    assert.deepEqual(
      [...parseStyleConstraint("no-definition")],
      ["0-nodef", "2-nodef", "4-nodef", "8-nodef"],
    );
    assert.deepEqual([...parseStyleConstraint("0-def, 2-nodef")], ["0-def", "2-nodef"]);
    assert.throws(() => parseStyleConstraint("no-definition,0-def"), /neither a preset/);
    assert.throws(() => parseStyleConstraint("3-shots"), UsageError);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunConfig } from "../../src/domain/index.js";
import { isCacheable, responseCacheKey, runIdOf } from "../../src/runner/run-identity.js";
import { sampleRunConfig } from "../store/store-fixtures.js";

const prompt = {
  mode: "completion",
  text: "Definition\n\nNow complete the following task: \nInput: x\nOutput: ",
} as const;

describe("run identity", () => {
  it("is the same for the same configuration whatever the order its fields were written in", () => {
    const config = sampleRunConfig();
    const reordered: RunConfig = {
      selection: { instancesPerTask: 3, split: "test" },
      decoding: { seed: 0, temperature: 0, maxNewTokens: 8 },
      style: { ...config.style },
      model: { parameters: 1000, kind: "pretrained", label: "Tiny", spec: config.model.spec },
    };
    assert.equal(runIdOf(reordered), runIdOf(config));
    assert.match(runIdOf(config), /^[0-9a-f]{16}$/);
  });

  it("differs when anything that changes the predictions differs", () => {
    const base = sampleRunConfig();
    const variants: RunConfig[] = [
      { ...base, model: { ...base.model, spec: "llama-cpp:/models/other.gguf" } },
      { ...base, model: { ...base.model, label: "Other" } },
      { ...base, style: { ...base.style, examples: 4 } },
      { ...base, style: { ...base.style, withDefinition: false } },
      { ...base, style: { ...base.style, explanations: true } },
      { ...base, style: { ...base.style, mode: "chat", chatTemplate: "Llama3Chat" } },
      { ...base, decoding: { ...base.decoding, maxNewTokens: 512 } },
      { ...base, decoding: { ...base.decoding, seed: 1 } },
      { ...base, decoding: { ...base.decoding, temperature: 0.7, topP: 0.9 } },
      { ...base, selection: { ...base.selection, domains: ["News"] } },
    ];
    const ids = new Set([base, ...variants].map(runIdOf));
    assert.equal(ids.size, variants.length + 1);
  });

  it("ignores what is derived rather than chosen: the context size read from the model", () => {
    const base = sampleRunConfig();
    assert.equal(runIdOf({ ...base, model: { ...base.model, contextSize: 2048 } }), runIdOf(base));
  });
});

describe("response cache keys", () => {
  it("ignore the seed for greedy decoding but not for sampling", () => {
    const greedy = { maxNewTokens: 8, temperature: 0 };
    assert.equal(
      responseCacheKey("llama-cpp:/m.gguf", prompt, { ...greedy, seed: 1 }),
      responseCacheKey("llama-cpp:/m.gguf", prompt, { ...greedy, seed: 2 }),
    );
    const sampled = { maxNewTokens: 8, temperature: 0.8, topK: 10 };
    assert.notEqual(
      responseCacheKey("llama-cpp:/m.gguf", prompt, { ...sampled, seed: 1 }),
      responseCacheKey("llama-cpp:/m.gguf", prompt, { ...sampled, seed: 2 }),
    );
  });

  it("differ by model, prompt and max new tokens", () => {
    const decoding = { maxNewTokens: 8, temperature: 0 };
    const key = responseCacheKey("ollama:gemma:2b", prompt, decoding);
    assert.notEqual(key, responseCacheKey("ollama:gemma:7b", prompt, decoding));
    assert.notEqual(
      key,
      responseCacheKey("ollama:gemma:2b", { mode: "completion", text: "other" }, decoding),
    );
    assert.notEqual(key, responseCacheKey("ollama:gemma:2b", prompt, { ...decoding, maxNewTokens: 9 }));
  });

  it("cache only reproducible outputs: greedy, or sampled with a seed", () => {
    assert.equal(isCacheable({ maxNewTokens: 8, temperature: 0 }), true);
    assert.equal(isCacheable({ maxNewTokens: 8, temperature: 0.7, seed: 3 }), true);
    assert.equal(isCacheable({ maxNewTokens: 8, temperature: 0.7 }), false);
  });
});

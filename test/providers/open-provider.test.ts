import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import { LlamaCppProvider } from "../../src/providers/llama-cpp.js";
import { parseModelSpec } from "../../src/providers/model-spec.js";
import { openProvider } from "../../src/providers/open-provider.js";
import { OpenAICompatibleProvider } from "../../src/providers/openai-compatible.js";
import { tinyModelPath } from "../support/embedded-model.js";

describe("opening the provider a spec names", () => {
  it("gives the embedded provider for llama-cpp: specs, with its options", async () => {
    const provider = await openProvider(parseModelSpec(`llama-cpp:${tinyModelPath()}`, { label: "T" }), {
      llamaCpp: { gpu: false, threads: 1, sequences: 2, contextSize: 1024 },
    });
    try {
      assert.ok(provider instanceof LlamaCppProvider);
      assert.equal(provider.parallelism, 2);
      assert.equal(provider.info.contextSize, 1024);
      assert.equal(provider.info.label, "T");
    } finally {
      await provider.close();
    }
  });

  it("gives the HTTP provider for server specs, without contacting the server", async () => {
    const provider = await openProvider(parseModelSpec("ollama:gemma:2b"), { http: { maxConcurrency: 3 } });
    assert.ok(provider instanceof OpenAICompatibleProvider);
    assert.equal(provider.concurrencyLimit, 3);
    assert.equal(provider.info.spec, "ollama:gemma:2b");
    await provider.close();
  });

  it("reports a missing GGUF file as bad input, naming it", async () => {
    await assert.rejects(
      openProvider(parseModelSpec("llama-cpp:/nonexistent/model.gguf"), { llamaCpp: { gpu: false } }),
      (error: unknown) =>
        error instanceof UsageError && /\/nonexistent\/model\.gguf not found/.test(error.message),
    );
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import { OLLAMA_BASE_URL, parseModelSpec } from "../../src/providers/model-spec.js";

describe("model specs", () => {
  it("llama-cpp:PATH names the model after its file and guesses the kind from the name", () => {
    assert.deepEqual(parseModelSpec("llama-cpp:/models/gemma-2b-it.Q4_K_M.gguf"), {
      provider: "llama-cpp",
      model: "/models/gemma-2b-it.Q4_K_M.gguf",
      spec: "llama-cpp:/models/gemma-2b-it.Q4_K_M.gguf",
      label: "gemma-2b-it.Q4_K_M",
      kind: "instruction-tuned",
      promptMode: "chat",
    });
    const base = parseModelSpec("llama-cpp:./llama-2-tiny-random.gguf");
    assert.equal(base.kind, "pretrained");
    assert.equal(base.promptMode, "completion");
  });

  it("llama-cpp:hf: URIs are kept for node-llama-cpp to resolve", () => {
    const spec = parseModelSpec("llama-cpp:hf:bartowski/SmolLM2-135M-Instruct-GGUF:Q4_K_M");
    assert.equal(
      spec.provider === "llama-cpp" ? spec.model : "",
      "hf:bartowski/SmolLM2-135M-Instruct-GGUF:Q4_K_M",
    );
    assert.equal(spec.label, "SmolLM2-135M-Instruct-GGUF:Q4_K_M");
    assert.equal(spec.kind, "instruction-tuned");
  });

  it("openai-compatible:URL#NAME takes one or more base URLs", () => {
    const spec = parseModelSpec(
      "openai-compatible:http://127.0.0.1:8000/v1/,http://10.0.0.2:8000/v1#mistral-7b",
    );
    assert.equal(spec.provider, "openai-compatible");
    if (spec.provider !== "openai-compatible") return;
    assert.deepEqual(spec.baseURLs, ["http://127.0.0.1:8000/v1", "http://10.0.0.2:8000/v1"]);
    assert.equal(spec.model, "mistral-7b");
    assert.equal(spec.label, "mistral-7b");
    assert.equal(spec.apiKeyEnv, undefined);
  });

  it("ollama, openai and deepseek shorthands know their servers and key variables", () => {
    const ollama = parseModelSpec("ollama:gemma:2b");
    assert.deepEqual(ollama.provider === "openai-compatible" && [ollama.baseURLs, ollama.model], [
      [OLLAMA_BASE_URL],
      "gemma:2b",
    ]);
    assert.equal(OLLAMA_BASE_URL, "http://127.0.0.1:11434/v1");
    const openai = parseModelSpec("openai:gpt-4o");
    assert.equal(openai.provider === "openai-compatible" && openai.apiKeyEnv, "OPENAI_API_KEY");
    assert.equal(openai.kind, "instruction-tuned");
    assert.equal(openai.promptMode, "chat");
    const deepseek = parseModelSpec("deepseek:deepseek-chat");
    assert.equal(deepseek.provider === "openai-compatible" && deepseek.apiKeyEnv, "DEEPSEEK_API_KEY");
    assert.equal(
      deepseek.provider === "openai-compatible" && deepseek.baseURLs[0],
      "https://api.deepseek.com/v1",
    );
  });

  it("overrides set label, kind, parameters, prompt mode, key variable and extra endpoints", () => {
    const spec = parseModelSpec("ollama:gemma:2b", {
      label: "Gemma-2B-I",
      kind: "instruction-tuned",
      parameters: 2.5e9,
      promptMode: "completion",
      apiKeyEnv: "MY_KEY",
      extraBaseURLs: ["http://10.0.0.9:11434/v1"],
    });
    assert.equal(spec.label, "Gemma-2B-I");
    assert.equal(spec.parameters, 2.5e9);
    assert.equal(spec.promptMode, "completion");
    assert.equal(spec.provider === "openai-compatible" && spec.apiKeyEnv, "MY_KEY");
    assert.equal(spec.provider === "openai-compatible" && spec.baseURLs.length, 2);
  });

  it("rejects bad specs with a usage error that names the spec and the expected forms", () => {
    const cases: Array<[string, RegExp]> = [
      ["gemma.gguf", /expected llama-cpp:PATH_OR_HF_URI/],
      ["vllm:x", /unknown provider "vllm"/],
      ["llama-cpp:", /expected/],
      ["openai-compatible:http://h:1/v1", /URL#NAME/],
      ["openai-compatible:#name", /URL#NAME/],
      ["openai-compatible:ftp://h/v1#m", /http or https/],
      ["openai-compatible:not a url#m", /is not a URL/],
      ["openai-compatible:http://user:secret@h/v1#m", /environment variable, not in the URL/],
    ];
    for (const [spec, message] of cases) {
      assert.throws(
        () => parseModelSpec(spec),
        (error: unknown) => {
          assert.ok(error instanceof UsageError, spec);
          assert.match(error.message, message);
          return true;
        },
      );
    }
    assert.throws(
      () => parseModelSpec("openai-compatible:http://user:secret@h/v1#m"),
      (error: unknown) => error instanceof Error && !error.message.includes("secret"),
    );
    assert.throws(
      () => parseModelSpec("openai:gpt-4o", { apiKeyEnv: "sk-123" }),
      /not an environment variable name/,
    );
    assert.throws(() => parseModelSpec("ollama:x", { parameters: -1 }), /positive/);
  });
});

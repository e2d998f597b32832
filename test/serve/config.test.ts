import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import {
  defaultModelName,
  loadServeConfig,
  parseServeConfig,
  ServeConfigError,
  singleModelConfig,
} from "../../src/serve/config.js";

const rejectsWith = (text: string, message: RegExp) =>
  assert.throws(
    () => parseServeConfig(text, "serve.yaml"),
    (error: unknown) => {
      assert.ok(error instanceof ServeConfigError);
      assert.match(error.message, message);
      return true;
    },
  );

describe("serve config", () => {
  it("fills defaults: names from specs, one request at a time for embedded models, 8 for upstreams, limits, no routes", () => {
    const config = parseServeConfig(
      "models:\n  - spec: llama-cpp:/models/tiny.gguf\n  - spec: openai-compatible:http://127.0.0.1:9/v1#qwen\n",
      "serve.yaml",
    );
    assert.deepEqual(
      config.models.map((model) => [model.name, model.concurrency, model.maxQueue]),
      [
        ["tiny", 1, 64],
        ["qwen", 8, 64],
      ],
    );
    assert.deepEqual(config.limits, { maxBodyBytes: 1_048_576, maxTokens: 512 });
    assert.deepEqual(config.routing, { routes: [], fallback: undefined });
  });

  it("keeps routes with their prompts and the fallback", () => {
    const config = parseServeConfig(
      [
        "models: [{ name: a, spec: llama-cpp:a.gguf }, { name: b, spec: llama-cpp:b.gguf }]",
        "routes:",
        "  - { name: r, aspect: domain, entity: News, models: [b, a], prompt: { definition: Summarise. } }",
        "fallback: { models: [a] }",
      ].join("\n"),
      "serve.yaml",
    );
    assert.deepEqual(config.routing.routes, [
      {
        name: "r",
        aspect: "domain",
        entity: "News",
        models: ["b", "a"],
        prompt: { definition: "Summarise.", examples: [] },
      },
    ]);
    assert.deepEqual(config.routing.fallback, { models: ["a"] });
  });

  it("names the file, line and field of a schema violation", () => {
    rejectsWith(
      "models:\n  - spec: llama-cpp:a.gguf\n  - spec: 3\n",
      /^serve\.yaml:3: models\[1\]\.spec: .*expected string/,
    );
    rejectsWith(
      "models:\n  - spec: llama-cpp:a.gguf\n    concurency: 2\n",
      /^serve\.yaml:2: models\[0\]: Unrecognized key: "concurency"/,
    );
    rejectsWith("models: []\n", /^serve\.yaml:1: models: expected at least one model/);
    rejectsWith(
      "models: [{ spec: llama-cpp:a.gguf }]\nroutes:\n  - { name: r, aspect: mood, entity: x, models: [a] }\n",
      /^serve\.yaml:3: routes\[0\]\.aspect: .*"task_type"\|"domain"\|"reasoning"/,
    );
  });

  it("rejects routes naming models it does not serve, and duplicate model names", () => {
    rejectsWith(
      "models: [{ name: a, spec: llama-cpp:a.gguf }]\nroutes:\n  - name: r\n    aspect: domain\n    entity: News\n    models: [a, zz]\n",
      /^serve\.yaml:6: routes\[0\]\.models\[1\]: unknown model "zz"; expected one of: a/,
    );
    rejectsWith(
      "models:\n  - spec: llama-cpp:/x/a.gguf\n  - spec: llama-cpp:/y/a.gguf\n",
      /^serve\.yaml:3: models\[1\]: model name "a" is used twice/,
    );
  });

  it("keeps `auto` for routed requests", () => {
    rejectsWith(
      "models:\n  - { name: auto, spec: llama-cpp:a.gguf }\n",
      /^serve\.yaml:2: models\[0\]: "auto" is reserved/,
    );
  });

  it("checks model specs", () => {
    rejectsWith(
      "models:\n  - spec: llama-cpp:a.gguf\n  - spec: ollamma:x\n",
      /^serve\.yaml:3: models\[1\]\.spec: .*unknown provider "ollamma"/,
    );
  });

  it("reports invalid YAML with its line", () => {
    rejectsWith("models:\n  - spec: [unclosed\n", /^serve\.yaml:\d+: invalid YAML/);
  });

  it("reports an unreadable file by name", async () => {
    await assert.rejects(
      loadServeConfig("/nonexistent/serve.yaml"),
      /\/nonexistent\/serve\.yaml: cannot read/,
    );
  });

  it("loads a file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "serve-config-"));
    try {
      const file = path.join(dir, "serve.yaml");
      await writeFile(file, "port: 8081\nmodels: [{ spec: llama-cpp:m.gguf }]\n");
      const config = await loadServeConfig(file);
      assert.equal(config.port, 8081);
      assert.equal(config.models[0]?.name, "m");
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("turns --model specs into a config", () => {
    assert.deepEqual(
      singleModelConfig(["llama-cpp:/m/tiny.gguf"]).models.map((model) => model.name),
      ["tiny"],
    );
  });

  it("derives model names from specs", () => {
    assert.equal(defaultModelName("llama-cpp:/models/Gemma-2B.Q4_K_M.gguf"), "Gemma-2B.Q4_K_M");
    assert.equal(defaultModelName("openai-compatible:http://h:1/v1#llama3:8b"), "llama3:8b");
    assert.equal(defaultModelName("ollama:gemma:2b"), "gemma:2b");
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { GenerationRequest } from "../../src/domain/provider.js";
import { buildPrompt } from "../../src/prompts/build-prompt.js";
import { buildStyles, formatStyleId, PAPER_STYLES } from "../../src/prompts/style-id.js";
import type { LlamaCppProvider } from "../../src/providers/llama-cpp.js";
import { parseModelSpec } from "../../src/providers/model-spec.js";
import { OpenAICompatibleProvider } from "../../src/providers/openai-compatible.js";
import { generateAll, openTinyModel, tinyModelPath } from "../support/embedded-model.js";
import { type ServeProcess, startServe } from "../support/serve-process.js";
import { fixtureTask } from "../support/sni-tasks.js";

describe("the OpenAI-compatible provider against `slm-eval serve` running the embedded model", () => {
  let serve: ServeProcess;
  let model: LlamaCppProvider;
  before(async () => {
    [serve, model] = await Promise.all([
      startServe(["--model", `llama-cpp:${tinyModelPath()}`, "--threads", "1"]),
      openTinyModel(),
    ]);
  });
  after(async () => {
    await model?.close();
    assert.equal(await serve?.stop(), 0);
  });

  it("returns the same greedy outputs as the embedded provider, in completion and chat mode", async () => {
    const task = fixtureTask("task1153_bard_analogical_reasoning_affordance", 2);
    for (const mode of ["completion", "chat"] as const) {
      const requests: GenerationRequest[] = [];
      for (const style of buildStyles(PAPER_STYLES, { mode })) {
        for (const instance of task.instances) {
          const { prompt } = buildPrompt({ task, instance, style, seed: 5 });
          requests.push({
            id: `${formatStyleId(style)}/${instance.index}`,
            prompt,
            decoding: { maxNewTokens: 8, temperature: 0 },
          });
        }
      }
      const spec = parseModelSpec(`openai-compatible:${serve.baseURL}#llama-2-tiny-random`);
      assert.equal(spec.provider, "openai-compatible");
      if (spec.provider !== "openai-compatible") return;
      const viaServe = await generateAll(new OpenAICompatibleProvider(spec, { maxConcurrency: 4 }), requests);
      const direct = await generateAll(model, requests);
      for (const request of requests) {
        const served = viaServe.get(request.id);
        assert.equal(served?.finishReason, "length", `${mode} ${request.id}: ${served?.error ?? ""}`);
        assert.equal(served?.text, direct.get(request.id)?.text, `${mode} ${request.id}`);
        assert.equal(served?.completionTokens, 8);
      }
    }
  });

  it("streams the same greedy text piece by piece when asked to (onText), in completion and chat mode", async () => {
    const task = fixtureTask("task1153_bard_analogical_reasoning_affordance", 1);
    const instance = task.instances[0];
    assert.ok(instance);
    const spec = parseModelSpec(`openai-compatible:${serve.baseURL}#llama-2-tiny-random`);
    if (spec.provider !== "openai-compatible") throw new Error(`unexpected provider ${spec.provider}`);
    const provider = new OpenAICompatibleProvider(spec, { maxRetries: 0 });
    for (const mode of ["completion", "chat"] as const) {
      const [style] = buildStyles(PAPER_STYLES, { mode });
      assert.ok(style);
      const { prompt } = buildPrompt({ task, instance, style, seed: 5 });
      const decoding = { maxNewTokens: 8, temperature: 0 };
      const direct = (await generateAll(model, [{ id: "direct", prompt, decoding }])).get("direct");
      const pieces: string[] = [];
      const streamed = (
        await generateAll(provider, [
          { id: "streamed", prompt, decoding, onText: (text) => pieces.push(text) },
        ])
      ).get("streamed");
      assert.equal(streamed?.finishReason, "length", `${mode}: ${streamed?.error ?? ""}`);
      assert.equal(streamed?.text, direct?.text, mode);
      assert.equal(streamed?.completionTokens, 8, `${mode}: usage from the stream's last chunk`);
      assert.ok(pieces.length > 1, `${mode}: expected several pieces, got ${JSON.stringify(pieces)}`);
      assert.equal(pieces.join(""), streamed?.text, mode);
    }
  });
});

import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { GenerationRequest } from "../../src/domain/provider.js";
import { buildPrompt } from "../../src/prompts/build-prompt.js";
import { CHAT_SYSTEM_MESSAGE } from "../../src/prompts/render.js";
import { buildStyles, formatStyleId, PAPER_STYLES } from "../../src/prompts/style-id.js";
import type { LlamaCppProvider } from "../../src/providers/llama-cpp.js";
import { generateAll, openTinyModel, tinyModelPath } from "../support/embedded-model.js";
import { fixtureTask } from "../support/sni-tasks.js";

const TASKS = [
  "task1153_bard_analogical_reasoning_affordance",
  "task033_winogrande_answer_generation",
  "task1728_web_nlg_data_to_text",
];
const greedy = { maxNewTokens: 12, temperature: 0 };

/** Two instances of each fixture task under each of the paper's eight styles. */
function paperRequests(): GenerationRequest[] {
  const requests: GenerationRequest[] = [];
  for (const name of TASKS) {
    const task = fixtureTask(name, 2);
    for (const style of buildStyles(PAPER_STYLES)) {
      for (const instance of task.instances) {
        const { prompt } = buildPrompt({ task, instance, style, seed: 1 });
        requests.push({ id: `${name}/${formatStyleId(style)}/${instance.index}`, prompt, decoding: greedy });
      }
    }
  }
  return requests;
}

describe("the embedded llama.cpp provider (tiny random model)", () => {
  let provider: LlamaCppProvider;
  before(async () => {
    provider = await openTinyModel({ sequences: 1 });
  });
  after(async () => {
    await provider.close();
  });

  it("describes the model: label, kind, context, chat template and parameter count from GGUF", () => {
    assert.equal(provider.info.label, "Tiny-Random");
    assert.equal(provider.info.kind, "pretrained");
    assert.equal(provider.info.provider, "llama-cpp");
    assert.equal(provider.info.promptMode, "completion");
    assert.equal(provider.info.contextSize, 4096);
    assert.equal(typeof provider.info.chatTemplate, "string");
    // 16-bit weights: two bytes per parameter; the rest of the file is the tokenizer (32,000 tokens).
    const bytes = statSync(tinyModelPath()).size;
    const parameters = provider.info.parameters ?? 0;
    assert.ok(
      Number.isInteger(parameters) && parameters > bytes / 4 && parameters < bytes / 2,
      `${parameters}`,
    );
  });

  it("is deterministic under greedy decoding: all eight styles, three tasks, two runs, identical outputs", async () => {
    const requests = paperRequests();
    assert.equal(requests.length, TASKS.length * 8 * 2);
    const first = await generateAll(provider, requests);
    const second = await generateAll(provider, requests);
    assert.equal(first.size, requests.length);
    for (const request of requests) {
      const a = first.get(request.id);
      const b = second.get(request.id);
      assert.ok(a && b, `missing result for ${request.id}`);
      assert.equal(a.finishReason, "length", `${request.id}: ${a.error ?? ""}`);
      assert.equal(a.completionTokens, greedy.maxNewTokens);
      assert.ok(a.text.length > 0);
      assert.equal(b.text, a.text, `${request.id} differs between runs`);
      assert.equal(a.promptTokens, await provider.countPromptTokens(request.prompt));
    }
  });

  it("a request's greedy text does not depend on the batch or its order", async () => {
    const requests = paperRequests().filter((_, i) => i % 3 === 0);
    const forward = await generateAll(provider, requests);
    const backward = await generateAll(provider, [...requests].reverse());
    const alone = await generateAll(provider, requests.slice(0, 1));
    for (const request of requests)
      assert.equal(backward.get(request.id)?.text, forward.get(request.id)?.text);
    const first = requests[0]?.id ?? "";
    assert.equal(alone.get(first)?.text, forward.get(first)?.text);
  });

  it("with parallel sequences, completes every request of a batch larger than the parallelism", async () => {
    // Not byte-identical to one sequence: llama.cpp's batched evaluation is not batch-invariant (the numerics
    // depend on which sequences share a batch), so parallel sequences are a throughput option, not the default.
    const parallel = await openTinyModel({ sequences: 4 });
    try {
      const requests = paperRequests().slice(0, 10);
      const results = await generateAll(parallel, requests);
      assert.equal(parallel.parallelism, 4);
      assert.deepEqual([...results.keys()].sort(), requests.map((request) => request.id).sort());
      for (const result of results.values()) assert.equal(result.completionTokens, greedy.maxNewTokens);
    } finally {
      await parallel.close();
    }
  });

  it("counts prompt tokens including the beginning token, and longer prompts give more tokens", async () => {
    const short = await provider.countPromptTokens({ mode: "completion", text: "Input: a\nOutput: " });
    const long = await provider.countPromptTokens({
      mode: "completion",
      text: "Input: a b c d e f\nOutput: ",
    });
    assert.equal(short, (await provider.countTokens("Input: a\nOutput: ")) + 1);
    assert.ok(long > short);
  });

  it("records a prompt that leaves no room for the new tokens as context_overflow, without generating", async () => {
    const results = await generateAll(provider, [
      { id: "too-long", prompt: { mode: "completion", text: "word ".repeat(5000) }, decoding: greedy },
      {
        id: "no-room",
        prompt: { mode: "completion", text: "Input: a\nOutput: " },
        decoding: { ...greedy, maxNewTokens: 4096 },
      },
    ]);
    for (const id of ["too-long", "no-room"]) {
      const result = results.get(id);
      assert.equal(result?.finishReason, "context_overflow");
      assert.equal(result?.text, "");
      assert.equal(result?.completionTokens, 0);
      assert.match(result?.error ?? "", /exceed the context of 4096 tokens/);
    }
  });

  it("stops at a stop sequence and leaves it out of the text", async () => {
    const prompt = {
      mode: "completion" as const,
      text: "Now complete the following task: \nInput: x\nOutput: ",
    };
    const full = (
      await generateAll(provider, [{ id: "full", prompt, decoding: { ...greedy, maxNewTokens: 24 } }])
    ).get("full");
    assert.ok(full && full.text.length > 10);
    const stop = full.text.slice(Math.floor(full.text.length / 2), Math.floor(full.text.length / 2) + 3);
    const stopped = (
      await generateAll(provider, [
        { id: "stopped", prompt, decoding: { ...greedy, maxNewTokens: 24, stop: [stop] } },
      ])
    ).get("stopped");
    assert.equal(stopped?.finishReason, "stop");
    assert.equal(stopped?.text, full.text.slice(0, full.text.indexOf(stop)));
  });

  it("samples reproducibly with a seed, and differently with other seeds", async () => {
    const prompt = { mode: "completion" as const, text: "Input: hello\nOutput: " };
    const sampled = async (seed: number) => {
      const decoding = { maxNewTokens: 16, temperature: 1, topK: 40, topP: 0.95, seed };
      return (await generateAll(provider, [{ id: "s", prompt, decoding }])).get("s")?.text;
    };
    const first = await sampled(1);
    assert.equal(await sampled(1), first);
    const others = [await sampled(2), await sampled(3), await sampled(4)];
    assert.ok(others.some((text) => text !== first));
  });

  it("renders chat prompts with the model's own template and counts its tokens", async () => {
    const task = fixtureTask(TASKS[0] as string, 1);
    const instance = task.instances[0];
    assert.ok(instance);
    const [style] = buildStyles([{ examples: 2, withDefinition: true }], { mode: "chat" });
    assert.ok(style);
    const { prompt } = buildPrompt({ task, instance, style, seed: 1 });
    assert.equal(prompt.mode === "chat" ? prompt.messages[0]?.content : "", CHAT_SYSTEM_MESSAGE);
    const completionText = prompt.mode === "chat" ? (prompt.messages[1]?.content ?? "") : "";
    const chatTokens = await provider.countPromptTokens(prompt);
    // The template adds the system message and role markers around the same user text.
    assert.ok(
      chatTokens >
        (await provider.countTokens(completionText)) + (await provider.countTokens(CHAT_SYSTEM_MESSAGE)),
    );
    const twice = [
      await generateAll(provider, [{ id: "chat", prompt, decoding: greedy }]),
      await generateAll(provider, [{ id: "chat", prompt, decoding: greedy }]),
    ].map((results) => results.get("chat"));
    assert.equal(twice[0]?.promptTokens, chatTokens);
    assert.ok((twice[0]?.completionTokens ?? 0) > 0);
    assert.equal(twice[0]?.text, twice[1]?.text);
  });

  it("stops scheduling when the caller aborts, and ends the batch without throwing", async () => {
    const controller = new AbortController();
    const requests = paperRequests();
    let received = 0;
    for await (const _ of provider.generate(requests, controller.signal)) {
      received++;
      if (received === 2) controller.abort();
    }
    assert.ok(received >= 2 && received < requests.length);
  });
});

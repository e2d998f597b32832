import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import OpenAI from "openai";
import { parseServeConfig } from "../../src/serve/config.js";
import { openBackend } from "../../src/serve/open-backend.js";
import { type RunningServe, startServe } from "../../src/serve/server.js";
import { tinyModelPath } from "../support/embedded-model.js";

/** An OpenAI-compatible upstream on 127.0.0.1 that is up but fails every request, as a crashed backend does. */
async function startFailingUpstream(): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    request.resume();
    response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { message: "upstream crashed", type: "server_error" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, hits: () => hits };
}

describe("slm-eval serve over the embedded tiny GGUF model", () => {
  let server: RunningServe;
  let upstream: Awaited<ReturnType<typeof startFailingUpstream>>;
  let client: OpenAI;

  before(async () => {
    upstream = await startFailingUpstream();
    const config = parseServeConfig(
      [
        "limits: { maxTokens: 4 }",
        "models:",
        `  - { name: tiny, spec: "llama-cpp:${tinyModelPath()}", concurrency: 2, threads: 1 }`,
        `  - { name: remote, spec: "openai-compatible:${upstream.url}#big-model", retries: 0, timeoutMs: 5000 }`,
        "routes:",
        "  - name: entailment",
        "    aspect: task_type",
        "    entity: Textual Entailment",
        "    models: [remote, tiny]",
        "    prompt: { definition: Does the second sentence follow from the first?, examples: [] }",
      ].join("\n"),
      "serve.yaml",
    );
    server = await startServe({
      config,
      openProvider: openBackend,
      host: "127.0.0.1",
      port: 0,
      apiKeys: [],
      log: () => {},
    });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
  });

  after(async () => {
    await server?.close();
    upstream?.server.close();
  });

  it("answers a chat completion with real generated tokens, within the max-tokens cap", async () => {
    const chat = await client.chat.completions.create({
      model: "tiny",
      messages: [{ role: "user", content: "Name a colour." }],
      max_tokens: 100,
    });
    const choice = chat.choices[0];
    assert.equal(typeof choice?.message.content, "string");
    assert.ok(["stop", "length"].includes(choice?.finish_reason ?? ""));
    const usage = chat.usage;
    assert.ok(usage && usage.prompt_tokens > 0);
    assert.ok(usage.completion_tokens > 0 && usage.completion_tokens <= 4);
  });

  it("streams exactly the text it answers without streaming (greedy decoding is deterministic)", async () => {
    // One request at a time: with two sequences busy, llama.cpp's batched evaluation may change greedy output.
    const request = { model: "tiny", prompt: "Input: The sky is\nOutput:" };
    const whole = await client.completions.create(request);
    const again = await client.completions.create(request);
    assert.equal(whole.choices[0]?.text, again.choices[0]?.text);
    let streamed = "";
    for await (const chunk of await client.completions.create({ ...request, stream: true })) {
      streamed += chunk.choices[0]?.text ?? "";
    }
    assert.equal(streamed, whole.choices[0]?.text);
  });

  it("streams a chat answer token by token: several content chunks adding up to the greedy answer, then [DONE]", async () => {
    const request = { model: "tiny", messages: [{ role: "user" as const, content: "Name a colour." }] };
    const whole = (await client.chat.completions.create(request)).choices[0]?.message.content ?? "";
    const pieces: string[] = [];
    for await (const chunk of await client.chat.completions.create({ ...request, stream: true })) {
      const content = chunk.choices[0]?.delta.content;
      if (content) pieces.push(content);
    }
    assert.ok(pieces.length > 1, `expected several content chunks, got ${JSON.stringify(pieces)}`);
    assert.equal(pieces.join(""), whole);

    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...request, stream: true }),
    });
    const events = (await response.text()).trim().split("\n\n");
    assert.equal(events.at(-1), "data: [DONE]");
  });

  it("streams up to a stop sequence and never sends the stop sequence or what follows it", async () => {
    const request = { model: "tiny", prompt: "Input: The sky is\nOutput:" };
    const whole = (await client.completions.create(request)).choices[0]?.text ?? "";
    assert.ok(whole.length >= 4, `the greedy answer ${JSON.stringify(whole)} is too short to cut`);
    const stop = whole.slice(2, 4);
    const cut = (await client.completions.create({ ...request, stop: [stop] })).choices[0]?.text;
    assert.equal(cut, whole.slice(0, whole.indexOf(stop)));
    let streamed = "";
    for await (const chunk of await client.completions.create({ ...request, stop: [stop], stream: true })) {
      streamed += chunk.choices[0]?.text ?? "";
    }
    assert.equal(streamed, cut);
  });

  it("serves concurrent requests, more than the model runs at once, all to completion", async () => {
    const answers = await Promise.all(
      ["one", "two", "three"].map((word) =>
        client.chat.completions.create({ model: "tiny", messages: [{ role: "user", content: word }] }),
      ),
    );
    for (const answer of answers) assert.ok((answer.usage?.completion_tokens ?? 0) > 0);
  });

  it("falls back to the embedded model when the route's upstream fails", async () => {
    const before = upstream.hits();
    const { data, response } = await client.chat.completions
      .create({
        model: "auto",
        messages: [{ role: "user", content: "It rains. / The street is wet." }],
        metadata: { task_type: "Textual Entailment" },
      })
      .withResponse();
    assert.ok(upstream.hits() > before, "the upstream was not tried first");
    assert.equal(data.model, "tiny");
    assert.equal(response.headers.get("x-slm-model"), "tiny");
    assert.equal(response.headers.get("x-slm-route"), "entailment");
    assert.match(
      response.headers.get("x-slm-reason") ?? "",
      /^task_type=Textual Entailment; fallback after remote error$/,
    );
  });

  it("counts the embedded model's tokens in /metrics", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const completion = /^slm_serve_tokens_total\{model="tiny",kind="completion"\} (\d+)/m.exec(text);
    assert.ok(Number(completion?.[1]) > 0);
    assert.match(text, /^slm_serve_fallbacks_total\{route="entailment",model="remote",reason="error"\} 1$/m);
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AspectClassifier, trainAspectClassifier } from "../../src/route/aspect-classifier.js";
import { parseServeConfig } from "../../src/serve/config.js";
import { type RunningServe, startServe } from "../../src/serve/server.js";
import { ScriptedProvider } from "../serve/scripted-provider.js";

const CONFIG = `
models:
  - { name: entail, spec: "openai-compatible:http://127.0.0.1:9/v1#entail" }
  - { name: general, spec: "openai-compatible:http://127.0.0.1:9/v1#general" }
routes:
  - { name: "task_type:Textual Entailment", aspect: task_type, entity: Textual Entailment, models: [entail] }
fallback: { models: [general] }
`;

describe("serve with an aspect classifier: auto requests naming no aspect", () => {
  let server: RunningServe;
  const providers = { entail: new ScriptedProvider("entail"), general: new ScriptedProvider("general") };

  before(async () => {
    const classifier = new AspectClassifier(
      trainAspectClassifier([
        { text: "premise hypothesis entails", labels: { task_type: ["Textual Entailment"] } },
        { text: "title headline article", labels: { task_type: ["Title Generation"] } },
      ]),
    );
    server = await startServe({
      config: parseServeConfig(CONFIG, "serve.yaml"),
      openProvider: async (model) => providers[model.name as keyof typeof providers],
      host: "127.0.0.1",
      port: 0,
      apiKeys: [],
      log: () => {},
      classifier,
    });
  });

  after(async () => {
    await server.close();
  });

  const complete = (body: object, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ model: "auto", max_tokens: 4, ...body }),
    });

  it("classifies the last user message and routes by the result, saying so", async () => {
    const response = await complete({
      messages: [{ role: "user", content: "Does the premise entail the hypothesis?" }],
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-slm-model"), "entail");
    assert.equal(response.headers.get("x-slm-reason"), "classified task_type=Textual Entailment");
    await response.json();
  });

  it("leaves requests that name an aspect to the router as named", async () => {
    const response = await complete(
      { messages: [{ role: "user", content: "Does the premise entail the hypothesis?" }] },
      { "x-slm-task-type": "Title Generation" },
    );
    assert.equal(response.headers.get("x-slm-model"), "general");
    assert.equal(response.headers.get("x-slm-reason"), "no route for task_type=Title Generation");
    await response.json();
  });
});

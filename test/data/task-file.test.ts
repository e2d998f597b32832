import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import {
  aspectValues,
  decodeTaskBytes,
  InvalidTaskError,
  parseTaskJson,
  taskFrom,
  taskMetaFrom,
} from "../../src/data/task-file.js";
import { validTask } from "./temp-sni.js";

const file = "/data/tasks/t.json";

function rejection(build: () => unknown): InvalidTaskError {
  try {
    build();
  } catch (error) {
    assert.ok(error instanceof InvalidTaskError, String(error));
    assert.ok(error instanceof UsageError, "invalid input is a usage error (exit 2)");
    return error;
  }
  assert.fail("expected the task to be rejected");
}

describe("task file validation", () => {
  it("extracts the metadata the index keeps", () => {
    const meta = taskMetaFrom(
      validTask({ Reasoning: ["Commonsense Reasoning -> Social Situations"] }),
      "t",
      file,
    );
    assert.deepEqual(meta, {
      name: "t",
      file,
      aspects: {
        "task-types": [{ path: "Title Generation", entity: "Title Generation" }],
        domains: [{ path: "News", entity: "News" }],
        reasoning: [{ path: "Commonsense Reasoning -> Social Situations", entity: "Commonsense Reasoning" }],
      },
      inputLanguages: ["English"],
      outputLanguages: ["English"],
      instructionLanguages: ["English"],
      positiveExampleCount: 1,
      negativeExampleCount: 0,
      instanceCount: 3,
    });
  });

  it("accepts a definition written as a string or as a list of strings", () => {
    const fromString = validTask({ Definition: "Do it." });
    const fromList = validTask({ Definition: ["Do it.", "Carefully."] });
    assert.equal(taskFrom(fromString, taskMetaFrom(fromString, "t", file), 1).definition, "Do it.");
    assert.equal(taskFrom(fromList, taskMetaFrom(fromList, "t", file), 1).definition, "Do it.\nCarefully.");
  });

  it("keeps examples with their explanations", () => {
    const raw = validTask();
    const task = taskFrom(raw, taskMetaFrom(raw, "t", file), 2);
    assert.deepEqual(task.positiveExamples, [
      { input: "A cat sat.", output: "Cat", explanation: "The subject." },
    ]);
    assert.deepEqual(
      task.instances.map((instance) => instance.id),
      ["t-1", "t-2"],
    );
  });

  it("names a missing required field and the task", () => {
    const raw = validTask();
    delete raw.Categories;
    const error = rejection(() => taskMetaFrom(raw, "t", file));
    assert.equal(
      error.message,
      `${file}: task "t": required field "Categories" is missing (expected a list of strings)`,
    );
  });

  it("names a mistyped field with what was found", () => {
    const error = rejection(() => taskMetaFrom(validTask({ Domains: "News" }), "t", file));
    assert.match(error.message, /task "t": field "Domains" must be a list of strings \(found a string\)/);
  });

  it("names the position of a list item of the wrong type", () => {
    const error = rejection(() => taskMetaFrom(validTask({ Reasoning: ["Causal Reasoning", 3] }), "t", file));
    assert.match(
      error.message,
      /field "Reasoning" must be a list of strings \(found a number at position 1\)/,
    );
  });

  it("names the instance whose output is not a list of strings", () => {
    const instances = [
      { input: "a", output: ["b"] },
      { input: "c", output: "d" },
    ];
    const error = rejection(() => taskMetaFrom(validTask({ Instances: instances }), "t", file));
    assert.match(
      error.message,
      /field "Instances\[1\]\.output" must be a non-empty list of strings \(found a string\)/,
    );
  });

  it("rejects an empty Instances list", () => {
    const error = rejection(() => taskMetaFrom(validTask({ Instances: [] }), "t", file));
    assert.match(error.message, /field "Instances" is empty/);
  });

  it("reports malformed JSON with the file, line and column", () => {
    const error = rejection(() => parseTaskJson('{\n  "Definition": ["x"]\n  "Instances": []\n}', "t", file));
    assert.match(
      error.message,
      /^\/data\/tasks\/t\.json: task "t": invalid JSON at line 3, column 3: expected ',' or '\}'/,
    );
  });

  it("reports bytes that are not UTF-8 with their line and column", () => {
    const bytes = Buffer.from([...Buffer.from('{\n  "Definition": ["caf'), 0xe9, ...Buffer.from('"]\n}')]);
    const error = rejection(() => decodeTaskBytes(bytes, "t", file));
    assert.match(error.message, /not valid UTF-8: byte 0xe9 at line 2, column 22/);
  });

  it("decodes valid UTF-8 and drops a byte order mark", () => {
    const text = decodeTaskBytes(Buffer.from('\ufeff{"a": "é"}', "utf8"), "t", file);
    assert.equal(text, '{"a": "é"}');
  });

  it("splits hierarchical aspect values at the first arrow for the entity", () => {
    assert.deepEqual(aspectValues(["Code -> Repo -> Stack Overflow", "Plain"]), [
      { path: "Code -> Repo -> Stack Overflow", entity: "Code" },
      { path: "Plain", entity: "Plain" },
    ]);
  });
});

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { InvalidTaskError, taskMetaFrom } from "../../src/data/task-file.js";
import { scanTaskFields, scanTaskMeta } from "../../src/data/task-scan.js";
import { sharedFixture } from "../fixtures.js";
import { validTask } from "./temp-sni.js";

const file = "/data/tasks/t.json";

/** What a full parse says about the same bytes: the scan must agree with it exactly. */
function fullParse(bytes: Buffer, task = "t") {
  return taskMetaFrom(JSON.parse(bytes.toString("utf8")), task, file);
}

describe("scanning a task file for its metadata", () => {
  it("agrees with a full parse on every task file of the fixture", () => {
    const dir = sharedFixture("sni", "tasks");
    const names = readdirSync(dir).filter((name) => name.endsWith(".json"));
    assert.ok(names.length > 100);
    for (const name of names) {
      const bytes = readFileSync(path.join(dir, name));
      assert.deepEqual(scanTaskMeta(bytes, name, file), fullParse(bytes, name), name);
    }
  });

  it("is not fooled by quotes, backslashes and brackets inside strings, nor by Instances before other fields", () => {
    const { Instances: _unused, ...rest } = validTask({ Definition: 'Brackets ] } and "quotes"' });
    const instances = [
      { input: 'say "hi" \\', output: ['}]\\"{['] },
      { id: "x-2", input: '\\\\"', output: ["[[[", "}"], note: { nested: [1, -2.5e3, true, null] } },
      { input: "{", output: ["é ✓ 𝄞"] },
    ];
    const text = JSON.stringify({ Instances: instances, ...rest });
    const bytes = Buffer.from(`\ufeff${text}`, "utf8");
    assert.equal(scanTaskFields(bytes)?.instanceCount, 3, "the scan itself handles it, without a full parse");
    assert.deepEqual(scanTaskMeta(bytes, "t", file), fullParse(Buffer.from(text)));
  });

  it("counts instances of a pretty-printed file", () => {
    const bytes = Buffer.from(JSON.stringify(validTask(), null, 4));
    assert.equal(scanTaskFields(bytes)?.instanceCount, 3);
  });

  it("leaves instances of the wrong shape to the full validation", () => {
    const shapes = [
      [{ input: "a" }],
      [{ input: "a", output: [] }],
      [{ input: "a", output: "b" }],
      [{ input: 1, output: ["b"] }],
      [{ id: 7, input: "a", output: ["b"] }],
      [],
    ];
    for (const Instances of shapes) {
      const bytes = Buffer.from(JSON.stringify(validTask({ Instances })));
      assert.equal(scanTaskFields(bytes), undefined, JSON.stringify(Instances));
      assert.throws(() => scanTaskMeta(bytes, "t", file), InvalidTaskError);
    }
  });

  it("falls back to the full parse for the precise error when the file is malformed", () => {
    const bytes = Buffer.from('{"Instances": [{"input": "a", "output": ["b"]}, 7], "Definition": "x"}');
    assert.throws(
      () => scanTaskMeta(bytes, "t", file),
      (error: unknown) =>
        error instanceof InvalidTaskError && /"Instances\[1\]" must be an object/.test(error.message),
    );
    const broken = Buffer.from('{"Definition": "x",\n "Instances": [{"input": "a" "output": ["b"]}]}');
    assert.equal(scanTaskFields(broken), undefined);
    assert.throws(
      () => scanTaskMeta(broken, "t", file),
      (error: unknown) => error instanceof InvalidTaskError && /line 2, column 30/.test(error.message),
    );
  });
});

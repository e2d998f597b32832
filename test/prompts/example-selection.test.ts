import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Example, Instance } from "../../src/domain/task.js";
import { selectExamples } from "../../src/prompts/example-selection.js";
import { seededRandom } from "../../src/prompts/seeded-random.js";

const examples: Example[] = Array.from({ length: 10 }, (_, i) => ({ input: `in ${i}`, output: `out ${i}` }));
const instance: Instance = { id: "task1-abc", index: 0, input: "the instance", outputs: ["ref"] };
const pick = (overrides: Partial<Parameters<typeof selectExamples>[0]> = {}) =>
  selectExamples({
    taskName: "task1",
    instance,
    examples,
    count: 4,
    selection: "seeded",
    seed: 42,
    ...overrides,
  });

describe("example selection", () => {
  it("is deterministic for the same seed, task and instance", () => {
    assert.deepEqual(pick(), pick());
  });

  it("differs between seeds, tasks and instances (over many draws)", () => {
    const differs = (other: Partial<Parameters<typeof selectExamples>[0]>) =>
      Array.from({ length: 20 }, (_, i) => i).some(
        (seed) => JSON.stringify(pick({ seed })) !== JSON.stringify(pick({ seed, ...other })),
      );
    assert.ok(differs({ seed: 1000 }));
    assert.ok(differs({ taskName: "task2" }));
    assert.ok(differs({ instance: { ...instance, id: "task1-def" } }));
  });

  it("samples without replacement and never more than the task has", () => {
    const chosen = pick({ count: 8 });
    assert.equal(chosen.length, 8);
    assert.equal(new Set(chosen.map((example) => example.input)).size, 8);
    assert.equal(pick({ count: 50 }).length, 10);
    assert.deepEqual(pick({ count: 0 }), []);
  });

  it("reaches every example with roughly equal frequency", () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 2000; seed++) {
      for (const example of pick({ seed, count: 2 }))
        counts.set(example.input, (counts.get(example.input) ?? 0) + 1);
    }
    assert.equal(counts.size, 10);
    for (const count of counts.values()) assert.ok(count > 300 && count < 500, `count ${count} far from 400`);
  });

  it("`first` takes the first k examples in task order", () => {
    assert.deepEqual(
      pick({ selection: "first", count: 3 }).map((example) => example.input),
      ["in 0", "in 1", "in 2"],
    );
  });

  it("never picks the instance itself as its own example", () => {
    const own: Instance = { ...instance, input: " in 1 \n" };
    for (let seed = 0; seed < 50; seed++) {
      const chosen = pick({ instance: own, seed, count: 9 });
      assert.equal(chosen.length, 9);
      assert.ok(!chosen.some((example) => example.input === "in 1"));
    }
    assert.deepEqual(
      pick({ instance: own, selection: "first", count: 2 }).map((example) => example.input),
      ["in 0", "in 2"],
    );
  });
});

describe("the seeded generator", () => {
  it("gives the same numbers in [0, 1) for the same parts and different ones otherwise", () => {
    const a = seededRandom(1, "task", "id");
    const b = seededRandom(1, "task", "id");
    const c = seededRandom(1, "task", "id2");
    const xs = Array.from({ length: 100 }, () => a());
    assert.deepEqual(
      xs,
      Array.from({ length: 100 }, () => b()),
    );
    assert.notDeepEqual(
      xs,
      Array.from({ length: 100 }, () => c()),
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it("does not confuse part boundaries", () => {
    assert.notEqual(seededRandom("ab", "c")(), seededRandom("a", "bc")());
  });
});

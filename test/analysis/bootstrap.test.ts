import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  clusterBootstrapMacroMean,
  clusterBootstrapMean,
  pairedBootstrapDifference,
  seededRandom,
  streamSeed,
  type TaskTotal,
} from "../../src/analysis/bootstrap.js";

const tasks: TaskTotal[] = Array.from({ length: 12 }, (_, i) => ({
  task: `t${i}`,
  sum: (i % 4) * 10 + 5,
  count: 10,
}));

describe("cluster bootstrap over tasks", () => {
  it("gives an interval around the instance mean, the same for the same seed whatever the task order", () => {
    const mean = tasks.reduce((s, t) => s + t.sum, 0) / tasks.reduce((s, t) => s + t.count, 0);
    const interval = clusterBootstrapMean(tasks, 42, 500);
    assert.ok(interval && interval.low < mean && mean < interval.high);
    assert.deepEqual(clusterBootstrapMean([...tasks].reverse(), 42, 500), interval);
    assert.notDeepEqual(clusterBootstrapMean(tasks, 43, 500), interval);
  });

  it("has no interval with fewer than two tasks or no draws", () => {
    assert.equal(clusterBootstrapMean(tasks.slice(0, 1), 1), undefined);
    assert.equal(clusterBootstrapMean(tasks, 1, 0), undefined);
    assert.equal(clusterBootstrapMacroMean([tasks, tasks.slice(0, 1)], 1), undefined);
  });

  it("collapses to a point when every task has the same mean", () => {
    const flat = tasks.map((t) => ({ ...t, sum: 7 }));
    assert.deepEqual(clusterBootstrapMean(flat, 3, 200), { low: 0.7, high: 0.7 });
    assert.deepEqual(clusterBootstrapMacroMean([flat, flat], 3, 200), { low: 0.7, high: 0.7 });
  });

  it("pairs two models over their shared tasks only", () => {
    const better = tasks.map((t) => ({ ...t, sum: t.sum + 5 }));
    const result = pairedBootstrapDifference(better, tasks.slice(2), 9, 300);
    assert.equal(result?.sharedTasks, 10);
    // The same tasks shifted by 0.5 per instance: the paired difference has no spread at all.
    assert.ok(Math.abs((result?.difference ?? 0) - 0.5) < 1e-12);
    assert.ok(
      result?.interval &&
        Math.abs(result.interval.low - 0.5) < 1e-12 &&
        Math.abs(result.interval.high - 0.5) < 1e-12,
    );
    assert.equal(pairedBootstrapDifference(tasks, [{ task: "other", sum: 1, count: 1 }], 9), undefined);
  });

  it("derives independent, reproducible streams from a seed and a name", () => {
    assert.equal(streamSeed(0, "entity", "A"), streamSeed(0, "entity", "A"));
    assert.notEqual(streamSeed(0, "entity", "A"), streamSeed(0, "entity", "B"));
    const a = seededRandom(5);
    const b = seededRandom(5);
    const draws = Array.from({ length: 5 }, () => a());
    assert.deepEqual(
      draws,
      Array.from({ length: 5 }, () => b()),
    );
    assert.ok(draws.every((x) => x >= 0 && x < 1));
  });
});

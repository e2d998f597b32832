import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import { type Dataset, openDataset } from "../../src/data/dataset.js";
import type { TaskMeta } from "../../src/domain/index.js";
import { sharedFixture } from "../fixtures.js";
import { removeDir, validTask, writeSniDir } from "./temp-sni.js";

const cacheRoot = await mkdtemp(path.join(os.tmpdir(), "slm-index-cache-"));
let cacheCount = 0;
const freshCache = () => path.join(cacheRoot, `cache-${cacheCount++}.json`);

/** The fixture's MANIFEST says which tasks of the split are present; the tests derive expectations from it. */
function manifestRows(): Array<{ task: string; status: string; instanceIds: string }> {
  const lines = readFileSync(sharedFixture("sni", "MANIFEST.tsv"), "utf8").trim().split("\n").slice(1);
  return lines.map((line) => {
    const [task = "", status = "", , , , instanceIds = ""] = line.split("\t");
    return { task, status, instanceIds };
  });
}

after(() => removeDir(cacheRoot));

describe("openDataset on the SNI v2 test split fixture", () => {
  let dataset: Dataset;
  const warnings: string[] = [];
  before(async () => {
    dataset = await openDataset(sharedFixture("sni"), {
      cacheFile: freshCache(),
      onWarning: (m) => warnings.push(m),
    });
  });

  it("lists the present tasks in split-file order and the absent ones as missing", () => {
    const splitOrder = readFileSync(sharedFixture("sni", "splits", "default", "test_tasks.txt"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const rows = manifestRows();
    const present = new Set(rows.filter((row) => row.status === "present").map((row) => row.task));
    assert.deepEqual(
      dataset.tasks.map((task) => task.name),
      splitOrder.filter((name) => present.has(name)),
    );
    assert.deepEqual(
      [...dataset.missing].sort(),
      rows
        .filter((row) => row.status !== "present")
        .map((row) => row.task)
        .sort(),
    );
    assert.equal(dataset.split, "test");
  });

  it("warns once, naming every absent task", () => {
    assert.equal(warnings.length, 1);
    for (const task of dataset.missing) assert.ok(warnings[0]?.includes(task), task);
  });

  it("keeps hierarchical metadata whole and takes the entity from its first part", () => {
    const values = dataset.tasks.flatMap((task) => task.aspects.domains);
    const nested = values.find(
      (value) => value.path === "Commonsense -> Concepts and Relations -> Social Commonsense",
    );
    assert.deepEqual(nested, {
      path: "Commonsense -> Concepts and Relations -> Social Commonsense",
      entity: "Commonsense",
    });
  });

  it("gives instances without an id the id <task>-<index>, and clips to the first N in file order", async () => {
    const noIds = manifestRows().find((row) => row.status === "present" && row.instanceIds === "no");
    assert.ok(noIds, "the fixture has a task whose instances have no id");
    const meta = dataset.tasks.find((task) => task.name === noIds.task);
    assert.ok(meta);
    const task = await dataset.loadTask(meta, 3);
    const raw = JSON.parse(await readFile(meta.file, "utf8")) as { Instances: Array<{ input: string }> };
    assert.deepEqual(
      task.instances.map((instance) => [instance.id, instance.index, instance.input]),
      raw.Instances.slice(0, 3).map((instance, index) => [`${noIds.task}-${index}`, index, instance.input]),
    );
    assert.equal(task.instanceCount, raw.Instances.length);
  });

  it("loads at most 100 instances by default and keeps file ids", async () => {
    const meta = dataset.tasks.find((task) => task.instanceCount === 100);
    assert.ok(meta);
    const task = await dataset.loadTask(meta);
    const raw = JSON.parse(await readFile(meta.file, "utf8")) as { Instances: Array<{ id: string }> };
    assert.equal(task.instances.length, 100);
    assert.deepEqual(
      task.instances.map((instance) => instance.id),
      raw.Instances.slice(0, 100).map((instance) => instance.id),
    );
  });

  it("selects by group name: every entity of the group counts", () => {
    const generation = dataset.taxonomy["task-types"].find((group) => group.name === "Generation");
    assert.ok(generation);
    const selected = dataset.select({ taskTypes: ["Generation"] });
    assert.ok(selected.length > 0);
    const expected = dataset.tasks.filter((task) =>
      task.aspects["task-types"].some((value) => generation.entities.includes(value.entity)),
    );
    assert.deepEqual(selected, expected);
  });

  it("combines aspects with AND and names within an aspect with OR, ignoring case", () => {
    const selected = dataset.select({ domains: ["news", "Fiction"], reasoning: ["commonsense reasoning"] });
    assert.ok(selected.length > 0);
    for (const task of selected) {
      assert.ok(task.aspects.domains.some((value) => ["News", "Fiction"].includes(value.entity)));
      assert.ok(task.aspects.reasoning.some((value) => value.entity === "Commonsense Reasoning"));
    }
  });

  it("selects by task name glob", () => {
    const selected = dataset.select({ tasks: ["task1*_title_generation", "task620_*"] });
    assert.ok(selected.length > 0);
    for (const task of selected) assert.match(task.name, /^(task1.*_title_generation|task620_.*)$/);
  });

  it("rejects an unknown entity name, suggesting the closest names", () => {
    assert.throws(
      () => dataset.select({ taskTypes: ["Titel Generaton"] }),
      (error: unknown) =>
        error instanceof UsageError &&
        /--task-types: unknown name "Titel Generaton"/.test(error.message) &&
        /closest: Title Generation/.test(error.message),
    );
  });

  it("rejects a task glob that matches nothing", () => {
    assert.throws(() => dataset.select({ tasks: ["task99999_*"] }), UsageError);
  });
});

describe("openDataset language filter and taxonomy", () => {
  it("keeps only tasks whose input, output and instruction languages all include English, unless allLanguages", async () => {
    const dir = await writeSniDir({
      english: validTask({ Input_language: ["English", "Spanish"] }),
      spanishOutput: validTask({ Output_language: ["Spanish"] }),
    });
    try {
      const english = await openDataset(dir, { cacheFile: freshCache() });
      assert.deepEqual(
        english.tasks.map((task) => task.name),
        ["english"],
      );
      const all = await openDataset(dir, { cacheFile: freshCache(), allLanguages: true });
      assert.deepEqual(
        all.tasks.map((task) => task.name),
        ["english", "spanishOutput"],
      );
    } finally {
      await removeDir(dir);
    }
  });

  it("replaces the bundled taxonomy with --taxonomy FILE", async () => {
    const dir = await writeSniDir({ a: validTask() });
    const taxonomyFile = path.join(dir, "groups.json");
    await writeFile(
      taxonomyFile,
      JSON.stringify({
        "task-types": [{ name: "Short outputs", entities: ["Title Generation"] }],
        domains: [],
        reasoning: [],
      }),
    );
    try {
      const dataset = await openDataset(dir, { cacheFile: freshCache(), taxonomyFile });
      assert.deepEqual(dataset.taxonomy["task-types"], [
        { name: "Short outputs", entities: ["Title Generation"] },
      ]);
      assert.equal(dataset.select({ taskTypes: ["short outputs"] }).length, 1);
      assert.throws(() => dataset.select({ taskTypes: ["Generation"] }), UsageError);
    } finally {
      await removeDir(dir);
    }
  });

  it("rejects a taxonomy file of the wrong shape, naming the field", async () => {
    const dir = await writeSniDir({ a: validTask() });
    const taxonomyFile = path.join(dir, "groups.json");
    await writeFile(
      taxonomyFile,
      JSON.stringify({ "task-types": [{ name: "G", entities: "x" }], domains: [], reasoning: [] }),
    );
    try {
      await assert.rejects(
        openDataset(dir, { cacheFile: freshCache(), taxonomyFile }),
        /groups\.json: field task-types\.0\.entities/,
      );
    } finally {
      await removeDir(dir);
    }
  });

  it("chooses another split of the split set, and names the available splits when one is missing", async () => {
    const dir = await writeSniDir({ a: validTask(), b: validTask() }, ["a"]);
    await writeFile(path.join(dir, "splits", "default", "train_tasks.txt"), "b\n");
    try {
      const train = await openDataset(dir, { cacheFile: freshCache(), split: "train" });
      assert.deepEqual(
        train.tasks.map((task) => task.name),
        ["b"],
      );
      await assert.rejects(
        openDataset(dir, { cacheFile: freshCache(), split: "dev" }),
        (error: unknown) =>
          error instanceof UsageError && /default\/test, default\/train/.test(error.message),
      );
    } finally {
      await removeDir(dir);
    }
  });
});

describe("split lists", () => {
  it("reject a name that could point outside tasks/, naming the line", async () => {
    const dir = await writeSniDir({ a: validTask() }, ["a", "../../etc/passwd"]);
    try {
      await assert.rejects(
        openDataset(dir, { cacheFile: freshCache() }),
        (error: unknown) =>
          error instanceof UsageError &&
          /test_tasks\.txt: line 2: "\.\.\/\.\.\/etc\/passwd" is not a task name/.test(error.message),
      );
    } finally {
      await removeDir(dir);
    }
  });

  it("accept names with a .json suffix and surrounding blanks", async () => {
    const dir = await writeSniDir({ a: validTask(), b: validTask() }, ["  a.json ", "", "b"]);
    try {
      const dataset = await openDataset(dir, { cacheFile: freshCache() });
      assert.deepEqual(
        dataset.tasks.map((task) => task.name),
        ["a", "b"],
      );
    } finally {
      await removeDir(dir);
    }
  });
});

describe("loading a task", () => {
  it("reports what the index scan leaves unchecked, such as a bad escape inside an instance, naming line and column", async () => {
    const text = JSON.stringify(validTask(), null, 1).replace('"Birds sing."', '"Birds \\q sing."');
    const dir = await writeSniDir({ a: text });
    try {
      const dataset = await openDataset(dir, { cacheFile: freshCache() });
      const meta = dataset.tasks[0];
      assert.equal(meta?.instanceCount, 3);
      await assert.rejects(
        dataset.loadTask(meta),
        (error: unknown) =>
          error instanceof UsageError &&
          /a\.json: task "a": invalid JSON at line \d+, column \d+: expected a valid escape sequence/.test(
            error.message,
          ),
      );
    } finally {
      await removeDir(dir);
    }
  });

  it("rejects an instances-per-task count below 1", async () => {
    const dir = await writeSniDir({ a: validTask() });
    try {
      const dataset = await openDataset(dir, { cacheFile: freshCache() });
      await assert.rejects(dataset.loadTask(dataset.tasks[0] as TaskMeta, 0), UsageError);
    } finally {
      await removeDir(dir);
    }
  });
});

describe("the metadata index cache", () => {
  it("rebuilds the entry of a task file that changed, and only trusts unchanged size and mtime", async () => {
    const dir = await writeSniDir({ a: validTask(), b: validTask() });
    const cacheFile = freshCache();
    const fileA = path.join(dir, "tasks", "a.json");
    const fixedTime = new Date("2024-01-02T03:04:05Z");
    await utimes(fileA, fixedTime, fixedTime);
    try {
      const progress: string[] = [];
      const onIndexProgress = ({ scanned, toScan }: { scanned: number; toScan: number }) =>
        progress.push(`${scanned}/${toScan}`);
      const first = await openDataset(dir, { cacheFile, onIndexProgress });
      assert.deepEqual(progress.splice(0), ["1/2", "2/2"]);
      assert.equal(first.tasks[0]?.instanceCount, 3);
      assert.ok((await stat(cacheFile)).size > 0, "the index is cached");

      // Same size and mtime as before, different content: the cache is trusted and the file is not read.
      await writeFile(fileA, " ".repeat((await stat(fileA)).size));
      await utimes(fileA, fixedTime, fixedTime);
      const cached = await openDataset(dir, { cacheFile, onIndexProgress });
      assert.deepEqual(progress.splice(0), [], "nothing to scan");
      assert.equal(cached.tasks[0]?.instanceCount, 3);

      // A real change (new size, new mtime) is picked up on the next open.
      const changed = validTask({ Categories: ["Word Analogy"] });
      (changed.Instances as unknown[]).push({ input: "x", output: ["y"] });
      await writeFile(fileA, JSON.stringify(changed));
      const reopened = await openDataset(dir, { cacheFile, onIndexProgress });
      assert.deepEqual(progress.splice(0), ["1/1"], "only the changed file is scanned");
      assert.equal(reopened.tasks[0]?.instanceCount, 4);
      assert.deepEqual(reopened.tasks[0]?.aspects["task-types"], [
        { path: "Word Analogy", entity: "Word Analogy" },
      ]);
    } finally {
      await removeDir(dir);
    }
  });

  it("works when the cache cannot be written", async () => {
    const dir = await writeSniDir({ a: validTask() });
    try {
      const dataset = await openDataset(dir, {
        cacheFile: path.join(dir, "tasks", "a.json", "not-a-dir", "cache.json"),
      });
      assert.equal(dataset.tasks.length, 1);
    } finally {
      await removeDir(dir);
    }
  });
});

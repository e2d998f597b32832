import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type CliResult, runCli } from "../cli-process.js";
import { removeDir, validTask, writeSniDir } from "../data/temp-sni.js";
import { repoRoot, sharedFixture } from "../fixtures.js";

const work = await mkdtemp(path.join(os.tmpdir(), "slm-data-analyze-"));
const env = { SLM_EVAL_CACHE_DIR: path.join(work, "cache") };
after(() => removeDir(work));

const ASPECT_FILES = ["task-types", "domains", "reasoning"] as const;

function analyze(args: string[]): Promise<CliResult> {
  return runCli(["data", "analyze", ...args], { env });
}

/** CSV rows as {entity: [number_of_tasks, total_instances]}, plus the groups column. */
function readCounts(file: string): {
  header: string;
  counts: Record<string, [number, number]>;
  groups: Record<string, string>;
} {
  const [header = "", ...rows] = readFileSync(file, "utf8").trim().split("\n");
  const counts: Record<string, [number, number]> = {};
  const groups: Record<string, string> = {};
  for (const row of rows) {
    const [entity = "", group = "", tasks = "", instances = ""] = csvFields(row);
    counts[entity] = [Number(tasks), Number(instances)];
    groups[entity] = group;
  }
  return { header, counts, groups };
}

/** Fields of one CSV line; a field may be double-quoted with doubled quotes inside. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) {
      fields.push(field);
      field = "";
    } else field += char;
  }
  return [...fields, field];
}

describe("slm-eval data analyze on the SNI v2 test split fixture", () => {
  const out = path.join(work, "fixture-analysis");
  let result: CliResult;
  before(async () => {
    result = await analyze([
      "--data",
      sharedFixture("sni"),
      "--split",
      "test",
      "--instances-per-task",
      "100",
      "--out",
      out,
      "--compare-paper",
      sharedFixture("paper-results", "dataset_analysis", "test"),
    ]);
  });

  it("succeeds, warning about the tasks the split names but the fixture lacks", () => {
    assert.equal(result.code, 0, result.stderr);
    const absent = readFileSync(sharedFixture("sni", "MANIFEST.tsv"), "utf8")
      .split("\n")
      .filter((line) => line.split("\t")[1] === "absent")
      .map((line) => line.split("\t")[0] as string);
    assert.ok(absent.length > 0);
    assert.match(result.stderr, /warning: .*absent/);
    const present = readFileSync(sharedFixture("sni", "MANIFEST.tsv"), "utf8")
      .split("\n")
      .filter((line) => line.split("\t")[1] === "present").length;
    assert.match(
      result.stderr,
      new RegExp(`indexing ${present} new or changed task files`),
      "first run builds the index",
    );
    for (const task of absent) assert.ok(result.stderr.includes(task), task);
  });

  it("reproduces expected-analysis.json exactly: every entity, task count and clipped instance total", () => {
    const expected = JSON.parse(
      readFileSync(sharedFixture("sni", "expected-analysis.json"), "utf8"),
    ) as Record<string, Record<string, [number, number]>>;
    for (const aspect of ASPECT_FILES) {
      const { header, counts } = readCounts(path.join(out, `${aspect}.csv`));
      assert.equal(header, "entity,group,number_of_tasks,total_instances");
      assert.deepEqual(counts, expected[aspect], aspect);
    }
  });

  it("fills the group column from the bundled taxonomy and leaves it empty for other entities", () => {
    const taxonomy = JSON.parse(readFileSync(path.join(repoRoot, "data", "taxonomy.json"), "utf8")) as Record<
      string,
      Array<{ name: string; entities: string[] }>
    >;
    for (const aspect of ASPECT_FILES) {
      const { groups } = readCounts(path.join(out, `${aspect}.csv`));
      for (const [entity, group] of Object.entries(groups)) {
        const expectedGroup =
          taxonomy[aspect]?.find((candidate) => candidate.entities.includes(entity))?.name ?? "";
        assert.equal(group, expectedGroup, `${aspect}: ${entity}`);
      }
    }
  });

  it("writes summary.md with totals and the paper's numbers beside ours", () => {
    const summary = readFileSync(path.join(out, "summary.md"), "utf8");
    const manifest = readFileSync(sharedFixture("sni", "MANIFEST.tsv"), "utf8").trim().split("\n").slice(1);
    const present = manifest.map((line) => line.split("\t")).filter((fields) => fields[1] === "present");
    const instances = present.map((fields) => Number(fields[4]));
    const sum = instances.reduce((a, b) => a + b, 0);
    const paperTotals = readFileSync(
      sharedFixture("paper-results", "dataset_analysis", "test", "total_tasks_and_instances.txt"),
      "utf8",
    );
    const paperValue = (label: string) => new RegExp(`^${label}: (.*)$`, "m").exec(paperTotals)?.[1];
    assert.ok(summary.includes(`| Tasks | ${present.length} | ${paperValue("Total Tasks")} |`), summary);
    assert.ok(
      summary.includes(
        `| Instances after clipping (at most 100 per task) | ${sum} | ${paperValue("Total Instances after clipping")} |`,
      ),
    );
    assert.ok(
      summary.includes(
        `| Fewest instances in a task | ${Math.min(...instances)} | ${paperValue("Minimum Instance in a Task")} |`,
      ),
    );

    const paperCsv = readFileSync(
      sharedFixture("paper-results", "dataset_analysis", "test", "category_counts_domains.csv"),
      "utf8",
    );
    const knowledgeBase = /^\d+,Knowledge Base,([\d.]+),([\d.]+)$/m.exec(paperCsv);
    assert.ok(knowledgeBase, "the paper has an entity the fixture lacks");
    assert.ok(
      summary.includes(
        `| Knowledge Base |  | 0 | 0 | ${Number(knowledgeBase[1])} | ${Number(knowledgeBase[2])} |`,
      ),
      "an entity only the paper has shows 0 on our side",
    );
  });

  it("fails with exit 2 under --strict because the split names absent tasks", async () => {
    const strictOut = path.join(work, "strict");
    const strict = await analyze(["--data", sharedFixture("sni"), "--strict", "--out", strictOut]);
    assert.equal(strict.code, 2);
    assert.doesNotMatch(strict.stderr, /indexing/, "the second run reuses the cached index");
    assert.match(strict.stderr, /absent .*--strict makes this an error/s);
    assert.equal(existsSync(strictOut), false, "nothing written");
  });
});

describe("slm-eval data analyze on bad input", () => {
  let dir: string;
  before(async () => {
    const missingField = validTask();
    delete missingField.Instances;
    dir = await writeSniDir({
      good: validTask(),
      malformed: '{\n  "Definition": ["x"],\n  "Categories": ["A"]\n  "Domains": []\n}\n',
      missingField,
      mistyped: validTask({ Categories: "Title Generation" }),
      emptyInstances: validTask({ Instances: [] }),
      latin1: Buffer.from(JSON.stringify(validTask({ Definition: ["café"] })), "latin1"),
    });
  });
  after(() => removeDir(dir));

  it("stops with exit 2, naming each bad file with its problem, and writes nothing", async () => {
    const out = path.join(work, "bad-out");
    const result = await analyze(["--data", dir, "--out", out]);
    assert.equal(result.code, 2);
    const lines = [
      /tasks\/malformed\.json: task "malformed": invalid JSON at line 4, column 3/,
      /tasks\/missingField\.json: task "missingField": required field "Instances" is missing/,
      /tasks\/mistyped\.json: task "mistyped": field "Categories" must be a list of strings \(found a string\)/,
      /tasks\/emptyInstances\.json: task "emptyInstances": field "Instances" is empty/,
      /tasks\/latin1\.json: task "latin1": not valid UTF-8: byte 0xe9 at line 1, column \d+/,
      /--skip-invalid/,
    ];
    for (const line of lines) assert.match(result.stderr, line);
    assert.equal(existsSync(out), false);
  });

  it("continues under --skip-invalid with a warning listing the skipped tasks", async () => {
    const out = path.join(work, "skip-out");
    const result = await analyze(["--data", dir, "--out", out, "--skip-invalid"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /warning: skipped 5 invalid tasks: malformed, missingField, mistyped, emptyInstances, latin1/,
    );
    assert.deepEqual(readCounts(path.join(out, "task-types.csv")).counts, { "Title Generation": [1, 3] });
  });

  it("rejects a split that names a task twice, unless --skip-invalid keeps the first", async () => {
    const twice = await writeSniDir({ a: validTask(), b: validTask() }, ["a", "b", "a"]);
    try {
      const result = await analyze(["--data", twice, "--out", path.join(work, "twice")]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /test_tasks\.txt: duplicate task names: "a" on line 3 \(first on line 1\)/);
      const skipped = await analyze(["--data", twice, "--out", path.join(work, "twice"), "--skip-invalid"]);
      assert.equal(skipped.code, 0, skipped.stderr);
      assert.deepEqual(readCounts(path.join(work, "twice", "domains.csv")).counts, { News: [2, 6] });
    } finally {
      await removeDir(twice);
    }
  });

  it("rejects an unknown entity in a filter with exit 2, suggesting the closest names", async () => {
    const result = await analyze([
      "--data",
      dir,
      "--skip-invalid",
      "--domains",
      "Nwes",
      "--out",
      path.join(work, "x"),
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--domains: unknown name "Nwes".*closest: News/);
  });

  it("rejects a directory that is not an SNI directory, and a bad --instances-per-task", async () => {
    const notSni = await analyze(["--data", work, "--out", path.join(work, "x")]);
    assert.equal(notSni.code, 2);
    assert.match(notSni.stderr, /is not an SNI directory: expected .*tasks/);
    const badCount = await analyze(["--data", dir, "--instances-per-task", "0"]);
    assert.equal(badCount.code, 2);
    assert.match(badCount.stderr, /--instances-per-task.*positive integer/);
  });
});

describe("slm-eval data analyze with filters and a replaced taxonomy", () => {
  it("counts only the selected tasks, clipped to --instances-per-task, with groups from --taxonomy", async () => {
    const dir = await writeSniDir({
      title: validTask(),
      analogy: validTask({ Categories: ["Word Analogy"], Domains: [], Reasoning: ["Analogical Reasoning"] }),
      other: validTask({ Categories: ["Word Analogy"], Domains: ["Books"] }),
    });
    const taxonomy = path.join(dir, "taxonomy.json");
    await writeFile(
      taxonomy,
      JSON.stringify({
        "task-types": [{ name: "Relations", entities: ["Word Analogy"] }],
        domains: [],
        reasoning: [],
      }),
    );
    const out = path.join(dir, "out");
    try {
      const result = await analyze([
        "--data",
        dir,
        "--task-types",
        "relations",
        "--instances-per-task",
        "2",
        "--taxonomy",
        taxonomy,
        "--out",
        out,
        "--json",
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        await readFile(path.join(out, "task-types.csv"), "utf8"),
        "entity,group,number_of_tasks,total_instances\nWord Analogy,Relations,2,4\n",
      );
      assert.deepEqual(readCounts(path.join(out, "domains.csv")).counts, { Books: [1, 2], "(none)": [1, 2] });
      const json = JSON.parse(result.stdout) as {
        tasks: number;
        instancesBeforeClipping: number;
        instancesAfterClipping: number;
      };
      assert.deepEqual([json.tasks, json.instancesBeforeClipping, json.instancesAfterClipping], [2, 6, 4]);
    } finally {
      await removeDir(dir);
    }
  });
});

describe("slm-eval data --help", () => {
  it("explains every analyze option with an example", async () => {
    const result = await runCli(["data", "analyze", "--help"]);
    assert.equal(result.code, 0);
    for (const flag of [
      "--data",
      "--split",
      "--split-set",
      "--tasks",
      "--task-types",
      "--domains",
      "--reasoning",
      "--instances-per-task",
      "--all-languages",
      "--taxonomy",
      "--strict",
      "--skip-invalid",
      "--out",
      "--compare-paper",
      "--json",
    ]) {
      assert.ok(result.stdout.includes(flag), flag);
    }
    assert.match(result.stdout, /Examples:\n\s+slm-eval data analyze --data sni/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { indexProgressPrinter } from "../../src/data/index-progress.js";
import { pullProgressPrinter } from "../../src/data/pull-progress.js";

/** A stand-in for process.stderr that records what is written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const fake = {
    isTTY,
    text: "",
    write(chunk: string) {
      fake.text += chunk;
      return true;
    },
  };
  return fake as unknown as NodeJS.WriteStream & { text: string };
}

describe("pull progress", () => {
  it("redraws one bar in place on a terminal and ends it with a newline", () => {
    const out = stream(true);
    const print = pullProgressPrinter(out);
    print({ kind: "file", task: "a", status: "downloaded", bytes: 1_500_000, done: 1, total: 2 });
    print({ kind: "file", task: "b", status: "skipped", bytes: 0, done: 2, total: 2 });
    assert.equal(
      out.text,
      `\r\x1b[K[${"#".repeat(15)}${"-".repeat(15)}] 1/2 tasks, 1.5 MB` +
        `\r\x1b[K[${"#".repeat(30)}] 2/2 tasks, 1.5 MB\n`,
    );
  });

  it("writes one plain line per file and per retry elsewhere", () => {
    const out = stream(false);
    const print = pullProgressPrinter(out);
    print({ kind: "list", tasks: 2, alreadyComplete: 1 });
    print({ kind: "retry", url: "http://h/tasks/a.json", attempt: 1, delayMs: 500, reason: "HTTP 503" });
    print({ kind: "file", task: "a", status: "downloaded", bytes: 2_000_000, done: 1, total: 2 });
    assert.equal(
      out.text,
      "2 tasks in the split; 1 already complete\n" +
        "retry 1 in 500 ms: http://h/tasks/a.json (HTTP 503)\n" +
        "[1/2] downloaded a (2.0 MB)\n",
    );
  });
});

describe("index progress", () => {
  it("counts in place on a terminal", () => {
    const out = stream(true);
    const print = indexProgressPrinter(out);
    for (let scanned = 1; scanned <= 2; scanned++) print({ scanned, toScan: 2 });
    assert.equal(out.text, "\r\x1b[Kindexing task files 1/2\r\x1b[Kindexing task files 2/2\n");
  });

  it("writes a start and an end line elsewhere", () => {
    const out = stream(false);
    const print = indexProgressPrinter(out);
    for (let scanned = 1; scanned <= 3; scanned++) print({ scanned, toScan: 3 });
    assert.equal(
      out.text,
      "indexing 3 new or changed task files (cached for the next run)\nindexed 3 task files\n",
    );
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatProgress, ProgressReporter } from "../../src/runner/progress.js";

describe("progress display", () => {
  it("shows done/total, percentage, rate, ETA and errors", () => {
    const line = formatProgress({ label: "Tiny 8-def", done: 30, total: 120, errors: 2, cached: 0 }, 10_000);
    assert.match(line, /^Tiny 8-def \[#{6}-{18}\] 30\/120 25% 3\.0\/s ETA 30s errors 2$/);
  });

  it("prints plain lines at most once per interval off a terminal, and always the last one", () => {
    let clock = 0;
    const lines: string[] = [];
    const progress = new ProgressReporter({
      tty: false,
      plainIntervalMs: 1000,
      write: (text) => lines.push(text),
      now: () => clock,
    });
    progress.start("run", 4);
    clock = 100;
    progress.advance({ error: false, cached: false });
    clock = 1200;
    progress.advance({ error: true, cached: false });
    clock = 1300;
    progress.advance({ error: false, cached: true });
    progress.advance({ error: false, cached: false });
    assert.deepEqual(
      lines.map((line) => line.match(/ (\d+\/\d+) /)?.[1]),
      ["0/4", "2/4", "4/4"],
    );
    assert.ok(lines.every((line) => line.endsWith("\n")));
    assert.match(lines[2] ?? "", /errors 1 cached 1/);
  });

  it("redraws one line on a terminal", () => {
    const writes: string[] = [];
    const progress = new ProgressReporter({ tty: true, write: (text) => writes.push(text), now: () => 0 });
    progress.start("run", 1);
    progress.advance({ error: false, cached: false });
    progress.finish();
    assert.ok(writes.slice(0, 2).every((text) => text.startsWith("\r\x1b[2K")));
    assert.equal(writes.at(-1), "\n");
  });
});

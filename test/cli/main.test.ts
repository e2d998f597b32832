import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli } from "../cli-process.js";

describe("slm-eval CLI entry point", () => {
  it("prints help and exits 0", async () => {
    const result = await runCli(["--help"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: slm-eval/);
  });

  it("rejects an unknown command with exit code 2", async () => {
    const result = await runCli(["no-such-command"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: /m);
  });

  it("exits 0 without a stack trace when the reader of its output goes away (slm-eval … | head)", async () => {
    const result = await runCli(["eval", "--help"], { closeStdout: true });
    assert.equal(result.code, 0);
    assert.doesNotMatch(result.stderr, /EPIPE|Unhandled/);
  });
});

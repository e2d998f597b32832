import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { runCli } from "../cli-process.js";
import { removeDir } from "../data/temp-sni.js";
import { sharedFixture } from "../fixtures.js";

/** Small fixture tasks the served split names; the server's split list is this, not the fixture's 119 names. */
const SPLIT = [
  "task1152_bard_analogical_reasoning_causation",
  "task1153_bard_analogical_reasoning_affordance",
  "task1155_bard_analogical_reasoning_trash_or_treasure",
  "task1159_bard_analogical_reasoning_containers",
];

/** How the server misbehaves for one request path. */
interface Fault {
  /** Answer this status for the first `times` requests (Infinity: always). */
  status: number;
  times: number;
}

/** A local stand-in for the repository's raw-file host, serving fixture task files. */
class RawFileServer {
  private server = http.createServer((request, response) => this.handle(request, response));
  requests: string[] = [];
  faults = new Map<string, Fault>();
  /** Paths whose body is cut short of its Content-Length once. */
  truncateOnce = new Set<string>();
  url = "";

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sni/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const pathname = new URL(request.url ?? "/", "http://x").pathname.replace(/^\/sni\//, "");
    this.requests.push(pathname);
    const fault = this.faults.get(pathname);
    if (fault && fault.times > 0) {
      fault.times--;
      response.writeHead(fault.status).end("failure");
      return;
    }
    const body = this.body(pathname);
    if (body === undefined) {
      response.writeHead(404).end("Not Found");
      return;
    }
    response.writeHead(200, { "content-length": body.length });
    if (this.truncateOnce.delete(pathname)) {
      response.write(body.subarray(0, Math.floor(body.length / 2)));
      response.destroy();
      return;
    }
    response.end(body);
  }

  private body(pathname: string): Buffer | undefined {
    if (pathname === "splits/default/test_tasks.txt") return Buffer.from(`${SPLIT.join("\n")}\n`);
    const match = /^tasks\/([\w.-]+\.json)$/.exec(pathname);
    const file = match ? path.join(sharedFixture("sni", "tasks"), match[1] as string) : undefined;
    return file && existsSync(file) ? readFileSync(file) : undefined;
  }
}

const work = await mkdtemp(path.join(os.tmpdir(), "slm-data-pull-"));
const server = new RawFileServer();
before(() => server.start());
after(async () => {
  await server.close();
  await removeDir(work);
});

let destCount = 0;
function pull(dest: string, ...extra: string[]) {
  return runCli(["data", "pull", "--dest", dest, "--base-url", server.url, "--retry-delay", "10", ...extra], {
    env: { SLM_EVAL_CACHE_DIR: path.join(work, "cache") },
  });
}
const taskRequests = () => server.requests.filter((request) => request.startsWith("tasks/"));

describe("slm-eval data pull from a local raw-file server", () => {
  beforeEach(() => {
    server.requests = [];
    server.faults.clear();
    server.truncateOnce.clear();
  });

  it("downloads the split list and exactly that split's task files, byte for byte", async () => {
    const dest = path.join(work, `dest-${destCount++}`);
    const result = await pull(dest);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      (await readdir(path.join(dest, "tasks"))).sort(),
      SPLIT.map((task) => `${task}.json`).sort(),
    );
    for (const task of SPLIT) {
      assert.deepEqual(
        readFileSync(path.join(dest, "tasks", `${task}.json`)),
        readFileSync(sharedFixture("sni", "tasks", `${task}.json`)),
      );
    }
    assert.equal(
      readFileSync(path.join(dest, "splits", "default", "test_tasks.txt"), "utf8"),
      `${SPLIT.join("\n")}\n`,
    );
    assert.match(result.stderr, /4 tasks in the split; 0 already complete/);
    assert.match(result.stderr, /\[4\/4\] downloaded /, "plain progress lines when stderr is not a terminal");
    assert.match(result.stdout, /4 downloaded .*0 already complete, 0 failed, of 4 tasks/);

    const analyzed = await runCli(["data", "analyze", "--data", dest, "--out", path.join(dest, "analysis")], {
      env: { SLM_EVAL_CACHE_DIR: path.join(work, "cache") },
    });
    assert.equal(analyzed.code, 0, analyzed.stderr);
    assert.match(analyzed.stdout, /^4 tasks,/);
  });

  it("resumes: complete files are skipped, only missing ones are fetched", async () => {
    const dest = path.join(work, `dest-${destCount++}`);
    assert.equal((await pull(dest)).code, 0);
    await rm(path.join(dest, "tasks", `${SPLIT[2]}.json`));
    server.requests = [];
    const result = await pull(dest);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(taskRequests(), [`tasks/${SPLIT[2]}.json`]);
    assert.match(result.stdout, /1 downloaded .*3 already complete/);
  });

  it("retries server errors and cut-off bodies with backoff, then succeeds", async () => {
    const dest = path.join(work, `dest-${destCount++}`);
    server.faults.set(`tasks/${SPLIT[0]}.json`, { status: 503, times: 2 });
    server.truncateOnce.add(`tasks/${SPLIT[1]}.json`);
    const result = await pull(dest);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /retry 1 in 10 ms: .*task1152.* \(HTTP 503/);
    assert.match(result.stderr, /retry 2 in 20 ms: .*task1152/);
    assert.equal(taskRequests().filter((request) => request.includes(SPLIT[0] as string)).length, 3);
    assert.ok(taskRequests().filter((request) => request.includes(SPLIT[1] as string)).length >= 2);
    for (const task of SPLIT) {
      assert.deepEqual(
        readFileSync(path.join(dest, "tasks", `${task}.json`)),
        readFileSync(sharedFixture("sni", "tasks", `${task}.json`)),
      );
    }
  });

  it("exits 1 naming the files a failing server never delivered, leaves no partial file, and a re-run completes", async () => {
    const dest = path.join(work, `dest-${destCount++}`);
    server.faults.set(`tasks/${SPLIT[3]}.json`, { status: 500, times: Number.POSITIVE_INFINITY });
    const failed = await pull(dest, "--retries", "2");
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, new RegExp(`could not download 1 task files:\\n  ${SPLIT[3]}: .*HTTP 500`));
    assert.match(failed.stderr, /Re-run the same command/);
    assert.deepEqual(
      (await readdir(path.join(dest, "tasks"))).sort(),
      SPLIT.slice(0, 3)
        .map((task) => `${task}.json`)
        .sort(),
    );

    server.faults.clear();
    const rerun = await pull(dest);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /1 downloaded .*3 already complete/);
  });

  it("does not retry a file the server does not have (404)", async () => {
    const dest = path.join(work, `dest-${destCount++}`);
    server.faults.set(`tasks/${SPLIT[0]}.json`, { status: 404, times: Number.POSITIVE_INFINITY });
    const result = await pull(dest);
    assert.equal(result.code, 1);
    assert.equal(taskRequests().filter((request) => request.includes(SPLIT[0] as string)).length, 1);
    assert.match(result.stderr, /HTTP 404/);
  });

  it("says clearly when the host cannot be reached", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dest = path.join(work, `dest-${destCount++}`);
    const result = await runCli(
      [
        "data",
        "pull",
        "--dest",
        dest,
        "--base-url",
        `http://127.0.0.1:${port}/`,
        "--retries",
        "1",
        "--retry-delay",
        "10",
      ],
      { env: { SLM_EVAL_CACHE_DIR: path.join(work, "cache") } },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ECONNREFUSED.*cannot be reached: are you offline\?/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    assert.equal(existsSync(path.join(dest, "splits", "default", "test_tasks.txt")), false);
  });

  it("explains its options with examples", async () => {
    const result = await runCli(["data", "pull", "--help"]);
    assert.equal(result.code, 0);
    for (const flag of [
      "--dest",
      "--split",
      "--split-set",
      "--base-url",
      "--retries",
      "--retry-delay",
      "--concurrency",
    ]) {
      assert.ok(result.stdout.includes(flag), flag);
    }
    assert.match(result.stdout, /Examples:/);
  });
});

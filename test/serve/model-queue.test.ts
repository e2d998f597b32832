import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelQueue, QueueFullError } from "../../src/serve/model-queue.js";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("ModelQueue", () => {
  it("runs at most `concurrency` jobs at once and the waiting ones in arrival order", async () => {
    const queue = new ModelQueue(1, 2);
    const first = gate();
    const order: string[] = [];
    const a = queue.run(async () => {
      await first.opened;
      order.push("a");
    });
    const b = queue.run(async () => {
      order.push("b");
    });
    const c = queue.run(async () => {
      order.push("c");
    });
    assert.equal(queue.running, 1);
    assert.equal(queue.depth, 2);
    first.open();
    await Promise.all([a, b, c]);
    assert.deepEqual(order, ["a", "b", "c"]);
    assert.equal(queue.running, 0);
  });

  it("refuses at once when the queue is full", async () => {
    const queue = new ModelQueue(1, 1);
    const hold = gate();
    const running = queue.run(() => hold.opened);
    const waiting = queue.run(async () => "served");
    await assert.rejects(
      queue.run(async () => "never"),
      QueueFullError,
    );
    hold.open();
    await running;
    assert.equal(await waiting, "served");
  });

  it("frees the slot when a job fails", async () => {
    const queue = new ModelQueue(1, 0);
    await assert.rejects(
      queue.run(async () => Promise.reject(new Error("boom"))),
      /boom/,
    );
    assert.equal(await queue.run(async () => 7), 7);
  });

  it("drops a waiting job whose request was aborted", async () => {
    const queue = new ModelQueue(1, 1);
    const hold = gate();
    const running = queue.run(() => hold.opened);
    const controller = new AbortController();
    let ran = false;
    const waiting = queue.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error("client went away"));
    await assert.rejects(waiting, /client went away/);
    assert.equal(queue.depth, 0);
    hold.open();
    await running;
    assert.equal(ran, false);
  });
});

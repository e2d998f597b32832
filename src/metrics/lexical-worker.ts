import { parentPort } from "node:worker_threads";
import { scoreLexicalBatch } from "./lexical.js";
import type { LexicalWorkerRequest, LexicalWorkerResponse } from "./lexical-pool.js";

/** Worker thread of the lexical pool: scores each batch it receives and answers with its id. */
const port = parentPort;
if (port === null) throw new Error("lexical-worker must run in a worker thread");

port.on("message", (request: LexicalWorkerRequest) => {
  let response: LexicalWorkerResponse;
  try {
    response = { id: request.id, scores: scoreLexicalBatch(request.pairs, request.metrics) };
  } catch (error) {
    response = {
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  port.postMessage(response);
});

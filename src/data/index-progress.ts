import type { IndexProgress } from "./task-index.js";

/**
 * Renders index building on a stream: a counter redrawn in place on a terminal; otherwise one line when it starts
 * and one when it ends (a cold index of a full repository takes seconds, a warm one prints nothing).
 */
export function indexProgressPrinter(stream: NodeJS.WriteStream): (progress: IndexProgress) => void {
  const tty = stream.isTTY === true;
  return ({ scanned, toScan }) => {
    if (tty) {
      stream.write(`\r\x1b[Kindexing task files ${scanned}/${toScan}${scanned === toScan ? "\n" : ""}`);
      return;
    }
    if (scanned === 1)
      stream.write(`indexing ${toScan} new or changed task files (cached for the next run)\n`);
    if (scanned === toScan) stream.write(`indexed ${toScan} task files\n`);
  };
}

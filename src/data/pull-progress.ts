import type { PullProgress } from "./pull.js";

/**
 * Renders pull progress on a stream: a bar redrawn in place on a terminal, one plain line per file otherwise
 * (logs, CI). Retries are always reported on their own line.
 */
export function pullProgressPrinter(stream: NodeJS.WriteStream): (event: PullProgress) => void {
  const tty = stream.isTTY === true;
  let bytes = 0;
  return (event) => {
    if (event.kind === "list") {
      stream.write(`${event.tasks} tasks in the split; ${event.alreadyComplete} already complete\n`);
      return;
    }
    if (event.kind === "retry") {
      stream.write(
        `${tty ? "\r\x1b[K" : ""}retry ${event.attempt} in ${event.delayMs} ms: ${event.url} (${event.reason})\n`,
      );
      return;
    }
    bytes += event.bytes;
    if (tty) {
      const width = 30;
      const filled = Math.round((event.done / Math.max(1, event.total)) * width);
      stream.write(
        `\r\x1b[K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${event.done}/${event.total} tasks, ${megabytes(bytes)}`,
      );
      if (event.done === event.total) stream.write("\n");
      return;
    }
    stream.write(
      `[${event.done}/${event.total}] ${event.status} ${event.task}${event.bytes > 0 ? ` (${megabytes(event.bytes)})` : ""}\n`,
    );
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** What the progress display knows about the work. */
export interface ProgressState {
  label: string;
  done: number;
  total: number;
  errors: number;
  cached: number;
}

export interface ProgressOptions {
  /** A TTY gets a redrawn bar; anything else periodic plain lines. */
  tty: boolean;
  /** Plain mode: at most one line per this many milliseconds. */
  plainIntervalMs?: number;
  write?: (text: string) => void;
  now?: () => number;
}

/** Progress of the generation work on stderr: done/total, rate, ETA, errors. */
export class ProgressReporter {
  private state: ProgressState = { label: "", done: 0, total: 0, errors: 0, cached: 0 };
  private started: number;
  private lastLine = 0;
  private readonly write: (text: string) => void;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.write = options.write ?? ((text) => process.stderr.write(text));
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  start(label: string, total: number): void {
    this.state = { label, done: 0, total, errors: 0, cached: 0 };
    this.started = this.now();
    this.render(true);
  }

  advance(outcome: { error: boolean; cached: boolean }): void {
    this.state.done++;
    if (outcome.error) this.state.errors++;
    if (outcome.cached) this.state.cached++;
    this.render(this.state.done === this.state.total);
  }

  /** Ends the current bar's line on a TTY. */
  finish(): void {
    if (this.options.tty) this.write("\n");
  }

  private render(force: boolean): void {
    const line = formatProgress(this.state, this.now() - this.started);
    if (this.options.tty) {
      this.write(`\r\x1b[2K${line}`);
      return;
    }
    const interval = this.options.plainIntervalMs ?? 5000;
    if (force || this.now() - this.lastLine >= interval) {
      this.lastLine = this.now();
      this.write(`${line}\n`);
    }
  }
}

export function formatProgress(state: ProgressState, elapsedMs: number): string {
  const { done, total } = state;
  const fraction = total === 0 ? 1 : done / total;
  const width = 24;
  const filled = Math.round(fraction * width);
  const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  return (
    `${state.label} [${bar}] ${done}/${total} ${(fraction * 100).toFixed(0)}% ` +
    `${rate.toFixed(1)}/s ETA ${formatSeconds(eta)} errors ${state.errors}` +
    (state.cached > 0 ? ` cached ${state.cached}` : "")
  );
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_SNI_BASE_URL, PullError, pullSplit } from "../../data/pull.js";
import { pullProgressPrinter } from "../../data/pull-progress.js";
import { DEFAULT_DATA_DIR } from "../options/data-options.js";

interface PullCommandOptions {
  dest: string;
  split: string;
  splitSet: string;
  baseUrl: string;
  retries: number;
  retryDelay: number;
  concurrency: number;
}

/** `slm-eval data pull`: download one split of SNI from the public repository's raw files. */
export function registerDataPullCommand(data: Command): void {
  data
    .command("pull")
    .description(
      "Download a split list and only that split's task files (resumable: complete files are skipped)",
    )
    .addOption(
      new Option("--dest <dir>", "SNI directory to fill (e.g. --dest ./sni)").default(DEFAULT_DATA_DIR),
    )
    .addOption(
      new Option("--split <name>", "split to download: test or train (e.g. --split test)").default("test"),
    )
    .addOption(
      new Option("--split-set <set>", "folder under splits/ (e.g. --split-set default)").default("default"),
    )
    .addOption(
      new Option(
        "--base-url <url>",
        "where the repository's raw files are served (e.g. --base-url http://mirror.local/sni/)",
      ).default(DEFAULT_SNI_BASE_URL),
    )
    .addOption(
      new Option(
        "--retries <n>",
        "extra attempts per file after network errors or HTTP 5xx/429 (e.g. --retries 4)",
      )
        .argParser(wholeNumber)
        .default(4),
    )
    .addOption(
      new Option(
        "--retry-delay <ms>",
        "first backoff delay in milliseconds, doubled per attempt (e.g. --retry-delay 1000)",
      )
        .argParser(wholeNumber)
        .default(1000),
    )
    .addOption(
      new Option("--concurrency <n>", "downloads in flight at once (e.g. --concurrency 4)")
        .argParser(positive)
        .default(4),
    )
    .addHelpText(
      "after",
      `
Files are written atomically, so an interrupted pull is resumed by running the same command again.

Examples:
  slm-eval data pull --dest sni                          the default test split (119 tasks)
  slm-eval data pull --dest sni --split train            the default train split
  slm-eval data pull --dest sni --base-url http://127.0.0.1:8080/`,
    )
    .action(async (options: PullCommandOptions) => {
      try {
        const result = await pullSplit({
          dest: options.dest,
          baseUrl: options.baseUrl,
          split: options.split,
          splitSet: options.splitSet,
          retries: options.retries,
          retryDelayMs: options.retryDelay,
          concurrency: options.concurrency,
          onProgress: pullProgressPrinter(process.stderr),
        });
        process.stdout.write(
          `${result.downloaded} downloaded (${(result.bytes / 1e6).toFixed(1)} MB), ${result.skipped} already complete, ` +
            `${result.failed.length} failed, of ${result.tasks} tasks in ${options.dest}\n`,
        );
        if (result.failed.length > 0) {
          process.stderr.write(
            `slm-eval: could not download ${result.failed.length} task files:\n` +
              result.failed.map(({ task, reason }) => `  ${task}: ${reason}\n`).join("") +
              "Re-run the same command to retry them; complete files are kept.\n",
          );
          process.exitCode = 1;
        }
      } catch (error) {
        if (!(error instanceof PullError)) throw error;
        // A failure of the work, not a bug: the message says what to do, a stack trace would not help.
        process.stderr.write(`slm-eval: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return Number(value);
}

function positive(value: string): number {
  const number = wholeNumber(value);
  if (number < 1) throw new InvalidArgumentError(`expected at least 1, got "${value}"`);
  return number;
}

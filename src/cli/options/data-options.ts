import { type Command, InvalidArgumentError, Option } from "commander";
import { type DatasetOptions, DEFAULT_INSTANCES_PER_TASK, type TaskFilter } from "../../data/dataset.js";
import { indexProgressPrinter } from "../../data/index-progress.js";
import type { DataSelectionFlags } from "../../domain/prediction.js";

/** Options as commander parses them from the flags added by addDataOptions. */
export interface ParsedDataOptions extends DataSelectionFlags {
  data: string;
  taxonomy?: string;
  strict?: boolean;
  skipInvalid?: boolean;
}

/** What a command needs to open and filter the data. */
export interface DataSelection {
  dir: string;
  datasetOptions: DatasetOptions;
  filter: TaskFilter;
  instancesPerTask: number;
}

/** The SNI directory used when --data is not given: where `slm-eval data pull` puts it by default. */
export const DEFAULT_DATA_DIR = "sni";

export const DATA_OPTIONS_HELP = `
Data options select tasks of a Super-NaturalInstructions directory (tasks/<name>.json, splits/<set>/<split>_tasks.txt):
  --data sni --split test                          the paper's 119-task default test split
  --tasks 'task1*_title_generation,task620_*'      task name globs
  --task-types Generation --domains News,Fiction    entity or taxonomy group names; lists of one flag are
                                                   alternatives, different flags must all match
  --instances-per-task 100                         the first N instances of each task, in file order
Tasks named by the split but absent are a warning (--strict: an error); English-only unless --all-languages.
--taxonomy FILE replaces the bundled groups: {"task-types": [{"name": "Generation", "entities": ["Title Generation"]}],
  "domains": [...], "reasoning": [...]}; entities it does not list still count, with an empty group.
The task metadata index is cached in $XDG_CACHE_HOME/slm-eval (or ~/.cache/slm-eval; SLM_EVAL_CACHE_DIR overrides)
and rebuilt for any task file whose size or modification time changed.`;

/** Adds the common data flags (same names in every command that reads SNI tasks). */
export function addDataOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--data <dir>", "SNI directory with tasks/ and splits/ (e.g. --data ./sni)").default(
        DEFAULT_DATA_DIR,
      ),
    )
    .addOption(
      new Option("--split <name>", "split of the split set: test or train (e.g. --split test)").default(
        "test",
      ),
    )
    .addOption(
      new Option(
        "--split-set <set>",
        "folder under splits/ holding the split lists (e.g. --split-set default)",
      ).default("default"),
    )
    .addOption(
      new Option(
        "--tasks <globs>",
        "task name globs, comma-separated (e.g. --tasks 'task1*,task620_*')",
      ).argParser(commaList),
    )
    .addOption(
      new Option(
        "--task-types <names>",
        "task type entities or groups (e.g. --task-types 'Title Generation,Generation')",
      ).argParser(commaList),
    )
    .addOption(
      new Option(
        "--domains <names>",
        "domain entities or groups (e.g. --domains 'News,Health and Medical')",
      ).argParser(commaList),
    )
    .addOption(
      new Option(
        "--reasoning <names>",
        "reasoning entities or groups (e.g. --reasoning 'Formal Logic')",
      ).argParser(commaList),
    )
    .addOption(
      new Option(
        "--instances-per-task <n>",
        "first N instances of each task, in file order (e.g. --instances-per-task 100)",
      )
        .argParser(positiveInteger)
        .default(DEFAULT_INSTANCES_PER_TASK),
    )
    .addOption(
      new Option("--all-languages", "keep tasks that are not English in input, output and instructions"),
    )
    .addOption(
      new Option(
        "--taxonomy <file>",
        "JSON file replacing the bundled aspect taxonomy (e.g. --taxonomy my-groups.json)",
      ),
    )
    .addOption(new Option("--strict", "fail (exit 2) when the split names tasks that are absent"))
    .addOption(new Option("--skip-invalid", "skip invalid task files with a warning instead of failing"));
}

/** Turns parsed flags into the arguments of openDataset / select / loadTask; warnings go to `onWarning`. */
export function dataSelectionFrom(
  options: ParsedDataOptions,
  onWarning: (message: string) => void = warnOnStderr,
): DataSelection {
  return {
    dir: options.data,
    datasetOptions: {
      split: options.split,
      splitSet: options.splitSet,
      strict: options.strict === true,
      skipInvalid: options.skipInvalid === true,
      allLanguages: options.allLanguages === true,
      taxonomyFile: options.taxonomy,
      onWarning,
      onIndexProgress: indexProgressPrinter(process.stderr),
    },
    filter: {
      tasks: options.tasks,
      taskTypes: options.taskTypes,
      domains: options.domains,
      reasoning: options.reasoning,
    },
    instancesPerTask: options.instancesPerTask,
  };
}

export function warnOnStderr(message: string): void {
  process.stderr.write(`slm-eval: warning: ${message}\n`);
}

function commaList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  if (items.length === 0) throw new InvalidArgumentError("expected one or more comma-separated names");
  return [...(previous ?? []), ...items];
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  }
  return number;
}

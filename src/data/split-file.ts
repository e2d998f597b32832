import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../cli/errors.js";

/** A split list as written: task names in file order, with the 1-based line each came from. */
export interface SplitEntry {
  task: string;
  line: number;
}

/** `splits/<split-set>/<split>_tasks.txt`, relative to an SNI directory. */
export function splitFileRelativePath(splitSet: string, split: string): string {
  return path.join("splits", splitSet, `${split}_tasks.txt`);
}

/** Reads a split list; a missing file is a usage error that lists the splits the directory has. */
export async function readSplitFile(dataDir: string, splitSet: string, split: string): Promise<SplitEntry[]> {
  const file = path.join(dataDir, splitFileRelativePath(splitSet, split));
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const available = await availableSplits(dataDir);
    throw new UsageError(
      `split list ${file} does not exist` +
        (available.length > 0
          ? `; this directory has: ${available.join(", ")} (choose with --split-set SET --split NAME)`
          : `; expected an SNI directory with splits/<split-set>/<split>_tasks.txt (get one with: slm-eval data pull --dest ${dataDir})`),
    );
  }
  return parseSplitText(text, file);
}

/**
 * Non-empty lines are task names; surrounding whitespace and a trailing `.json` are dropped. A name becomes a file
 * name under tasks/, so one that could point elsewhere (a path separator, a leading dot) is rejected.
 */
export function parseSplitText(text: string, file: string): SplitEntry[] {
  const entries: SplitEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const task = raw.trim().replace(/\.json$/, "");
    if (task === "") return;
    if (/[/\\]/.test(task) || task.startsWith(".")) {
      throw new UsageError(
        `${file}: line ${index + 1}: "${task}" is not a task name (expected a file name like task001_name)`,
      );
    }
    entries.push({ task, line: index + 1 });
  });
  return entries;
}

/** `set/split` names present in the directory, e.g. `default/test`. */
async function availableSplits(dataDir: string): Promise<string[]> {
  const sets = await readdir(path.join(dataDir, "splits")).catch(() => [] as string[]);
  const found: string[] = [];
  for (const set of sets.sort()) {
    const files = await readdir(path.join(dataDir, "splits", set)).catch(() => [] as string[]);
    for (const file of files.sort()) {
      const match = /^(.+)_tasks\.txt$/.exec(file);
      if (match) found.push(`${set}/${match[1]}`);
    }
  }
  return found;
}

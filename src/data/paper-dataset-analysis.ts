import { readFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../cli/errors.js";
import type { Aspect } from "../domain/index.js";
import { NO_ENTITY } from "./dataset-analysis.js";

/** The paper kit's dataset analysis of a split: per-entity counts and the totals file. */
export interface PaperDatasetAnalysis {
  dir: string;
  aspects: Record<Aspect, Map<string, { numberOfTasks: number; totalInstances: number }>>;
  /** Lines of total_tasks_and_instances.txt as `label: value` pairs, when the file exists. */
  totals: Array<[string, string]>;
}

/** The kit writes `category_counts_<categories|domains|reasoning>.csv`. */
const PAPER_FILES: Record<Aspect, string> = {
  "task-types": "category_counts_categories.csv",
  domains: "category_counts_domains.csv",
  reasoning: "category_counts_reasoning.csv",
};

/** Reads the paper kit's `dataset_analysis/<split>/` folder. */
export async function readPaperDatasetAnalysis(dir: string): Promise<PaperDatasetAnalysis> {
  const aspects = {} as PaperDatasetAnalysis["aspects"];
  for (const [aspect, name] of Object.entries(PAPER_FILES) as Array<[Aspect, string]>) {
    const file = path.join(dir, name);
    const text = await readFile(file, "utf8").catch(() => {
      throw new UsageError(
        `--compare-paper: ${file} is missing (expected the paper kit's dataset_analysis/<split> folder)`,
      );
    });
    aspects[aspect] = parsePaperCounts(text, file);
  }
  const totalsText = await readFile(path.join(dir, "total_tasks_and_instances.txt"), "utf8").catch(() => "");
  const totals = totalsText
    .split(/\r?\n/)
    .map((line) => /^([^:]+):\s*(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match): [string, string] => [match[1] as string, match[2] as string]);
  return { dir, aspects, totals };
}

/**
 * Rows `index,entity,number_of_tasks,total_instances` as pandas writes them (floats like `13.0`); the kit's empty
 * entity is tasks without a value, our `(none)`. Its trailing `Total`/`Average` rows are not entities.
 */
export function parsePaperCounts(
  text: string,
  file: string,
): Map<string, { numberOfTasks: number; totalInstances: number }> {
  const counts = new Map<string, { numberOfTasks: number; totalInstances: number }>();
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  lines.slice(1).forEach((line, index) => {
    const fields = splitCsvLine(line);
    const [, entity, tasks, instances] = fields;
    const numberOfTasks = Number(tasks);
    const totalInstances = Number(instances);
    if (
      entity === undefined ||
      tasks === undefined ||
      Number.isNaN(numberOfTasks) ||
      Number.isNaN(totalInstances)
    ) {
      throw new UsageError(
        `${file}: line ${index + 2}: expected index,entity,number_of_tasks,total_instances`,
      );
    }
    if (entity === "Total" || entity === "Average") return;
    counts.set(entity === "" ? NO_ENTITY : entity, { numberOfTasks, totalInstances });
  });
  return counts;
}

/** One CSV line into fields, honouring double-quoted fields with doubled quotes. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let match = pattern.exec(line); match !== null; match = pattern.exec(line)) {
    const raw = match[1] as string;
    fields.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (match[2] === "") break;
  }
  return fields;
}

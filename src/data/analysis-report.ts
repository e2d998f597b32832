import { ASPECTS, type Aspect, type Taxonomy } from "../domain/index.js";
import { byEntityNoneLast, type DatasetAnalysis, type EntityCount } from "./dataset-analysis.js";
import type { PaperDatasetAnalysis } from "./paper-dataset-analysis.js";
import { groupOf } from "./taxonomy.js";

export const ANALYSIS_CSV_HEADER = "entity,group,number_of_tasks,total_instances";

const ASPECT_TITLES: Record<Aspect, string> = {
  "task-types": "Task types",
  domains: "Domains",
  reasoning: "Reasoning types",
};

/** `task-types.csv` etc.: header `entity,group,number_of_tasks,total_instances`, one row per entity. */
export function entityCountsCsv(rows: EntityCount[]): string {
  const lines = rows.map((row) =>
    [row.entity, row.group, String(row.numberOfTasks), String(row.totalInstances)].map(csvField).join(","),
  );
  return `${[ANALYSIS_CSV_HEADER, ...lines].join("\n")}\n`;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface SummaryContext {
  dataDir: string;
  split: string;
  missing: string[];
  taxonomy: Taxonomy;
  paper?: PaperDatasetAnalysis;
}

/** `summary.md`: totals and the three tables, with the paper's numbers beside ours when given. */
export function analysisSummaryMarkdown(analysis: DatasetAnalysis, context: SummaryContext): string {
  const { paper } = context;
  const out: string[] = [`# Dataset analysis: ${context.dataDir} (split ${context.split})`, ""];
  const paperTotal = (label: string) => paper?.totals.find(([name]) => name === label)?.[1] ?? "";
  const totals: Array<[string, number, string]> = [
    ["Tasks", analysis.tasks, paperTotal("Total Tasks")],
    ["Instances before clipping", analysis.instancesBeforeClipping, paperTotal("Total Instances")],
    [
      `Instances after clipping (at most ${analysis.instancesPerTask} per task)`,
      analysis.instancesAfterClipping,
      paperTotal("Total Instances after clipping"),
    ],
    ["Fewest instances in a task", analysis.fewestInstances, paperTotal("Minimum Instance in a Task")],
  ];
  out.push(paper ? "| | this data | paper |" : "| | this data |", paper ? "|---|---:|---:|" : "|---|---:|");
  for (const [label, value, paperValue] of totals) {
    out.push(paper ? `| ${label} | ${value} | ${paperValue} |` : `| ${label} | ${value} |`);
  }
  out.push("");
  if (context.missing.length > 0) {
    out.push(
      `${context.missing.length} tasks named by the split are absent: ${context.missing.join(", ")}.`,
      "",
    );
  }
  if (paper)
    out.push(`Paper columns: ${paper.dir}. Entities only in one of the two show 0 in the other.`, "");
  for (const aspect of ASPECTS) {
    out.push(
      `## ${ASPECT_TITLES[aspect]}`,
      "",
      ...entityTable(analysis.aspects[aspect], aspect, context),
      "",
    );
  }
  return out.join("\n");
}

function entityTable(rows: EntityCount[], aspect: Aspect, context: SummaryContext): string[] {
  const { paper } = context;
  if (!paper) {
    return [
      "| Entity | Group | Tasks | Instances |",
      "|---|---|---:|---:|",
      ...rows.map(
        (row) =>
          `| ${cell(row.entity)} | ${cell(row.group)} | ${row.numberOfTasks} | ${row.totalInstances} |`,
      ),
    ];
  }
  const paperCounts = paper.aspects[aspect];
  const ours = new Map(rows.map((row) => [row.entity, row]));
  const entities = [...new Set([...ours.keys(), ...paperCounts.keys()])]
    .map((entity) => ({ entity }))
    .sort(byEntityNoneLast);
  return [
    "| Entity | Group | Tasks | Instances | Paper tasks | Paper instances |",
    "|---|---|---:|---:|---:|---:|",
    ...entities.map(({ entity }) => {
      const row = ours.get(entity);
      const reference = paperCounts.get(entity);
      return (
        `| ${cell(entity)} | ${cell(row?.group ?? groupOf(context.taxonomy, aspect, entity))} | ${row?.numberOfTasks ?? 0} | ${row?.totalInstances ?? 0} | ` +
        `${reference?.numberOfTasks ?? 0} | ${reference?.totalInstances ?? 0} |`
      );
    }),
  ];
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

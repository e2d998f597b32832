import { existsSync } from "node:fs";
import { type Command, InvalidArgumentError, Option } from "commander";
import { type AnalysisOptions, DEFAULT_METRIC } from "../../analysis/analyze.js";
import { loadTaxonomy } from "../../data/taxonomy.js";
import type { ModelKind } from "../../domain/provider.js";
import { ASPECTS, type Aspect } from "../../domain/task.js";
import { DEFAULT_STORE_FILE } from "../../store/results-store.js";
import { UsageError } from "../errors.js";

/** Options as commander parses them from the flags added by addAnalysisOptions. */
export interface ParsedAnalysisOptions {
  store: string;
  metric: string;
  models?: string[];
  kind?: ModelKind;
  aspects?: Aspect[];
  taskTypes?: string[];
  domains?: string[];
  reasoning?: string[];
  taxonomy?: string;
  seed: number;
  resamples: number;
}

export const ANALYSIS_OPTIONS_HELP = `
Selection:
  --models Gemma-2B,Mistral-7B-I      these models, in this column order (it also breaks ties: first listed wins)
  --kind instruction-tuned            only instruction-tuned (or pretrained) models
  --task-types Generation             entity or taxonomy group names; an aspect named this way limits the
  --domains News,Fiction              analysis to the named aspects unless --aspects says otherwise
  --metric rougeL                     any metric the store holds (default bert_score_recall)
Intervals are 95% cluster-bootstrap intervals over tasks (--resamples draws, seeded by --seed).`;

function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function nonNegativeInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ 0`);
    return parsed;
  };
}

export function addAnalysisOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--store <file>", "results store (DuckDB file) to read").default(DEFAULT_STORE_FILE),
    )
    .addOption(
      new Option("--metric <name>", "metric to analyse (e.g. --metric rougeL)").default(DEFAULT_METRIC),
    )
    .addOption(new Option("--models <list>", "comma-separated model labels, in column order").argParser(list))
    .addOption(
      new Option("--kind <kind>", "only pretrained or instruction-tuned models").choices([
        "pretrained",
        "instruction-tuned",
      ]),
    )
    .addOption(
      new Option("--aspects <list>", "aspects to analyse: task-types,domains,reasoning").argParser(
        (value) => {
          const aspects = list(value);
          const unknown = aspects.filter((a) => !(ASPECTS as readonly string[]).includes(a));
          if (unknown.length > 0) {
            throw new InvalidArgumentError(
              `unknown aspect ${unknown.join(", ")}; valid: ${ASPECTS.join(", ")}`,
            );
          }
          return aspects as Aspect[];
        },
      ),
    )
    .addOption(
      new Option("--task-types <list>", "task-type entities or groups (e.g. Generation)").argParser(list),
    )
    .addOption(
      new Option("--domains <list>", "domain entities or groups (e.g. News,Fiction)").argParser(list),
    )
    .addOption(
      new Option("--reasoning <list>", "reasoning entities or groups (e.g. 'Formal Logic')").argParser(list),
    )
    .addOption(
      new Option("--taxonomy <file>", "taxonomy JSON mapping groups to entities (default: the bundled one)"),
    )
    .addOption(
      new Option("--seed <n>", "seed of the bootstrap").argParser(nonNegativeInteger("--seed")).default(0),
    )
    .addOption(
      new Option("--resamples <n>", "bootstrap draws per interval")
        .argParser(nonNegativeInteger("--resamples"))
        .default(1000),
    );
}

/** Checks the store exists (analysis never creates one) and turns the flags into analysis options. */
export async function analysisOptionsFrom(
  parsed: ParsedAnalysisOptions,
  samplesPerEntity: number,
): Promise<AnalysisOptions> {
  if (!existsSync(parsed.store)) {
    throw new UsageError(
      `results store not found: ${parsed.store} (create one with \`slm-eval eval --store ${parsed.store} …\` or ` +
        `\`slm-eval import-reference DIR --store ${parsed.store}\`)`,
    );
  }
  const entities: Partial<Record<Aspect, string[]>> = {};
  if (parsed.taskTypes) entities["task-types"] = parsed.taskTypes;
  if (parsed.domains) entities.domains = parsed.domains;
  if (parsed.reasoning) entities.reasoning = parsed.reasoning;
  return {
    metric: parsed.metric,
    ...(parsed.models ? { models: parsed.models } : {}),
    ...(parsed.kind ? { kind: parsed.kind } : {}),
    ...(parsed.aspects ? { aspects: parsed.aspects } : {}),
    entities,
    taxonomy: await loadTaxonomy(parsed.taxonomy),
    seed: parsed.seed,
    resamples: parsed.resamples,
    samplesPerEntity,
  };
}

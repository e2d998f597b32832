import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_METRIC } from "../../analysis/analyze.js";
import { loadTaxonomy } from "../../data/taxonomy.js";
import type { Taxonomy } from "../../domain/taxonomy.js";
import { type Constraints, parseParameterCount, parseStyleConstraint } from "../../recommend/constraints.js";
import { DEFAULT_MIN_TASKS } from "../../recommend/rank.js";
import { DEFAULT_STORE_FILE } from "../../store/results-store.js";

/** Flags of the commands that turn results into choices (`recommend`, `route build`), as commander parses them. */
export interface ParsedGuidanceOptions {
  store: string;
  metric: string;
  maxParams?: number;
  styles?: Set<string>;
  providers?: string[];
  minTasks: number;
  taxonomy?: string;
  seed: number;
  resamples: number;
}

export const GUIDANCE_OPTIONS_HELP = `
Constraints:
  --max-params 3B                 only models with at most 3 billion parameters (K, M, B, T suffixes)
  --styles 0-shot-only            prompt styles the application can afford: 0-shot-only, no-definition,
                                  with-definition, all, or a list such as 0-def,2-nodef
  --providers llama-cpp,ollama    only models served by these providers (reference = imported published tables)
  --min-tasks 3                   an entity carried by fewer tasks falls back to its taxonomy group`;

function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function wholeNumber(flag: string, min: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ ${min}`);
    }
    return parsed;
  };
}

export function addGuidanceOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--store <file>", "results store (DuckDB file) to read").default(DEFAULT_STORE_FILE),
    )
    .addOption(
      new Option("--metric <name>", "metric to rank by (e.g. --metric rougeL)").default(DEFAULT_METRIC),
    )
    .addOption(
      new Option("--max-params <count>", "largest model allowed, e.g. 3B or 500M").argParser((value) =>
        parseParameterCount(value),
      ),
    )
    .addOption(
      new Option(
        "--styles <styles>",
        "affordable prompt styles: 0-shot-only, no-definition, or e.g. 0-def,2-nodef",
      ).argParser(parseStyleConstraint),
    )
    .addOption(
      new Option(
        "--providers <list>",
        "allowed providers, e.g. llama-cpp,ollama (reference: imported tables)",
      ).argParser(list),
    )
    .addOption(
      new Option("--min-tasks <n>", "fewest tasks that count as enough data for an entity")
        .argParser(wholeNumber("--min-tasks", 1))
        .default(DEFAULT_MIN_TASKS),
    )
    .addOption(
      new Option("--taxonomy <file>", "taxonomy JSON mapping groups to entities (default: the bundled one)"),
    )
    .addOption(
      new Option("--seed <n>", "seed of the bootstrap").argParser(wholeNumber("--seed", 0)).default(0),
    )
    .addOption(
      new Option("--resamples <n>", "bootstrap draws per interval")
        .argParser(wholeNumber("--resamples", 0))
        .default(1000),
    );
}

export interface GuidanceSettings {
  constraints: Constraints;
  taxonomy: Taxonomy;
}

export async function guidanceSettingsFrom(options: ParsedGuidanceOptions): Promise<GuidanceSettings> {
  return {
    constraints: {
      ...(options.maxParams === undefined ? {} : { maxParameters: options.maxParams }),
      ...(options.styles ? { styles: options.styles } : {}),
      ...(options.providers ? { providers: new Set(options.providers) } : {}),
    },
    taxonomy: await loadTaxonomy(options.taxonomy),
  };
}

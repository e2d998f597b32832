import { type Command, InvalidArgumentError, Option } from "commander";
import { ASPECTS, type Aspect } from "../../domain/task.js";
import type { RequestedAspect } from "../../recommend/criteria.js";
import { loadEvidence } from "../../recommend/evidence.js";
import { formatRecommendation } from "../../recommend/format.js";
import { recommend } from "../../recommend/rank.js";
import {
  addGuidanceOptions,
  GUIDANCE_OPTIONS_HELP,
  guidanceSettingsFrom,
  type ParsedGuidanceOptions,
} from "../options/guidance-options.js";
import { openExistingStore } from "../store-access.js";

interface RecommendOptions extends ParsedGuidanceOptions {
  taskTypes?: string[];
  domains?: string[];
  reasoning?: string[];
  taskType?: string[];
  domain?: string[];
  top: number;
  json?: boolean;
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Each named entity or group is one requirement; several must all hold. */
function requestedAspects(options: RecommendOptions): RequestedAspect[] {
  const byAspect: Record<Aspect, string[]> = {
    "task-types": [...(options.taskTypes ?? []), ...(options.taskType ?? [])],
    domains: [...(options.domains ?? []), ...(options.domain ?? [])],
    reasoning: options.reasoning ?? [],
  };
  return ASPECTS.flatMap((aspect) => byAspect[aspect].map((name) => ({ aspect, name })));
}

export function registerRecommendCommand(program: Command): void {
  const command = program
    .command("recommend")
    .description(
      "Recommend a model and prompt style for an application's task type, domain and reasoning type, under size, " +
        "provider and prompt-budget constraints, from stored results (own runs and imported reference tables).",
    )
    .addOption(
      new Option("--task-types <list>", "task-type entities or groups, e.g. 'Textual Entailment'").argParser(
        list,
      ),
    )
    .addOption(new Option("--domains <list>", "domain entities or groups, e.g. News").argParser(list))
    .addOption(
      new Option("--reasoning <list>", "reasoning entities or groups, e.g. 'Formal Logic'").argParser(list),
    )
    .addOption(new Option("--task-type <list>").argParser(list).hideHelp())
    .addOption(new Option("--domain <list>").argParser(list).hideHelp());
  addGuidanceOptions(command)
    .addOption(
      new Option("--top <n>", "rows of the ranking to print (the JSON has all)")
        .argParser((value) => {
          const parsed = Number(value);
          if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError("--top must be ≥ 1");
          return parsed;
        })
        .default(15),
    )
    .option("--json", "print the recommendation as JSON on stdout")
    .addHelpText(
      "after",
      `
Each name is an entity (e.g. "Textual Entailment") or a taxonomy group (e.g. "Generation"); several names must
all hold. Several aspects are scored on the instances whose task carries all of them when at least --min-tasks
tasks do; otherwise each candidate's score is the unweighted mean of its per-aspect scores (always so for imported
reference tables, which hold per-entity means). An entity with fewer than --min-tasks tasks falls back to its group.
Scores are on the 0-100 scale with 95% cluster-bootstrap intervals over tasks; "≈ top" marks candidates a paired
bootstrap cannot tell apart from the first. Latency and tokens/s are measured from the runs (not cached outputs).
${GUIDANCE_OPTIONS_HELP}

Examples:
  slm-eval recommend --store results.duckdb --task-types "Textual Entailment" --domains News
  slm-eval recommend --task-types Generation --max-params 3B --styles 0-shot-only
  slm-eval recommend --reasoning "Commonsense Reasoning" --styles no-definition --providers reference --json`,
    )
    .action(async (options: RecommendOptions) => {
      const settings = await guidanceSettingsFrom(options);
      const store = await openExistingStore(options.store);
      let evidence: Awaited<ReturnType<typeof loadEvidence>>;
      try {
        evidence = await loadEvidence(store, options.metric);
      } finally {
        store.close();
      }
      const recommendation = recommend(evidence, {
        requested: requestedAspects(options),
        taxonomy: settings.taxonomy,
        constraints: settings.constraints,
        minTasks: options.minTasks,
        seed: options.seed,
        resamples: options.resamples,
      });
      process.stdout.write(
        options.json
          ? `${JSON.stringify(recommendation)}\n`
          : formatRecommendation(recommendation, options.top),
      );
    });
}

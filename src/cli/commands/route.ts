import type { Command } from "commander";
import { writeFileAtomic } from "../../data/atomic-file.js";
import { type Dataset, openDataset } from "../../data/dataset.js";
import { type Evidence, loadEvidence } from "../../recommend/evidence.js";
import { planRoutes } from "../../route/plan-routes.js";
import { loadRoutePrompts, routesYaml } from "../../route/routes-file.js";
import { UsageError } from "../errors.js";
import {
  addGuidanceOptions,
  GUIDANCE_OPTIONS_HELP,
  guidanceSettingsFrom,
  type ParsedGuidanceOptions,
} from "../options/guidance-options.js";
import { openExistingStore } from "../store-access.js";

interface RouteBuildOptions extends ParsedGuidanceOptions {
  out: string;
  data?: string;
  split: string;
  modelSpec: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

async function readEvidence(storeFile: string, metric: string): Promise<Evidence> {
  const store = await openExistingStore(storeFile);
  try {
    return await loadEvidence(store, metric);
  } finally {
    store.close();
  }
}

/** `LABEL=SPEC` pairs: how to serve models the store knows by label only (reference tables) or differently. */
function modelSpecs(evidence: Evidence, pairs: readonly string[]): Map<string, string> {
  const specs = new Map<string, string>();
  for (const cell of evidence.cells) specs.set(cell.model, cell.spec);
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals <= 0 || equals === pair.length - 1) {
      throw new UsageError(
        `--model-spec: expected LABEL=SPEC (e.g. Gemma-2B-I=ollama:gemma:2b), got "${pair}"`,
      );
    }
    specs.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
  }
  return specs;
}

function registerBuild(route: Command): void {
  const command = route
    .command("build")
    .description(
      "Write a routing table from evaluation results: for each task type, domain and reasoning entity, the models " +
        "ranked best first (the next serves when one fails) and the prompt style of the best, as a serve.yaml.",
    )
    .requiredOption("--out <file>", "serve config to write (e.g. --out routes.yaml)")
    .option(
      "--data <dir>",
      "SNI folder: definitions and examples of the route's task for styles that need them",
    )
    .option("--split <name>", "split of --data to look up tasks in", "test")
    .option(
      "--model-spec <label=spec>",
      "how to serve a model the store knows by label only, e.g. Gemma-2B-I=ollama:gemma:2b (repeatable)",
      collect,
      [],
    );
  addGuidanceOptions(command)
    .addHelpText(
      "after",
      `
The file is a complete serve config: \`slm-eval serve --config routes.yaml\` loads it as written (add limits, hosts
or more models by hand). Own runs are served by the model spec they were evaluated with; models from imported
reference tables need --model-spec LABEL=SPEC, otherwise they are left out of the routes (and named on stderr).
Each route keeps the style it was chosen at (\`style\`); with --data, styles with a definition or examples get the
text of the route's SNI task (the evaluated task with most instances for the entity, or the first task of the split
carrying it). Requests matching no route go to the overall ranking (\`fallback\`).
${GUIDANCE_OPTIONS_HELP}

Examples:
  slm-eval route build --store results.duckdb --data data/sni --out routes.yaml
  slm-eval route build --store paper.duckdb --providers reference --model-spec Gemma-2B-I=ollama:gemma:2b \\
    --model-spec Mistral-7B-I=ollama:mistral:7b-instruct --max-params 8B --out routes.yaml`,
    )
    .action(async (options: RouteBuildOptions) => {
      const settings = await guidanceSettingsFrom(options);
      const evidence = await readEvidence(options.store, options.metric);
      const specs = modelSpecs(evidence, options.modelSpec);
      const plan = planRoutes(
        evidence,
        {
          taxonomy: settings.taxonomy,
          constraints: settings.constraints,
          minTasks: options.minTasks,
          seed: options.seed,
          resamples: options.resamples,
        },
        (model) => specs.has(model),
      );
      if (plan.routes.length === 0) {
        const hint =
          plan.unservable.length > 0
            ? `; models without a spec: ${plan.unservable.join(", ")} (give --model-spec LABEL=SPEC)`
            : "";
        throw new UsageError(
          `${options.store}: no route can be built from these results and constraints${hint}`,
        );
      }
      let dataset: Dataset | undefined;
      if (options.data) dataset = await openDataset(options.data, { split: options.split });
      const { prompts, notes } = await loadRoutePrompts(plan.routes, dataset);
      const header = [
        `Routing table written by slm-eval route build from ${options.store} (metric ${options.metric}).`,
        "Load it with: slm-eval serve --config <this file>",
      ].join("\n");
      await writeFileAtomic(options.out, routesYaml(plan, specs, prompts, header));
      for (const note of notes) process.stderr.write(`note: ${note}\n`);
      if (plan.unservable.length > 0) {
        process.stderr.write(
          `note: left out (no model spec; give --model-spec LABEL=SPEC): ${plan.unservable.join(", ")}\n`,
        );
      }
      process.stdout.write(
        `wrote ${plan.routes.length} routes over ${new Set(plan.routes.flatMap((r) => r.models)).size} models to ${options.out}\n`,
      );
    });
}

export function registerRouteCommand(program: Command): void {
  const route = program
    .command("route")
    .description("Build and evaluate routing tables that send each request to the best small model for it.");
  registerBuild(route);
}

import type { Command } from "commander";
import { registerDataAnalyzeCommand } from "./data-analyze.js";
import { registerDataPullCommand } from "./data-pull.js";
import { registerDataShowCommand } from "./data-show.js";

/** `slm-eval data …`: get, inspect and analyse Super-NaturalInstructions data. */
export function registerDataCommand(program: Command): void {
  const data = program
    .command("data")
    .description("Get, inspect and analyse Super-NaturalInstructions (SNI) task data")
    .addHelpText(
      "after",
      `
Examples:
  slm-eval data pull --dest sni                 download the default test split (119 tasks)
  slm-eval data analyze --data sni --out out    per-entity task and instance counts
  slm-eval data show task1728_web_nlg_data_to_text --data sni`,
    );
  registerDataAnalyzeCommand(data);
  registerDataShowCommand(data);
  registerDataPullCommand(data);
}

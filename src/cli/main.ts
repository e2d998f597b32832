#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { packageVersion } from "../package-info.js";
import { registerAnalyzeCommand } from "./commands/analyze.js";
import { registerDataCommand } from "./commands/data.js";
import { registerEvalCommand } from "./commands/eval.js";
import { registerExportCommand } from "./commands/export.js";
import { registerImportKitCommand } from "./commands/import-kit.js";
import { registerImportReferenceCommand } from "./commands/import-reference.js";
import { registerMetricsCommand } from "./commands/metrics.js";
import { registerQuickstartCommand } from "./commands/quickstart.js";
import { registerReportCommand } from "./commands/report.js";
import { registerViewCommand } from "./commands/view.js";
import { registerRunCommand } from "./commands/run.js";
import { registerInitCommand } from "./commands/init.js";
import { registerStoreCommand } from "./commands/store.js";
import { registerDefinitionsCommand } from "./commands/definitions.js";
import { registerRunsCommand } from "./commands/runs.js";
import { registerScoreCommand } from "./commands/score.js";
import { registerRouteCommand } from "./commands/route.js";
import { registerRecommendCommand } from "./commands/recommend.js";
import { registerServeCommand } from "./commands/serve.js";
import { UsageError } from "./errors.js";

const program = new Command()
  .name("slm-eval")
  .description(
    "Choose a small open language model and prompt style for your application, with evidence.\n" +
      "Evaluates models on Super-NaturalInstructions tasks by task type, domain and reasoning type.",
  )
  .version(packageVersion())
  .showHelpAfterError()
  .exitOverride();

/** Each command lives in its own module under ./commands and registers itself here. */
const commandModules: Array<(program: Command) => void> = [
  registerImportReferenceCommand,
  registerAnalyzeCommand,
  registerReportCommand,
  registerViewCommand,
  registerDataCommand,
  registerServeCommand,
  registerRecommendCommand,
  registerRouteCommand,
  registerScoreCommand,
  registerEvalCommand,
  registerExportCommand,
  registerRunsCommand,
  registerRunCommand,
  registerInitCommand,
  registerStoreCommand,
  registerDefinitionsCommand,
  registerMetricsCommand,
  registerImportKitCommand,
  registerQuickstartCommand,
];
for (const register of commandModules) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through exitOverride with code 0; parse errors were already printed.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`slm-eval: ${error.message}\n`);
    return 2;
  }
  process.stderr.write(
    `slm-eval: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}

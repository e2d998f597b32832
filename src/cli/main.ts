#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { packageVersion } from "../package-info.js";
import { UsageError } from "./errors.js";

// `slm-eval … | head` closes stdout early: that is the reader's choice, not a failure of the command.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

type RegisterCommand = (program: Command) => void;

/**
 * Each command lives in its own module under ./commands and registers itself. Modules are imported lazily, by
 * command name: a command pays only for its own dependencies (llama.cpp, DuckDB, ONNX, ECharts are heavy to load).
 * The order here is the order `slm-eval --help` lists them: the workflow from data to serving.
 */
const commandLoaders: Record<string, () => Promise<RegisterCommand>> = {
  quickstart: async () => (await import("./commands/quickstart.js")).registerQuickstartCommand,
  data: async () => (await import("./commands/data.js")).registerDataCommand,
  init: async () => (await import("./commands/init.js")).registerInitCommand,
  run: async () => (await import("./commands/run.js")).registerRunCommand,
  eval: async () => (await import("./commands/eval.js")).registerEvalCommand,
  metrics: async () => (await import("./commands/metrics.js")).registerMetricsCommand,
  score: async () => (await import("./commands/score.js")).registerScoreCommand,
  runs: async () => (await import("./commands/runs.js")).registerRunsCommand,
  export: async () => (await import("./commands/export.js")).registerExportCommand,
  store: async () => (await import("./commands/store.js")).registerStoreCommand,
  definitions: async () => (await import("./commands/definitions.js")).registerDefinitionsCommand,
  "import-kit": async () => (await import("./commands/import-kit.js")).registerImportKitCommand,
  "import-reference": async () =>
    (await import("./commands/import-reference.js")).registerImportReferenceCommand,
  analyze: async () => (await import("./commands/analyze.js")).registerAnalyzeCommand,
  report: async () => (await import("./commands/report.js")).registerReportCommand,
  view: async () => (await import("./commands/view.js")).registerViewCommand,
  recommend: async () => (await import("./commands/recommend.js")).registerRecommendCommand,
  route: async () => (await import("./commands/route.js")).registerRouteCommand,
  serve: async () => (await import("./commands/serve.js")).registerServeCommand,
};

const program = new Command()
  .name("slm-eval")
  .description(
    "Choose a small open language model and prompt style for your application, with evidence.\n" +
      "Evaluates models on Super-NaturalInstructions tasks by task type, domain and reasoning type.",
  )
  .version(packageVersion())
  .showHelpAfterError()
  .exitOverride();

// A known command name loads just that module; anything else (help, --version, a typo) loads them all so that
// help lists every command and commander can suggest the closest name.
const requested = process.argv[2];
const loaders =
  requested !== undefined && Object.hasOwn(commandLoaders, requested)
    ? [commandLoaders[requested] as () => Promise<RegisterCommand>]
    : Object.values(commandLoaders);
for (const register of await Promise.all(loaders.map((load) => load()))) register(program);

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

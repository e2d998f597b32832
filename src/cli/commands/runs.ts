import { type Command, Option } from "commander";
import { DEFAULT_STORE_FILE } from "../../store/results-store.js";
import { AmbiguousRunError, deleteRun, findRun, listRuns, type RunSummary } from "../../store/runs.js";
import { UsageError } from "../errors.js";
import { openExistingStore } from "../store-access.js";
import { textTable } from "../text-table.js";

interface RunsOptions {
  store: string;
  json?: boolean;
}

/** `slm-eval runs list | show RUN | delete RUN`: what the results store holds. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command("runs").description("List, show or delete the runs in a results store");
  const storeOption = () =>
    new Option("--store <file>", "results store (e.g. --store results.duckdb)").default(DEFAULT_STORE_FILE);

  runs
    .command("list")
    .description("One line per run: id, model, style, decoding, predictions, errors, scored")
    .addOption(storeOption())
    .addOption(new Option("--json", "print the runs as JSON on stdout"))
    .addHelpText(
      "after",
      "\nExamples:\n  slm-eval runs list --store results.duckdb\n  slm-eval runs list --json",
    )
    .action(async (options: RunsOptions) => {
      const list = await withStore(options.store, listRuns);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(list.map(runJson), null, 2)}\n`);
        return;
      }
      const header = ["run_id", "model", "style", "decoding", "predictions", "errors", "scored", "source"];
      const rows = list.map((r) =>
        [
          r.runId,
          r.config.model.label,
          r.styleName,
          decodingText(r),
          r.predictions,
          r.errors,
          r.scored,
          r.source,
        ].map(String),
      );
      process.stdout.write(textTable([header, ...rows]));
    });

  runs
    .command("show")
    .description("A run's full configuration and counts")
    .argument("<run>", "run id or a unique prefix of it")
    .addOption(storeOption())
    .addHelpText("after", "\nExamples:\n  slm-eval runs show 3bdf6e4a --store results.duckdb")
    .action(async (id: string, options: RunsOptions) => {
      const run = await withStore(options.store, (store) => requireRun(store, id));
      process.stdout.write(`${JSON.stringify(runJson(run), null, 2)}\n`);
    });

  runs
    .command("delete")
    .description("Delete a run with its predictions and metric values")
    .argument("<run>", "run id or a unique prefix of it")
    .addOption(storeOption())
    .addHelpText("after", "\nExamples:\n  slm-eval runs delete 3bdf6e4a --store results.duckdb")
    .action(async (id: string, options: RunsOptions) => {
      const deleted = await withStore(options.store, async (store) => {
        const run = await requireRun(store, id);
        return { runId: run.runId, predictions: await deleteRun(store, run.runId) };
      });
      process.stderr.write(`slm-eval: deleted run ${deleted.runId} (${deleted.predictions} predictions)\n`);
    });
}

async function withStore<T>(
  file: string,
  work: (store: Awaited<ReturnType<typeof openExistingStore>>) => Promise<T>,
): Promise<T> {
  const store = await openExistingStore(file);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

async function requireRun(
  store: Awaited<ReturnType<typeof openExistingStore>>,
  id: string,
): Promise<RunSummary> {
  let run: RunSummary | undefined;
  try {
    run = await findRun(store, id);
  } catch (error) {
    if (error instanceof AmbiguousRunError) throw new UsageError(error.message);
    throw error;
  }
  if (!run)
    throw new UsageError(
      `run "${id}" is not in ${store.file} (see: slm-eval runs list --store ${store.file})`,
    );
  return run;
}

function decodingText(run: RunSummary): string {
  const d = run.config.decoding;
  if (d.temperature === 0) return `greedy max${d.maxNewTokens}`;
  const parts = [`t=${d.temperature}`];
  if (d.topK !== undefined) parts.push(`k=${d.topK}`);
  if (d.topP !== undefined) parts.push(`p=${d.topP}`);
  parts.push(`seed=${d.seed ?? "none"}`, `max${d.maxNewTokens}`);
  return parts.join(" ");
}

function runJson(run: RunSummary): Record<string, unknown> {
  return {
    runId: run.runId,
    style: run.styleName,
    source: run.source,
    softwareVersion: run.softwareVersion,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    predictions: run.predictions,
    errors: run.errors,
    scored: run.scored,
    config: run.config,
  };
}

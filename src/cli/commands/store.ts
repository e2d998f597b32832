import { type Command, Option } from "commander";
import { mergeStores, StoreMergeError } from "../../store/merge.js";
import { UsageError } from "../errors.js";
import { textTable } from "../text-table.js";

/** `slm-eval store …`: operations on whole results stores. */
export function registerStoreCommand(program: Command): void {
  const store = program.command("store").description("Operations on results store files (merge shards)");
  store
    .command("merge")
    .description("Combine results stores (e.g. the shards of one experiment) into one, without duplicates")
    .argument("<out>", "store to merge into (created when absent), e.g. results.duckdb")
    .argument("<inputs...>", "stores to read, e.g. results.shard-*-of-8.duckdb")
    .addOption(new Option("--json", "print what each input added as JSON on stdout"))
    .addHelpText(
      "after",
      `
Copies runs, predictions, metric values and configurations, cached responses and imported reference results.
Rows already in OUT are skipped, so merging again (or merging overlapping stores) adds nothing twice. An input is
refused as a whole (exit 2, OUT unchanged by it) when its store schema version differs, when a run id in it has a
different configuration than in OUT, or when a prediction differs from OUT's for the same run, task and instance.
Inputs are opened read-only.

Examples:
  slm-eval store merge results.duckdb results.shard-1-of-3.duckdb results.shard-2-of-3.duckdb results.shard-3-of-3.duckdb
  slm-eval store merge all.duckdb laptop.duckdb cluster.duckdb && slm-eval report --store all.duckdb`,
    )
    .action(async (out: string, inputs: string[], options: { json?: boolean }) => {
      let merged: Awaited<ReturnType<typeof mergeStores>>;
      try {
        merged = await mergeStores(out, inputs);
      } catch (error) {
        if (error instanceof StoreMergeError) throw new UsageError(`store merge: ${error.message}`);
        throw error;
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ out, inputs: merged }, null, 2)}\n`);
        return;
      }
      const header = ["input", "runs", "predictions", "duplicates", "metric_values", "cached_responses"];
      const rows = merged.map((m) =>
        [m.file, m.runs, m.predictions, m.duplicates, m.metricValues, m.cacheEntries].map(String),
      );
      process.stdout.write(textTable([header, ...rows]));
      process.stdout.write(`merged ${merged.length} store(s) into ${out}\n`);
    });
}

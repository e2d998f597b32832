import { type Command, Option } from "commander";
import { packageVersion } from "../../package-info.js";
import { importKitRun, kitRunFolders } from "../../store/import-kit.js";
import { DEFAULT_STORE_FILE, ResultsStore } from "../../store/results-store.js";
import { textTable } from "../text-table.js";

interface ImportKitOptions {
  store: string;
  json?: boolean;
}

/** `slm-eval import-kit DIR`: the paper kit's `results/<run>/predictions.csv` folders as runs in the store. */
export function registerImportKitCommand(program: Command): void {
  program
    .command("import-kit")
    .description(
      "Import the paper kit's results/<run>/predictions.csv folders as runs (parameters from folder names)",
    )
    .argument("<dir>", "the kit's results/ folder, or the kit checkout containing it")
    .addOption(
      new Option("--store <file>", "results store to import into (e.g. --store results.duckdb)").default(
        DEFAULT_STORE_FILE,
      ),
    )
    .addOption(new Option("--json", "print the imported runs as JSON on stdout"))
    .addHelpText(
      "after",
      `
Each folder name carries the run's parameters, as the kit writes them:
  pretrained--google--gemma-2b-it--positive_examples-8--add_definition-True--add_explanation-False--
  add_paraphrased_definition-False--add_adversarial_definition-False--do_sample-False--top_k-None--top_p-None
Columns read: prompt, candidate, reference, domains, categories, reasoning, input_language, output_language,
instruction_language, and the metric columns bleu, rouge1, rouge2, rougeL, meteor, bert_score_precision/recall/f1
(0-100 in the kit, stored as 0-1). The kit does not record task names: imported predictions have task "(kit)" and
are numbered by CSV row. Importing the same folder again changes nothing.

Examples:
  slm-eval import-kit ../lm-application-eval-kit --store results.duckdb
  slm-eval import-kit ../lm-application-eval-kit/results --json`,
    )
    .action(async (dir: string, options: ImportKitOptions) => {
      const folders = kitRunFolders(dir);
      const store = await ResultsStore.open(options.store);
      const imported = [];
      try {
        for (const folder of folders) imported.push(await importKitRun(store, folder, packageVersion()));
      } finally {
        store.close();
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(imported, null, 2)}\n`);
        return;
      }
      const header = ["run_id", "model", "style", "predictions", "metrics"];
      const rows = imported.map((r) => [
        r.runId,
        r.label,
        r.style,
        String(r.predictions),
        r.metrics.join(","),
      ]);
      process.stdout.write(textTable([header, ...rows]));
    });
}

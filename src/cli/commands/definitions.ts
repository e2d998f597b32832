import { type Command, InvalidArgumentError, Option } from "commander";
import { openDataset } from "../../data/dataset.js";
import { generateVariants, metaFileOf } from "../../definitions/generate-variants.js";
import type { VariantKind } from "../../definitions/variant-prompt.js";
import type { ModelKind } from "../../domain/provider.js";
import { packageVersion } from "../../package-info.js";
import { parseModelSpec } from "../../providers/model-spec.js";
import { openProvider } from "../../providers/open-provider.js";
import { loadSelectedTasks } from "../../runner/run-evaluation.js";
import {
  addDataOptions,
  DATA_OPTIONS_HELP,
  dataSelectionFrom,
  type ParsedDataOptions,
} from "../options/data-options.js";

interface GenerateOptions extends ParsedDataOptions {
  kind: VariantKind;
  model: string;
  label?: string;
  modelKind?: ModelKind;
  promptMode?: "completion" | "chat";
  out: string;
  maxNewTokens: number;
  concurrency?: number;
  threads?: number;
  restart?: boolean;
  json?: boolean;
}

/** `slm-eval definitions …`: paraphrased and adversarial task definitions for the robustness study. */
export function registerDefinitionsCommand(program: Command): void {
  const definitions = program
    .command("definitions")
    .description("Definition variants for the robustness study (paraphrased, adversarial)");
  const generate = definitions
    .command("generate")
    .description("Write one paraphrased or adversarial definition per task with any model (resumable)")
    .addOption(
      new Option(
        "--kind <kind>",
        "paraphrase (same information, other words) or adversarial (subtly changed)",
      )
        .choices(["paraphrase", "adversarial"])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        "--model <spec>",
        "model writing the variants: llama-cpp:PATH_OR_HF_URI, openai-compatible:URL#NAME, ollama:NAME, openai:NAME, deepseek:NAME",
      ).makeOptionMandatory(),
    )
    .addOption(new Option("--label <name>", "display label of the model, recorded in FILE.meta.json"))
    .addOption(
      new Option(
        "--model-kind <kind>",
        "pretrained or instruction-tuned (default: guessed from the name)",
      ).choices(["pretrained", "instruction-tuned"]),
    )
    .addOption(
      new Option(
        "--prompt-mode <mode>",
        "chat or completion (default: chat for instruction-tuned models)",
      ).choices(["completion", "chat"]),
    )
    .addOption(
      new Option(
        "--out <file>",
        "CSV to write, e.g. --out paraphrased_definitions.csv",
      ).makeOptionMandatory(),
    )
    .addOption(
      new Option("--max-new-tokens <n>", "tokens generated at most per definition")
        .argParser(positive)
        .default(512),
    )
    .addOption(
      new Option(
        "--concurrency <n>",
        "requests in flight (default: 1 for llama.cpp, 8 for HTTP servers)",
      ).argParser(positive),
    )
    .addOption(new Option("--threads <n>", "CPU threads for llama.cpp").argParser(positive))
    .addOption(new Option("--restart", "ignore an existing --out file and write every task again"))
    .addOption(new Option("--json", "print the summary as JSON on stdout"));
  addDataOptions(generate).addHelpText(
    "after",
    `${DATA_OPTIONS_HELP}

The file has the paper kit's layout, header id,definition,<paraphrased|adversarial>_definition (id = task name),
and is read by \`slm-eval eval --definition-variant paraphrased --definitions FILE\` and by experiment files. The
prompt, the model and the decoding used are stored beside it in FILE.meta.json. Decoding is greedy. Rerunning with
the same model and prompt only asks for the tasks still missing (failed replies are retried); another model or
prompt is refused unless --restart.
A paraphrase keeps every piece of information of the definition and only rewords it; an adversarial definition
looks legitimate but carries subtle changes (an altered keyword, an injected ambiguity, a rephrasing that shifts the
expected answer) without being overtly misleading.

Examples:
  slm-eval definitions generate --kind paraphrase --model openai:gpt-4o --data sni --out paraphrased_definitions.csv
  slm-eval definitions generate --kind adversarial --model ollama:llama3:8b --data sni --tasks 'task1*' --out adversarial_definitions.csv`,
  );
  generate.action(async (options: GenerateOptions) => {
    const spec = parseModelSpec(options.model, {
      label: options.label,
      kind: options.modelKind,
      promptMode: options.promptMode,
    });
    const data = dataSelectionFrom(options);
    const dataset = await openDataset(data.dir, data.datasetOptions);
    // Only the definitions are needed: one instance per task keeps loading cheap.
    const tasks = await loadSelectedTasks(dataset, data.filter, 1);
    const concurrency = options.concurrency ?? (spec.provider === "llama-cpp" ? 1 : 8);
    const provider = await openProvider(spec, {
      llamaCpp: {
        sequences: concurrency,
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
      },
      http: { maxConcurrency: concurrency },
    });
    let summary: Awaited<ReturnType<typeof generateVariants>>;
    try {
      summary = await generateVariants({
        kind: options.kind,
        provider,
        tasks,
        out: options.out,
        maxNewTokens: options.maxNewTokens,
        concurrency,
        softwareVersion: packageVersion(),
        restart: options.restart === true,
        onProgress: (done, total) => process.stderr.write(`slm-eval: ${done}/${total} definitions\n`),
      });
    } finally {
      await provider.close();
    }
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      process.stdout.write(
        `${options.out}: ${summary.generated} written, ${summary.reused} kept from an earlier run, ` +
          `${summary.failed.length} failed; prompt recorded in ${metaFileOf(options.out)}\n`,
      );
    }
    if (summary.failed.length > 0) {
      for (const failure of summary.failed)
        process.stderr.write(`slm-eval: ${failure.task}: ${failure.error}\n`);
      process.stderr.write("slm-eval: rerun the same command to retry the failed tasks\n");
      process.exitCode = 1;
    }
  });
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

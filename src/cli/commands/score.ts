import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { BERTSCORE_MODEL_SETTING } from "../../metrics/bertscore/factory.js";
import { BertScoreModelError } from "../../metrics/bertscore/model-error.js";
import { PairInputError } from "../../metrics/pairs-jsonl.js";
import { partialPathFor, type ScoreProgress, scoreJsonlFile } from "../../metrics/score-file.js";
import { availableMetrics, createScorers } from "../../metrics/scorers.js";
import { UsageError } from "../errors.js";
import { parseMetricList } from "../options/metric-options.js";

interface ScoreOptions {
  in: string;
  out: string;
  metrics: string;
  workers: string;
  bertscoreModel?: string;
  resume?: boolean;
  json?: boolean;
}

const DEFAULT_METRICS = "bleu,rouge,meteor,exact_match";

export function registerScoreCommand(program: Command): void {
  program
    .command("score")
    .description(
      "Score candidate/reference pairs from a JSONL file with BLEU, ROUGE-1/2/L, METEOR and exact match " +
        "(values identical to NLTK 3.8 and Google rouge_score)",
    )
    .requiredOption("--in <file>", 'pairs JSONL: one {"id", "candidate", "references": [...]} per line')
    .requiredOption("--out <file>", "scores JSONL to write (the input rows plus the score fields)")
    .option(
      "--metrics <list>",
      `comma-separated metrics among ${availableMetrics().join(", ")}`,
      DEFAULT_METRICS,
    )
    .option("--workers <n>", "worker threads scoring in parallel (1 = the main thread only)", "1")
    .option(
      "--bertscore-model <id-or-dir>",
      "encoder for --metrics bertscore: a local transformers.js model folder (onnx/model.onnx) or a Hugging Face hub id",
    )
    .option(
      "--resume",
      "continue from OUT.partial, left by an interrupted or failed run (its rows are checked against the input)",
    )
    .option("--json", "print a machine-readable summary (pairs, score keys, their configurations) on stdout")
    .addHelpText(
      "after",
      `
Each output line is the input row with these fields added, as 0–1 fractions:
  bleu, rouge1, rouge2, rougeL, meteor, exact_match   against the first reference (the paper's kit)
  bleu_max, ..., exact_match_max                      the best single-reference value over all references
  bert_score_precision, bert_score_recall, bert_score_f1 (+ _max)   with --metrics bertscore (docs/bertscore.md)
(rouge adds rouge1, rouge2 and rougeL.) Output order is input order; memory stays constant for any file size.
The output file appears only once complete: rows go to OUT.partial first, which a failed or interrupted run leaves
behind and --resume continues. A line that is not valid JSON, or lacks "id", "candidate" (string) or "references"
(non-empty array of strings), stops the run with exit code 2 and names the line.

Examples:
  slm-eval score --in pairs.jsonl --out scores.jsonl
  slm-eval score --in pairs.jsonl --out scores.jsonl --metrics rouge,meteor --workers 2 --json
  slm-eval score --in pairs.jsonl --out scores.jsonl --resume        continue after an interrupted run
  slm-eval score --in pairs.jsonl --out scores.jsonl --metrics bertscore --bertscore-model ./models/roberta-large`,
    )
    .action(async (options: ScoreOptions) => {
      const metrics = parseMetricList(options.metrics);
      const workers = parseWorkers(options.workers);
      if (!existsSync(options.in) || !statSync(options.in).isFile()) {
        throw new UsageError(`--in: pairs file not found: ${options.in}`);
      }
      const started = performance.now();
      if (metrics.includes("bertscore") && !options.bertscoreModel) {
        throw new UsageError(
          "--bertscore-model: required with --metrics bertscore (a model folder or hub id)",
        );
      }
      const scorers = await createScorers(metrics, {
        workers,
        settings: { [BERTSCORE_MODEL_SETTING]: options.bertscoreModel },
        onWarning: (message) => process.stderr.write(`slm-eval: ${message}\n`),
      }).catch((error: unknown) => {
        if (error instanceof BertScoreModelError) throw new UsageError(`--bertscore-model: ${error.message}`);
        throw error;
      });
      const progress = progressPrinter(process.stderr);
      let pairs: number;
      let resumed: number;
      const partial = partialPathFor(options.out);
      try {
        ({ pairs, resumed } = await scoreJsonlFile({
          input: options.in,
          output: options.out,
          scorers,
          // Enough batches in flight to keep every worker busy while the next ones are read.
          maxInFlight: Math.max(4, 2 * workers),
          resume: options.resume === true,
          onProgress: progress.update,
        }));
      } catch (error) {
        const kept = existsSync(partial)
          ? ` (rows scored so far are kept in ${partial}; rerun with --resume to continue)`
          : "";
        if (error instanceof PairInputError) throw new UsageError(`${error.message}${kept}`);
        if (kept !== "") process.stderr.write(`slm-eval: score stopped${kept}\n`);
        throw error;
      } finally {
        progress.done();
        await Promise.all(scorers.map((scorer) => scorer.close()));
      }
      const seconds = (performance.now() - started) / 1000;
      const keys = scorers.flatMap((scorer) => scorer.keys);
      if (options.json) {
        const configs = Object.assign({}, ...scorers.map((scorer) => scorer.configs));
        process.stdout.write(
          `${JSON.stringify({ input: options.in, output: options.out, pairs, resumed, metrics, workers, keys, configs, seconds })}\n`,
        );
      } else {
        process.stdout.write(
          `scored ${pairs} pairs${resumed > 0 ? ` (${resumed} resumed)` : ""} (${keys.join(", ")}) in ${seconds.toFixed(1)} s -> ${options.out}\n`,
        );
      }
    });
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    throw new UsageError(`--workers: expected a whole number from 1 to 256, got "${value}"`);
  }
  return workers;
}

/** A self-rewriting line on a terminal; otherwise a plain line at most every 10 seconds. */
function progressPrinter(stream: NodeJS.WriteStream) {
  const interactive = stream.isTTY === true;
  const interval = interactive ? 200 : 10_000;
  let last = performance.now();
  let shown = false;
  return {
    update(progress: ScoreProgress) {
      const now = performance.now();
      if (now - last < interval) return;
      last = now;
      const percent = progress.totalBytes > 0 ? (100 * progress.bytesRead) / progress.totalBytes : 100;
      const text = `scoring: ${progress.pairs} pairs read (${percent.toFixed(0)}% of input)`;
      if (interactive) {
        stream.write(`\r${text}`);
        shown = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (shown) stream.write("\n");
    },
  };
}

import { constants } from "node:fs";
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { UsageError } from "../cli/errors.js";
import { DEFAULT_INSTANCES_PER_TASK } from "../data/dataset.js";
import type { Experiment, ExperimentDecoding, ExperimentModel } from "../domain/experiment.js";
import type { ModelSpec } from "../domain/provider.js";
import { availableMetrics } from "../metrics/scorers.js";
import { formatStyleId, PAPER_STYLES, parseStyleId } from "../prompts/index.js";
import { parseModelSpec } from "../providers/model-spec.js";
import { formatFieldPath } from "../serve/field-path.js";
import { type ExperimentFile, experimentSchema } from "./schema.js";

const DEFAULT_STORE = "results.duckdb";
const DEFAULT_METRICS = ["bleu", "rouge", "meteor", "exact_match"];

/** Reads and validates an experiment file (YAML or JSON); every error names the file, line and field. */
export async function loadExperiment(file: string): Promise<Experiment> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`experiment file ${file}: cannot be read (${(error as Error).message})`);
  }
  const experiment = parseExperiment(text, file);
  await checkFiles(experiment, text);
  return experiment;
}

type FieldPath = ReadonlyArray<PropertyKey>;

/** Locates a field of the file by its path, for error messages `FILE:LINE: field: message`. */
class FieldLocator {
  private readonly lineCounter = new LineCounter();
  readonly document;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    // JSON is YAML too: one parser gives line numbers for both.
    this.document = parseDocument(text, { lineCounter: this.lineCounter });
  }

  error(fieldPath: FieldPath, message: string): UsageError {
    const node = this.document.getIn(fieldPath as unknown[], true) as
      | { range?: [number, number, number] }
      | undefined;
    const line = node?.range ? `:${this.lineCounter.linePos(node.range[0]).line}` : "";
    const field = formatFieldPath(fieldPath);
    return new UsageError(`experiment file ${this.file}${line}: ${field ? `${field}: ` : ""}${message}`);
  }
}

/** Parses and validates the text of an experiment file; relative paths are resolved against the file's folder. */
export function parseExperiment(text: string, file: string): Experiment {
  const locator = new FieldLocator(text, file);
  const yamlError = locator.document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new UsageError(
      `experiment file ${file}${line ? `:${line}` : ""}: not valid YAML or JSON: ${yamlError.message}`,
    );
  }
  const parsed = experimentSchema.safeParse(locator.document.toJS() ?? {});
  if (!parsed.success) {
    // A misspelt key explains a missing one (`modles` → no `models`): report it first.
    const issues = parsed.error.issues;
    throw schemaError(issues.find((issue) => issue.code === "unrecognized_keys") ?? issues[0], locator);
  }
  return resolveExperiment(parsed.data, file, locator);
}

function schemaError(issue: z.core.$ZodIssue | undefined, locator: FieldLocator): UsageError {
  if (!issue) return locator.error([], "invalid experiment");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    return locator.error([...issue.path, key], `unknown key "${key}"`);
  }
  if (issue.path[0] === "styles" && issue.path.length <= 1) {
    return locator.error(
      issue.path,
      'expected "all", a list of style ids like [0-def, 8-nodef], or {examples: [0, 2, 4, 8], definition: [true, false]}',
    );
  }
  return locator.error(issue.path, issue.message);
}

function resolveExperiment(file: ExperimentFile, filePath: string, locator: FieldLocator): Experiment {
  const dir = path.dirname(path.resolve(filePath));
  const resolve = (p: string) => path.resolve(dir, p);
  const seed = file.seed ?? 0;

  const styles = stylesOf(file.styles, locator);
  const models = file.models.map((model, index): ExperimentModel => {
    const resolved: ExperimentModel = {
      spec: model.spec,
      ...(model.label !== undefined ? { label: model.label } : {}),
      ...(model.kind !== undefined ? { kind: model.kind } : {}),
      ...(model.parameters !== undefined ? { parameters: model.parameters } : {}),
      ...(model.prompt_mode !== undefined ? { promptMode: model.prompt_mode } : {}),
      ...(model.concurrency !== undefined ? { concurrency: model.concurrency } : {}),
      ...(model.threads !== undefined ? { threads: model.threads } : {}),
      ...(model.endpoints !== undefined ? { endpoints: model.endpoints } : {}),
      ...(model.api_key_env !== undefined ? { apiKeyEnv: model.api_key_env } : {}),
    };
    try {
      experimentModelSpec(resolved, dir);
    } catch (error) {
      const field =
        model.endpoints && /URL|credentials/.test((error as Error).message) ? "endpoints" : "spec";
      throw locator.error(["models", index, field], (error as Error).message);
    }
    return resolved;
  });
  const labels = new Map<string, number>();
  models.forEach((model, index) => {
    const label = experimentModelSpec(model, dir).label;
    const first = labels.get(label);
    if (first !== undefined) {
      throw locator.error(
        ["models", index, model.label !== undefined ? "label" : "spec"],
        `label "${label}" is already used by models[${first}]; give each model its own label`,
      );
    }
    labels.set(label, index);
  });

  const variants = (file.decoding?.variants ?? [{ name: "greedy" }]).map(
    (variant, index): ExperimentDecoding => {
      const temperature = variant.temperature ?? (variant.top_k || variant.top_p ? 1 : 0);
      if (temperature === 0 && (variant.top_k !== undefined || variant.top_p !== undefined)) {
        throw locator.error(
          ["decoding", "variants", index, "temperature"],
          "top_k and top_p sample: set a temperature greater than 0 (or leave it out for 1)",
        );
      }
      return {
        name: variant.name,
        temperature,
        ...(variant.top_k !== undefined ? { topK: variant.top_k } : {}),
        ...(variant.top_p !== undefined ? { topP: variant.top_p } : {}),
        seeds: variant.seeds ?? [seed],
        ...(variant.styles
          ? { styles: styleIds(variant.styles, ["decoding", "variants", index, "styles"], locator) }
          : {}),
      };
    },
  );
  const decodingNames = new Map<string, number>();
  variants.forEach((variant, index) => {
    if (decodingNames.has(variant.name)) {
      throw locator.error(["decoding", "variants", index, "name"], `name "${variant.name}" is used twice`);
    }
    decodingNames.set(variant.name, index);
  });

  const definitionVariants = (file.definition_variants ?? []).map((entry, index) => {
    for (const [i, name] of (entry.decodings ?? []).entries()) {
      if (!decodingNames.has(name)) {
        throw locator.error(
          ["definition_variants", index, "decodings", i],
          `no decoding variant is named "${name}" (known: ${[...decodingNames.keys()].join(", ")})`,
        );
      }
    }
    return {
      variant: entry.variant,
      file: resolve(entry.file),
      styles: entry.styles
        ? styleIds(entry.styles, ["definition_variants", index, "styles"], locator)
        : ["0-def"],
      ...(entry.decodings ? { decodings: entry.decodings } : {}),
    };
  });

  const metricNames = file.metrics?.names ?? DEFAULT_METRICS;
  metricNames.forEach((name, index) => {
    if (!availableMetrics().includes(name as never)) {
      throw locator.error(
        ["metrics", "names", index],
        `unknown metric "${name}"; expected one of ${availableMetrics().join(", ")}`,
      );
    }
  });
  if (metricNames.includes("bertscore") && !file.metrics?.bertscore_model) {
    throw locator.error(["metrics"], "bertscore needs bertscore_model (a model folder or hub id)");
  }
  const data = file.data ?? {};
  const bertscoreModel = file.metrics?.bertscore_model;
  return {
    file: filePath,
    ...(file.name !== undefined ? { name: file.name } : {}),
    store: resolve(file.store ?? DEFAULT_STORE),
    models,
    styles,
    prompt: {
      explanations: file.prompt?.explanations ?? false,
      examples: file.prompt?.examples ?? "seeded",
      fitExamples: file.prompt?.fit_examples ?? false,
    },
    decoding: { maxNewTokens: file.decoding?.max_new_tokens ?? 512, variants },
    definitionVariants,
    data: {
      dir: resolve(data.dir ?? "sni"),
      split: data.split ?? "test",
      splitSet: data.split_set ?? "default",
      ...(data.tasks ? { tasks: data.tasks } : {}),
      ...(data.task_types ? { taskTypes: data.task_types } : {}),
      ...(data.domains ? { domains: data.domains } : {}),
      ...(data.reasoning ? { reasoning: data.reasoning } : {}),
      instancesPerTask: data.instances_per_task ?? DEFAULT_INSTANCES_PER_TASK,
      allLanguages: data.all_languages ?? false,
      ...(data.taxonomy ? { taxonomy: resolve(data.taxonomy) } : {}),
    },
    metrics: {
      names: metricNames,
      ...(bertscoreModel !== undefined ? { bertscoreModel: localOrHub(bertscoreModel, dir) } : {}),
      workers: file.metrics?.workers ?? 1,
    },
    ...(file.report
      ? {
          report: {
            out: resolve(file.report.out ?? "report"),
            ...(file.report.metric ? { metric: file.report.metric } : {}),
            png: file.report.png ?? false,
            samplesPerEntity: file.report.samples_per_entity ?? 3,
          },
        }
      : {}),
  };
}

/** A model of the experiment as a parsed spec; a relative GGUF path is read from the experiment's folder. */
export function experimentModelSpec(model: ExperimentModel, experimentDir: string): ModelSpec {
  const spec = parseModelSpec(model.spec, {
    label: model.label,
    kind: model.kind,
    parameters: model.parameters,
    promptMode: model.promptMode,
    apiKeyEnv: model.apiKeyEnv,
    extraBaseURLs: model.endpoints,
  });
  if (spec.provider === "llama-cpp" && !spec.model.startsWith("hf:")) {
    // Only the path opened changes: the spec as written stays the model's identity (and its run ids).
    return { ...spec, model: path.resolve(experimentDir, spec.model) };
  }
  return spec;
}

function stylesOf(styles: ExperimentFile["styles"], locator: FieldLocator): string[] {
  if (styles === undefined || styles === "all") return PAPER_STYLES.map(formatStyleId);
  if (Array.isArray(styles)) return styleIds(styles, ["styles"], locator);
  return styles.examples.flatMap((examples) =>
    styles.definition.map((withDefinition) => formatStyleId({ examples, withDefinition })),
  );
}

function styleIds(ids: readonly string[], at: FieldPath, locator: FieldLocator): string[] {
  const out: string[] = [];
  ids.forEach((id, index) => {
    const shapes = id === "all" ? PAPER_STYLES : [parseOrLocate(id, [...at, index], locator)];
    for (const shape of shapes) {
      const formatted = formatStyleId(shape);
      if (!out.includes(formatted)) out.push(formatted);
    }
  });
  return out;
}

function parseOrLocate(id: string, at: FieldPath, locator: FieldLocator) {
  try {
    return parseStyleId(id);
  } catch (error) {
    throw locator.error(at, (error as Error).message);
  }
}

function localOrHub(model: string, dir: string): string {
  return model.startsWith(".") || path.isAbsolute(model) ? path.resolve(dir, model) : model;
}

/** Files the experiment reads must be readable before anything starts. */
async function checkFiles(experiment: Experiment, text: string): Promise<void> {
  const locator = new FieldLocator(text, experiment.file);
  const dir = path.dirname(path.resolve(experiment.file));
  const readable = async (file: string) =>
    access(file, constants.R_OK).then(
      () => undefined,
      (error: Error) => error.message,
    );
  for (const [index, model] of experiment.models.entries()) {
    const spec = experimentModelSpec(model, dir);
    if (spec.provider !== "llama-cpp" || spec.model.startsWith("hf:")) continue;
    const problem = await readable(spec.model);
    if (problem) throw locator.error(["models", index, "spec"], `model file cannot be read (${problem})`);
  }
  for (const [index, variant] of experiment.definitionVariants.entries()) {
    const problem = await readable(variant.file);
    if (problem) {
      throw locator.error(
        ["definition_variants", index, "file"],
        `definitions file cannot be read (${problem}); write one with \`slm-eval definitions generate\``,
      );
    }
  }
  const dataProblem = await readable(experiment.data.dir);
  if (dataProblem) {
    throw locator.error(
      ["data", "dir"],
      `SNI directory cannot be read (${dataProblem}); fetch it with \`slm-eval data pull\``,
    );
  }
}

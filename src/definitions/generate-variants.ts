import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { UsageError } from "../cli/errors.js";
import { writeFileAtomic } from "../data/atomic-file.js";
import type { DecodingOptions, GenerationRequest, Provider } from "../domain/provider.js";
import type { Task } from "../domain/task.js";
import { canonicalJson } from "../runner/canonical-json.js";
import { generateBounded } from "../runner/scheduler.js";
import { type DefinitionRow, definitionsCsv } from "./definitions-csv.js";
import {
  COMPLETION_CUE,
  cleanVariant,
  VARIANT_INSTRUCTIONS,
  VARIANT_SYSTEM_MESSAGE,
  type VariantKind,
  variantColumn,
  variantPrompt,
} from "./variant-prompt.js";

export interface GenerateVariantsOptions {
  kind: VariantKind;
  provider: Provider;
  tasks: readonly Task[];
  out: string;
  maxNewTokens: number;
  concurrency: number;
  softwareVersion: string;
  /** Ignore an existing file (and its prompt record) and write every task again. */
  restart: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateVariantsSummary {
  out: string;
  metaFile: string;
  total: number;
  /** Already in the file from an earlier run with the same model and prompt. */
  reused: number;
  generated: number;
  failed: Array<{ task: string; error: string }>;
}

/** What produced a definitions file, stored beside it (`FILE.meta.json`); a rerun resumes only with the same. */
interface VariantsRecord {
  kind: VariantKind;
  column: string;
  model: { spec: string; label: string; promptMode: string };
  decoding: DecodingOptions;
  prompt: { system: string; instruction: string; completionCue?: string };
}

export function metaFileOf(out: string): string {
  return `${out}.meta.json`;
}

/**
 * Writes one variant definition per task with any provider, into the paper kit's CSV layout. Resumable and cached:
 * tasks already in the file (written by the same model with the same prompt) are not asked again, and the file is
 * rewritten atomically after each answer, so an interrupted run loses nothing.
 */
export async function generateVariants(options: GenerateVariantsOptions): Promise<GenerateVariantsSummary> {
  const { kind, provider, out } = options;
  const column = variantColumn(kind);
  const mode = provider.info.promptMode ?? "completion";
  const record: VariantsRecord = {
    kind,
    column: `${column}_definition`,
    model: { spec: provider.info.spec, label: provider.info.label, promptMode: mode },
    decoding: { maxNewTokens: options.maxNewTokens, temperature: 0 },
    prompt: {
      system: VARIANT_SYSTEM_MESSAGE,
      instruction: VARIANT_INSTRUCTIONS[kind],
      ...(mode === "completion" ? { completionCue: COMPLETION_CUE } : {}),
    },
  };
  const rows = options.restart ? new Map<string, DefinitionRow>() : await existingRows(out, column, record);
  const pending = options.tasks.filter((task) => !rows.has(task.name));
  const summary: GenerateVariantsSummary = {
    out,
    metaFile: metaFileOf(out),
    total: options.tasks.length,
    reused: options.tasks.length - pending.length,
    generated: 0,
    failed: [],
  };
  const save = async () => {
    await writeFileAtomic(out, definitionsCsv(column, [...rows.values()].sort(byId)));
    await writeFileAtomic(
      summary.metaFile,
      `${JSON.stringify({ ...record, softwareVersion: options.softwareVersion, tasks: rows.size, updatedAt: new Date().toISOString() }, null, 2)}\n`,
    );
  };
  const requests: GenerationRequest[] = pending.map((task, index) => ({
    id: String(index),
    prompt: variantPrompt(kind, task.definition, mode),
    decoding: record.decoding,
  }));
  let done = 0;
  for await (const result of generateBounded(provider, requests, options.concurrency, options.signal)) {
    const task = pending[Number(result.id)] as Task;
    const text = result.finishReason === "error" ? "" : cleanVariant(result.text);
    done++;
    if (text === "") {
      const error =
        result.error ?? (result.finishReason === "context_overflow" ? "context overflow" : "empty reply");
      summary.failed.push({ task: task.name, error });
    } else {
      rows.set(task.name, { id: task.name, definition: task.definition, variant: text });
      summary.generated++;
      await save();
    }
    options.onProgress?.(done, pending.length);
  }
  if (summary.generated === 0 && !existsSync(out)) await save();
  return summary;
}

/** Rows of an existing file, refused when it was written with another model, prompt or kind. */
async function existingRows(
  out: string,
  column: string,
  record: VariantsRecord,
): Promise<Map<string, DefinitionRow>> {
  const rows = new Map<string, DefinitionRow>();
  if (!existsSync(out)) return rows;
  const metaFile = metaFileOf(out);
  let previous: VariantsRecord | undefined;
  try {
    const parsed = JSON.parse(await readFile(metaFile, "utf8")) as VariantsRecord;
    previous = {
      kind: parsed.kind,
      column: parsed.column,
      model: parsed.model,
      decoding: parsed.decoding,
      prompt: parsed.prompt,
    };
  } catch {
    previous = undefined;
  }
  if (!previous || canonicalJson(previous) !== canonicalJson(record)) {
    throw new UsageError(
      `--out ${out}: the file exists but ${previous ? `was written with another ${differingPart(previous, record)}` : `has no readable ${metaFile}`}; ` +
        "pass --restart to write it again, or choose another --out",
    );
  }
  let records: Record<string, string>[];
  try {
    records = parse(await readFile(out, "utf8"), { bom: true, columns: true, skip_empty_lines: true });
  } catch (error) {
    throw new UsageError(`--out ${out}: not a readable definitions CSV (${(error as Error).message})`);
  }
  for (const row of records) {
    const id = row.id ?? "";
    const variant = row[`${column}_definition`] ?? "";
    if (id !== "" && variant !== "") rows.set(id, { id, definition: row.definition ?? "", variant });
  }
  return rows;
}

function differingPart(previous: VariantsRecord, record: VariantsRecord): string {
  if (previous.kind !== record.kind) return `kind (${previous.kind})`;
  if (canonicalJson(previous.model) !== canonicalJson(record.model)) return `model (${previous.model.spec})`;
  if (canonicalJson(previous.decoding) !== canonicalJson(record.decoding)) return "decoding (max new tokens)";
  return "prompt (an earlier slm-eval version)";
}

/** Rows in task-name order, so the file does not depend on which answer came back first. */
function byId(a: DefinitionRow, b: DefinitionRow): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

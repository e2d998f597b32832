import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { UsageError } from "../cli/errors.js";
import type { DefinitionVariant } from "../domain/prompt.js";

/** Alternative definitions of one variant, by task name (the kit's `id` column: the task file name). */
export interface DefinitionVariants {
  variant: Exclude<DefinitionVariant, "original">;
  file: string;
  /** sha256 (hex) of the file's text as read (UTF-8): recorded with every run that uses it. */
  sha256: string;
  byTask: ReadonlyMap<string, string>;
}

/**
 * Reads a definitions file in the paper kit's layout (`paraphrased_definitions.csv`, `adversarial_definitions.csv`):
 * a CSV with header `id,definition,<variant>_definition`, fields quoted as pandas writes them (quotes, commas and
 * newlines inside fields). Only `id` and `<variant>_definition` are required.
 */
export async function loadDefinitionVariants(
  file: string,
  variant: Exclude<DefinitionVariant, "original">,
): Promise<DefinitionVariants> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`definitions file ${file}: cannot be read (${(error as Error).message})`);
  }
  return parseDefinitionVariants(text, file, variant);
}

export function parseDefinitionVariants(
  text: string,
  file: string,
  variant: Exclude<DefinitionVariant, "original">,
): DefinitionVariants {
  const column = `${variant}_definition`;
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new UsageError(`definitions file ${file}: not valid CSV (${(error as Error).message})`);
  }
  const header = rows[0];
  if (!header)
    throw new UsageError(`definitions file ${file}: empty, expected a header id,definition,${column}`);
  const idIndex = header.indexOf("id");
  const variantIndex = header.indexOf(column);
  if (idIndex < 0 || variantIndex < 0) {
    throw new UsageError(
      `definitions file ${file}: header "${header.join(",")}" lacks column ${idIndex < 0 ? "id" : column} ` +
        `(expected id,definition,${column})`,
    );
  }
  const byTask = new Map<string, string>();
  rows.slice(1).forEach((row, index) => {
    const id = row[idIndex] ?? "";
    const definition = row[variantIndex] ?? "";
    const record = index + 2;
    if (id === "") throw new UsageError(`definitions file ${file}: record ${record} has an empty id`);
    if (byTask.has(id)) throw new UsageError(`definitions file ${file}: record ${record} repeats id ${id}`);
    byTask.set(id, definition);
  });
  return { variant, file, sha256: createHash("sha256").update(text).digest("hex"), byTask };
}

/** The definition text a prompt of this variant carries for the task; a missing entry is bad input. */
export function definitionFor(
  taskName: string,
  original: string,
  variant: DefinitionVariant,
  variants?: DefinitionVariants,
): string {
  if (variant === "original") return original;
  if (!variants || variants.variant !== variant) {
    throw new UsageError(
      `the ${variant} definition variant needs a definitions file (${variant}_definitions.csv)`,
    );
  }
  const text = variants.byTask.get(taskName);
  if (text === undefined) {
    throw new UsageError(`definitions file ${variants.file}: no ${variant}_definition for task ${taskName}`);
  }
  return text;
}

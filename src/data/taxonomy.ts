import { readFile } from "node:fs/promises";
import { z } from "zod";
import { UsageError } from "../cli/errors.js";
import type { Aspect, Taxonomy } from "../domain/index.js";
import { packageFile } from "../package-info.js";
import { describeJsonSyntaxError } from "./json-syntax.js";

const groupSchema = z.object({ name: z.string().min(1), entities: z.array(z.string().min(1)) });
const taxonomySchema = z.object({
  "task-types": z.array(groupSchema),
  domains: z.array(groupSchema),
  reasoning: z.array(groupSchema),
});

/** The taxonomy file shipped with the package. */
const bundledTaxonomyFile = packageFile("data/taxonomy.json");

/** Loads the taxonomy from `file`, or the one shipped with the package when no file is given. */
export async function loadTaxonomy(file?: string): Promise<Taxonomy> {
  if (file !== undefined) return parseTaxonomy(await readTaxonomyText(file), file);
  return parseTaxonomy(await readFile(bundledTaxonomyFile, "utf8"), bundledTaxonomyFile);
}

async function readTaxonomyText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read taxonomy file ${file}: ${(error as Error).message}`);
  }
}

/** Parses and validates taxonomy JSON; errors name the file and the offending field. */
export function parseTaxonomy(text: string, file: string): Taxonomy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: ${describeJsonSyntaxError(text, error)}`);
  }
  const parsed = taxonomySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(top level)";
    throw new UsageError(
      `${file}: field ${where}: ${issue?.message ?? "invalid"} ` +
        `(expected {"task-types"|"domains"|"reasoning": [{"name": GROUP, "entities": [ENTITY, ...]}]})`,
    );
  }
  return parsed.data;
}

/** The group an entity belongs to in an aspect, or "" when the taxonomy does not list it. */
export function groupOf(taxonomy: Taxonomy, aspect: Aspect, entity: string): string {
  return taxonomy[aspect].find((group) => group.entities.includes(entity))?.name ?? "";
}

/** Every group and entity name the taxonomy knows for an aspect. */
export function taxonomyNames(taxonomy: Taxonomy, aspect: Aspect): string[] {
  return taxonomy[aspect].flatMap((group) => [group.name, ...group.entities]);
}

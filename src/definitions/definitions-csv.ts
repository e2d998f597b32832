/** A CSV field as pandas writes it when needed: quoted, with inner quotes doubled. Always quoted here (simplest). */
function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export interface DefinitionRow {
  id: string;
  definition: string;
  variant: string;
}

/**
 * The paper kit's layout: header `id,definition,<column>_definition`, one row per task (`id` = task name), readable by
 * the prompts module's definitions reader and by pandas.
 */
export function definitionsCsv(column: string, rows: readonly DefinitionRow[]): string {
  const lines = [`id,definition,${column}_definition`];
  for (const row of rows) lines.push([row.id, row.definition, row.variant].map(csvField).join(","));
  return `${lines.join("\n")}\n`;
}

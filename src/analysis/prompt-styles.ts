import type { StyleId } from "../domain/analysis.js";

/**
 * The paper's eight styles in the kit's column order: with definition before without, then by number of examples.
 * This order is also the tie-break order for the best style (the first of equal maxima wins, like pandas'
 * idxmax), which prefers a definition and then the shorter prompt.
 */
export const PAPER_STYLES: readonly StyleId[] = [
  "0-def",
  "2-def",
  "4-def",
  "8-def",
  "0-nodef",
  "2-nodef",
  "4-nodef",
  "8-nodef",
];

export const EXAMPLE_COUNTS = [0, 2, 4, 8] as const;

export interface StyleParts {
  examples: number;
  withDefinition: boolean;
}

const STYLE_PATTERN = /^(\d+)-(def|nodef)$/;
const KIT_COLUMN_PATTERN = /^(\d+)_examples_(with|without)_definition$/;

export function parseStyleId(style: StyleId): StyleParts | undefined {
  const match = STYLE_PATTERN.exec(style);
  if (!match) return undefined;
  return { examples: Number(match[1]), withDefinition: match[2] === "def" };
}

export function styleId(parts: StyleParts): StyleId {
  return `${parts.examples}-${parts.withDefinition ? "def" : "nodef"}`;
}

/**
 * A published value whose prompt style the source does not give (e.g. the paper's large-model comparisons): it
 * takes part in model comparisons but not in prompt-style tables or example-count charts.
 */
export const PUBLISHED_STYLE: StyleId = "published";

/** `4-def` → `4_examples_with_definition`, the kit's column name; other styles keep their name. */
export function kitStyleColumn(style: StyleId): string {
  const parts = parseStyleId(style);
  if (!parts) return style;
  return `${parts.examples}_examples_${parts.withDefinition ? "with" : "without"}_definition`;
}

/** `4_examples_with_definition` → `4-def`; undefined for any other column. */
export function styleFromKitColumn(column: string): StyleId | undefined {
  const match = KIT_COLUMN_PATTERN.exec(column);
  if (!match) return undefined;
  return styleId({ examples: Number(match[1]), withDefinition: match[2] === "with" });
}

/** Words for charts and tables: `4 examples, with definition`. */
export function styleLabel(style: StyleId): string {
  const parts = parseStyleId(style);
  if (!parts) return style;
  return `${parts.examples} examples, ${parts.withDefinition ? "with" : "without"} definition`;
}

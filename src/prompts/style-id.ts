import { UsageError } from "../cli/errors.js";
import type { PromptStyle } from "../domain/prompt.js";

/** The part of a style written on the command line: `<examples>-<def|nodef>`, e.g. `0-def`, `8-nodef`. */
export interface StyleShape {
  examples: number;
  withDefinition: boolean;
}

/** The paper's example counts; with and without definition they make its eight styles. */
export const PAPER_EXAMPLE_COUNTS = [0, 2, 4, 8] as const;

/** The paper's eight styles in a fixed order: by examples, with definition before without. */
export const PAPER_STYLES: readonly StyleShape[] = PAPER_EXAMPLE_COUNTS.flatMap((examples) => [
  { examples, withDefinition: true },
  { examples, withDefinition: false },
]);

const STYLE_ID = /^(\d+)-(def|nodef)$/;

export function formatStyleId(style: StyleShape): string {
  return `${style.examples}-${style.withDefinition ? "def" : "nodef"}`;
}

export function parseStyleId(id: string): StyleShape {
  const match = STYLE_ID.exec(id.trim());
  if (!match) {
    throw new UsageError(
      `prompt style "${id}": expected <examples>-<def|nodef>, e.g. 0-def or 8-nodef, or "all" for the paper's eight`,
    );
  }
  const examples = Number(match[1]);
  if (!Number.isSafeInteger(examples) || examples > 64) {
    throw new UsageError(`prompt style "${id}": the number of examples must be between 0 and 64`);
  }
  return { examples, withDefinition: match[2] === "def" };
}

/** Parses `all` or a comma-separated list of style ids; duplicates are dropped, the order kept. */
export function parseStyleList(list: string): StyleShape[] {
  const ids = list
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (ids.length === 0) {
    throw new UsageError(`prompt styles "${list}": expected "all" or a list like 0-def,8-nodef`);
  }
  const styles: StyleShape[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const shapes = id === "all" ? PAPER_STYLES : [parseStyleId(id)];
    for (const shape of shapes) {
      const key = formatStyleId(shape);
      if (!seen.has(key)) {
        seen.add(key);
        styles.push({ ...shape });
      }
    }
  }
  return styles;
}

/** Options shared by every style of a run; defaults are the paper's. */
export type StyleOptions = Omit<PromptStyle, "examples" | "withDefinition">;

export const PAPER_STYLE_OPTIONS: StyleOptions = {
  definitionVariant: "original",
  explanations: false,
  selection: "seeded",
  mode: "completion",
};

export function buildStyles(
  shapes: readonly StyleShape[],
  options: Partial<StyleOptions> = {},
): PromptStyle[] {
  const merged = { ...PAPER_STYLE_OPTIONS, ...options };
  return shapes.map((shape) => ({ ...merged, ...shape }));
}

import { UsageError } from "../cli/errors.js";
import type { StyleId } from "../domain/analysis.js";
import { formatStyleId, PAPER_STYLES, parseStyleId } from "../prompts/style-id.js";

/** What an application can afford, as `recommend` and `route build` take it. */
export interface Constraints {
  /** Largest parameter count allowed; models of unknown size are left out when set. */
  maxParameters?: number;
  /** Styles the application can afford; undefined means every style. */
  styles?: ReadonlySet<StyleId>;
  /** Providers allowed (`llama-cpp`, `ollama`, …, or `reference` for imported tables); undefined means all. */
  providers?: ReadonlySet<string>;
}

const ALL_PAPER_STYLES = PAPER_STYLES.map(formatStyleId);

/** Named style budgets, for applications that cannot afford examples or a definition in every prompt. */
const STYLE_PRESETS: Record<string, StyleId[]> = {
  all: ALL_PAPER_STYLES,
  "0-shot-only": ALL_PAPER_STYLES.filter((style) => style.startsWith("0-")),
  "no-definition": ALL_PAPER_STYLES.filter((style) => style.endsWith("-nodef")),
  "with-definition": ALL_PAPER_STYLES.filter((style) => style.endsWith("-def")),
};

/** `--styles`: a preset (0-shot-only, no-definition, with-definition, all) or a list such as `0-def,2-nodef`. */
export function parseStyleConstraint(value: string): Set<StyleId> {
  const preset = STYLE_PRESETS[value.trim()];
  if (preset) return new Set(preset);
  const styles = value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (styles.length === 0) {
    throw new UsageError(
      `--styles: expected ${Object.keys(STYLE_PRESETS).join(", ")} or a list like 0-def,2-nodef`,
    );
  }
  return new Set(
    styles.map((style) => {
      try {
        return formatStyleId(parseStyleId(style));
      } catch {
        throw new UsageError(
          `--styles: "${style}" is neither a preset (${Object.keys(STYLE_PRESETS).join(", ")}) nor a style ` +
            "<examples>-<def|nodef> such as 0-def",
        );
      }
    }),
  );
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kKmMbBtT]?)$/;
const MULTIPLIER: Record<string, number> = { "": 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** `--max-params 3B`: a count with an optional K/M/B/T suffix. */
export function parseParameterCount(value: string, flag = "--max-params"): number {
  const match = SIZE.exec(value.trim());
  if (!match)
    throw new UsageError(`${flag}: expected a parameter count such as 3B, 500M or 7.5B, got "${value}"`);
  return Number(match[1]) * (MULTIPLIER[(match[2] ?? "").toLowerCase()] ?? 1);
}

/**
 * The size a published model's name states (`Gemma-2B-I` → 2e9, `Falcon-2-11B` → 11e9); undefined when the name
 * states none (`Phi-3-mini-128k-I`). Reference tables carry no parameter counts, so names are all there is.
 */
export function parametersFromModelName(name: string): number | undefined {
  const match = /(?:^|[-_ ])(\d+(?:\.\d+)?)[bB](?![a-zA-Z])/.exec(name);
  return match ? Number(match[1]) * 1e9 : undefined;
}

/** `1.2B`, `513K`: parameter counts as people write them. */
export function formatParameterCount(count: number): string {
  for (const [suffix, size] of [
    ["T", 1e12],
    ["B", 1e9],
    ["M", 1e6],
    ["K", 1e3],
  ] as const) {
    if (count >= size) return `${Number((count / size).toFixed(1))}${suffix}`;
  }
  return String(count);
}

/** The provider part of a model spec: `llama-cpp:/m.gguf` → `llama-cpp`. */
export function providerOfSpec(spec: string): string {
  const colon = spec.indexOf(":");
  return colon > 0 ? spec.slice(0, colon) : spec;
}

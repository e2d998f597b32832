import { createHash } from "node:crypto";
import type { PromptStyle } from "../domain/prompt.js";
import { formatStyleId } from "./style-id.js";

/**
 * The style with every field that cannot change the text blanked out, so that equal texts give equal identities:
 * no definition → the variant is irrelevant; no examples → explanations and selection are irrelevant;
 * completion mode → there is no chat template.
 */
export function normalizeStyle(style: PromptStyle): PromptStyle {
  const hasExamples = style.examples > 0;
  const normalized: PromptStyle = {
    examples: style.examples,
    withDefinition: style.withDefinition,
    definitionVariant: style.withDefinition ? style.definitionVariant : "original",
    explanations: hasExamples ? style.explanations : false,
    selection: hasExamples ? style.selection : "seeded",
    mode: style.mode,
  };
  if (style.mode === "chat") normalized.chatTemplate = style.chatTemplate ?? "";
  return normalized;
}

/**
 * Canonical text of a style's identity: a JSON object with a fixed key order. Two styles are the same run
 * dimension exactly when these strings are equal.
 */
export function styleIdentity(style: PromptStyle): string {
  const s = normalizeStyle(style);
  return JSON.stringify([
    ["examples", s.examples],
    ["withDefinition", s.withDefinition],
    ["definitionVariant", s.definitionVariant],
    ["explanations", s.explanations],
    ["selection", s.selection],
    ["mode", s.mode],
    ["chatTemplate", s.chatTemplate ?? null],
  ]);
}

/** Short stable hash of {@link styleIdentity} (16 hex digits of SHA-256), for keys and file names. */
export function styleHash(style: PromptStyle): string {
  return createHash("sha256").update(styleIdentity(style)).digest("hex").slice(0, 16);
}

/**
 * Human-readable name: the style id plus whatever differs from the paper's defaults,
 * e.g. `8-def`, `4-def paraphrased +explanations`, `2-nodef first chat(Llama3Chat)`.
 */
export function describeStyle(style: PromptStyle): string {
  const s = normalizeStyle(style);
  const parts = [formatStyleId(s)];
  if (s.withDefinition && s.definitionVariant !== "original") parts.push(s.definitionVariant);
  if (s.explanations) parts.push("+explanations");
  if (s.examples > 0 && s.selection === "first") parts.push("first");
  if (s.mode === "chat") parts.push(s.chatTemplate ? `chat(${s.chatTemplate})` : "chat");
  return parts.join(" ");
}

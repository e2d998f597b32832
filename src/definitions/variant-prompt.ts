import type { ChatMessage, PromptMode, RenderedPrompt } from "../domain/prompt.js";

/** What `slm-eval definitions generate` writes: a paraphrase of each task definition, or an adversarial rewrite. */
export type VariantKind = "paraphrase" | "adversarial";

/** The CSV column (and definition variant) a kind fills, as in the paper kit's metadata files. */
export function variantColumn(kind: VariantKind): "paraphrased" | "adversarial" {
  return kind === "paraphrase" ? "paraphrased" : "adversarial";
}

export const VARIANT_SYSTEM_MESSAGE =
  "You rewrite task instructions for a study of how language models react to the wording of instructions.";

const REPLY_RULE =
  "Reply with the rewritten definition only: no title, no quotation marks, no notes about what you changed.";

/**
 * The instruction per kind, with `{definition}` where the task's definition goes. A paraphrase must carry the same
 * information; an adversarial rewrite must pass for a normal instruction while nudging the expected answer.
 */
export const VARIANT_INSTRUCTIONS: Record<VariantKind, string> = {
  paraphrase: [
    "Rewrite the task definition below in your own words.",
    "- Keep every piece of information it contains: each requirement and constraint, every label or option name,",
    "  the expected output format, and any values or examples it quotes.",
    "- Add nothing and leave nothing out; a correct answer to the task must stay exactly the same.",
    "- Change the wording and the sentence structure, and keep roughly the same length.",
    REPLY_RULE,
    "",
    "Task definition:",
    "{definition}",
  ].join("\n"),
  adversarial: [
    "Rewrite the task definition below so that it still reads like an ordinary, legitimate instruction for the same",
    "task, yet contains subtle changes that may lead to a different answer. Use one or two of these:",
    "- swap a key term for a near-synonym that shifts its meaning (for example 'most likely' for 'possible');",
    "- leave it slightly ambiguous what is expected: the scope, the format, or which part of the input to use;",
    "- rephrase one requirement so that the expected answer moves a little.",
    "It must not be overtly wrong, contradictory or misleading, must not hint that anything changed, and must keep",
    "the tone, length and layout of the original.",
    REPLY_RULE,
    "",
    "Task definition:",
    "{definition}",
  ].join("\n"),
};

/** The cue that ends a completion-mode prompt, so a base model continues with the rewritten text. */
export const COMPLETION_CUE = "\n\nRewritten definition:";

/** The prompt asking a model for one task's variant: a chat exchange, or the same text for completion models. */
export function variantPrompt(kind: VariantKind, definition: string, mode: PromptMode): RenderedPrompt {
  // A function replacement: a "$&" or "$1" inside a definition must be kept literally.
  const user = VARIANT_INSTRUCTIONS[kind].replace("{definition}", () => definition.trim());
  if (mode === "chat") {
    const messages: ChatMessage[] = [
      { role: "system", content: VARIANT_SYSTEM_MESSAGE },
      { role: "user", content: user },
    ];
    return { mode: "chat", messages };
  }
  return { mode: "completion", text: `${VARIANT_SYSTEM_MESSAGE}\n\n${user}${COMPLETION_CUE}` };
}

/** The model's reply as a definition: surrounding blanks, a leading label and wrapping quotes removed. */
export function cleanVariant(reply: string): string {
  let text = reply.trim();
  text = text.replace(/^(rewritten|paraphrased|adversarial)?\s*(task\s+)?definition\s*:\s*/i, "");
  const quoted = /^(["'“])([\s\S]*)(["'”])$/.exec(text);
  if (quoted?.[2] && !/["”]/.test(quoted[2])) text = quoted[2];
  return text.trim();
}

import type { ChatMessage, PromptMode, RenderedPrompt } from "../domain/prompt.js";
import type { Example } from "../domain/task.js";

/** The system message the paper's kit gives instruction-tuned models in chat mode. */
export const CHAT_SYSTEM_MESSAGE = "You are an AI assistant designed to help users in completion of a task.";

export interface PromptParts {
  /** The definition text, or "" for a style without definition. */
  definition: string;
  examples: readonly Example[];
  explanations: boolean;
  input: string;
}

/**
 * One in-context example as the paper's kit writes it: `Input: {in}\nOutput: {out}\n`, followed by
 * `Explanation: {expl}` (no newline after it) when explanations are on.
 */
export function renderExample(example: Example, explanations: boolean): string {
  const base = `Input: ${example.input}\nOutput: ${example.output}\n`;
  return explanations ? `${base}Explanation: ${example.explanation ?? ""}` : base;
}

/**
 * The paper's completion prompt, byte for byte:
 * `{definition}` + (`\n\nRefer to the following examples for reference:\n\n` + examples joined by `\n\n`, only
 * with examples) + `\n\nNow complete the following task: \nInput: {input}\nOutput: `.
 */
export function renderCompletionText(parts: PromptParts): string {
  let context = parts.definition;
  if (parts.examples.length > 0) {
    const examples = parts.examples.map((example) => renderExample(example, parts.explanations));
    context += `\n\nRefer to the following examples for reference:\n\n${examples.join("\n\n")}`;
  }
  return `${context}\n\nNow complete the following task: \nInput: ${parts.input}\nOutput: `;
}

/** The same text as a chat: the kit's system message, then the completion text as the user's message. */
export function renderChatMessages(parts: PromptParts): ChatMessage[] {
  return [
    { role: "system", content: CHAT_SYSTEM_MESSAGE },
    { role: "user", content: renderCompletionText(parts) },
  ];
}

export function renderPromptParts(parts: PromptParts, mode: PromptMode): RenderedPrompt {
  return mode === "chat"
    ? { mode: "chat", messages: renderChatMessages(parts) }
    : { mode: "completion", text: renderCompletionText(parts) };
}

/** The rendered prompt as one string, for hashing, storing and exporting: the text, or the chat messages' JSON. */
export function promptText(prompt: RenderedPrompt): string {
  return prompt.mode === "completion" ? prompt.text : JSON.stringify(prompt.messages);
}

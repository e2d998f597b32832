import type { ChatMessage, RenderedPrompt } from "../domain/prompt.js";
import type { RoutePrompt } from "../domain/serve.js";
import { renderCompletionText } from "../prompts/render.js";

function wrap(prompt: RoutePrompt, input: string): string {
  return renderCompletionText({
    definition: prompt.definition,
    examples: prompt.examples,
    explanations: prompt.examples.some((example) => example.explanation !== undefined),
    input,
  });
}

/**
 * Puts the route's prompt style around the request, as the evaluation did: the completion prompt becomes the
 * input of the paper's template; in a chat, the last user message does. Without a route prompt, unchanged.
 */
export function applyRoutePrompt(
  prompt: RenderedPrompt,
  routePrompt: RoutePrompt | undefined,
): RenderedPrompt {
  if (!routePrompt || (routePrompt.definition === "" && routePrompt.examples.length === 0)) return prompt;
  if (prompt.mode === "completion") return { mode: "completion", text: wrap(routePrompt, prompt.text) };
  const lastUser = prompt.messages.findLastIndex((message) => message.role === "user");
  if (lastUser < 0) return prompt;
  const messages: ChatMessage[] = prompt.messages.map((message, index) =>
    index === lastUser ? { role: "user", content: wrap(routePrompt, message.content) } : message,
  );
  return { mode: "chat", messages };
}

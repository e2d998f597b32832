import type { RenderedPrompt } from "../domain/prompt.js";
import type { Example } from "../domain/task.js";

export interface FitLimits {
  /** The model's context window in tokens. */
  contextSize: number;
  maxNewTokens: number;
}

export type FitResult =
  | { fits: true; prompt: RenderedPrompt; examplesUsed: number; promptTokens: number }
  /** Even the prompt with the fewest allowed examples leaves no room: record as `context_overflow`. */
  | { fits: false; prompt: RenderedPrompt; examplesUsed: number; promptTokens: number };

export function fitsContext(promptTokens: number, limits: FitLimits): boolean {
  return promptTokens + limits.maxNewTokens <= limits.contextSize;
}

/**
 * `--fit-examples`: renders with all examples, then drops examples from the end until prompt + max new tokens
 * fits the context. Without `dropExamples` only the full prompt is checked.
 */
export async function fitExamples(options: {
  examples: readonly Example[];
  render: (examples: readonly Example[]) => RenderedPrompt;
  countTokens: (prompt: RenderedPrompt) => Promise<number>;
  limits: FitLimits;
  dropExamples: boolean;
}): Promise<FitResult> {
  const lowest = options.dropExamples ? 0 : options.examples.length;
  let last: FitResult | undefined;
  for (let used = options.examples.length; used >= lowest; used--) {
    const prompt = options.render(options.examples.slice(0, used));
    const promptTokens = await options.countTokens(prompt);
    if (fitsContext(promptTokens, options.limits))
      return { fits: true, prompt, examplesUsed: used, promptTokens };
    last = { fits: false, prompt, examplesUsed: used, promptTokens };
  }
  return last as FitResult;
}

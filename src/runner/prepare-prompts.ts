import { UsageError } from "../cli/errors.js";
import type { RenderedPrompt } from "../domain/prompt.js";
import type { Provider } from "../domain/provider.js";
import {
  buildPrompt,
  type DefinitionVariants,
  fitExamples,
  promptText,
  renderWithExamples,
} from "../prompts/index.js";
import type { PlannedRun, WorkItem } from "./plan.js";
import { sha256 } from "./run-identity.js";

/** A work item with the exact prompt the model will see. */
export interface PreparedItem {
  item: WorkItem;
  prompt: RenderedPrompt;
  /** The prompt as one string (chat turns tagged by role), as stored and exported. */
  text: string;
  hash: string;
  examplesUsed: number;
  /** Set when prompt + max new tokens exceed the model's context even after dropping examples. */
  overflowTokens?: number;
}

export interface PromptOptions {
  seed: number;
  definitions?: DefinitionVariants;
  /** `--fit-examples`: drop examples from the end until the prompt fits the model's context. */
  fitExamples: boolean;
}

/**
 * Renders the prompts of a run's items. With `fitExamples`, examples are dropped from the end until prompt + max new
 * tokens fit the model's context; prompts that still cannot fit are marked (recorded as `context_overflow`, not
 * sent). Without it the provider itself reports overflowing prompts.
 */
export async function preparePrompts(
  run: PlannedRun,
  items: readonly WorkItem[],
  provider: Pick<Provider, "info" | "countPromptTokens">,
  options: PromptOptions,
): Promise<PreparedItem[]> {
  const { style, decoding } = run.config;
  const contextSize = provider.info.contextSize;
  const countTokens = provider.countPromptTokens?.bind(provider);
  const prepared: PreparedItem[] = [];
  for (const item of items) {
    const input = {
      task: item.task,
      instance: item.instance,
      style,
      seed: options.seed,
      definitions: options.definitions,
    };
    const built = buildPrompt(input);
    let prompt = built.prompt;
    let examplesUsed = built.examples.length;
    let overflowTokens: number | undefined;
    if (options.fitExamples) {
      if (contextSize === undefined || countTokens === undefined) {
        throw new UsageError(
          `--fit-examples needs the model's context size and tokenizer; ${provider.info.spec} offers neither`,
        );
      }
      const fit = await fitExamples({
        examples: built.examples,
        render: (examples) => renderWithExamples(input, examples).prompt,
        countTokens,
        limits: { contextSize, maxNewTokens: decoding.maxNewTokens },
        dropExamples: true,
      });
      prompt = fit.prompt;
      examplesUsed = fit.examplesUsed;
      if (!fit.fits) overflowTokens = fit.promptTokens;
    }
    const text = promptText(prompt);
    prepared.push({ item, prompt, text, hash: sha256(text), examplesUsed, overflowTokens });
  }
  return prepared;
}

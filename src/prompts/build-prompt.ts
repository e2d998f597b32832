import type { PromptStyle, RenderedPrompt } from "../domain/prompt.js";
import type { Example, Instance, Task } from "../domain/task.js";
import { type DefinitionVariants, definitionFor } from "./definition-variants.js";
import { selectExamples } from "./example-selection.js";
import { renderPromptParts } from "./render.js";

export interface BuildPromptInput {
  task: Pick<Task, "name" | "definition" | "positiveExamples">;
  instance: Instance;
  style: PromptStyle;
  /** The run's seed for example selection. */
  seed: number;
  /** Needed when the style uses a paraphrased or adversarial definition. */
  definitions?: DefinitionVariants;
}

export interface BuiltPrompt {
  prompt: RenderedPrompt;
  /** The examples in the prompt, in prompt order. */
  examples: Example[];
  /** The instance's first output: what the paper scores against. */
  reference: string;
}

/** Renders the prompt a model sees for one instance under one style. */
export function buildPrompt(input: BuildPromptInput): BuiltPrompt {
  const { task, instance, style } = input;
  const examples = selectExamples({
    taskName: task.name,
    instance,
    examples: task.positiveExamples,
    count: style.examples,
    selection: style.selection,
    seed: input.seed,
  });
  return { ...renderWithExamples(input, examples), examples };
}

/** Renders the same instance and style with a given list of examples (used to drop examples that do not fit). */
export function renderWithExamples(
  input: BuildPromptInput,
  examples: readonly Example[],
): { prompt: RenderedPrompt; reference: string } {
  const { task, instance, style } = input;
  const definition = style.withDefinition
    ? definitionFor(task.name, task.definition, style.definitionVariant, input.definitions)
    : "";
  const prompt = renderPromptParts(
    { definition, examples, explanations: style.explanations, input: instance.input },
    style.mode,
  );
  return { prompt, reference: instance.outputs[0] ?? "" };
}

/** Which definition text a prompt carries: the task's own, or a cached LLM-written variant of it. */
export type DefinitionVariant = "original" | "paraphrased" | "adversarial";

/** Completion models get the paper's prompt as raw text; chat models get it as a user message. */
export type PromptMode = "completion" | "chat";

/** How in-context examples are picked: seeded per (run seed, task, instance), or the first k of the task. */
export type ExampleSelection = "seeded" | "first";

/**
 * Everything that changes the text a model sees. Two runs whose styles differ in any field are different runs.
 * The paper's eight styles are examples ∈ {0, 2, 4, 8} × withDefinition ∈ {true, false}, written `8-nodef`.
 */
export interface PromptStyle {
  examples: number;
  withDefinition: boolean;
  definitionVariant: DefinitionVariant;
  explanations: boolean;
  selection: ExampleSelection;
  mode: PromptMode;
  /** Name of the chat template applied in chat mode (e.g. the model's own, as node-llama-cpp resolves it). */
  chatTemplate?: string;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** A rendered prompt: exactly one of `text` (completion) or `messages` (chat). */
export type RenderedPrompt = { mode: "completion"; text: string } | { mode: "chat"; messages: ChatMessage[] };

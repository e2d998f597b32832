import type { DefinitionVariant } from "../domain/prompt.js";

/** Run parameters the paper kit encodes in a results folder name. */
export interface KitRunParameters {
  company: string;
  /** The model's name as in the folder (Hugging Face repository name). */
  model: string;
  /** The kit's display name (its `beautified_model_names`), or the model name. */
  label: string;
  examples: number;
  withDefinition: boolean;
  explanations: boolean;
  definitionVariant: DefinitionVariant;
  doSample: boolean;
  topK?: number;
  topP?: number;
}

/** The kit's display names (const.py `beautified_model_names`), so imported runs line up with the paper's tables. */
const KIT_LABELS: Readonly<Record<string, string>> = {
  "gemma-2b": "Gemma-2B",
  "gemma-7b": "Gemma-7B",
  "Mistral-7B-v0.3": "Mistral-7B",
  "Meta-Llama-3-8B": "Llama-3-8B",
  "falcon-11B": "Falcon-2-11B",
  "gemma-2b-it": "Gemma-2B-I",
  "Phi-3-mini-128k-instruct": "Phi-3-mini-128k-I",
  "Mistral-7B-Instruct-v0.3": "Mistral-7B-I",
  "gemma-7b-it": "Gemma-7B-I",
  "Meta-Llama-3-8B-Instruct": "Llama-3-8B-I",
  "gpt-3.5-turbo": "GPT-3.5-T",
  "gpt-4o": "GPT-4o",
  "deepseek-v2": "DS-2",
};

/**
 * Parses a kit results folder name, e.g.
 * `pretrained--google--gemma-2b--positive_examples-8--add_definition-True--add_explanation-False--…--top_p-None`:
 * `--`-separated parts; the 2nd is the organisation, the 3rd the model, the rest `key-value` pairs.
 * Returns a description of what is wrong when the name does not follow that layout.
 */
export function parseKitFolderName(name: string): KitRunParameters | { error: string } {
  const parts = name.split("--");
  const company = parts[1];
  const model = parts[2];
  if (parts.length < 4 || !company || !model) {
    return {
      error:
        "expected <prefix>--<organisation>--<model>--positive_examples-<k>--add_definition-<True|False>…",
    };
  }
  const values = new Map<string, string>();
  for (const part of parts.slice(3)) {
    const dash = part.lastIndexOf("-");
    if (dash > 0) values.set(part.slice(0, dash), part.slice(dash + 1));
  }
  const examples = Number(values.get("positive_examples"));
  const definition = values.get("add_definition");
  if (!Number.isInteger(examples) || examples < 0)
    return { error: "positive_examples-<k> is missing or not a number" };
  if (definition !== "True" && definition !== "False")
    return { error: "add_definition-<True|False> is missing" };
  const flag = (key: string) => values.get(key) === "True";
  const number = (key: string) => {
    const value = Number(values.get(key));
    return values.get(key) === undefined || Number.isNaN(value) ? undefined : value;
  };
  return {
    company,
    model,
    label: KIT_LABELS[model] ?? model,
    examples,
    withDefinition: definition === "True",
    explanations: flag("add_explanation"),
    definitionVariant: flag("add_adversarial_definition")
      ? "adversarial"
      : flag("add_paraphrased_definition")
        ? "paraphrased"
        : "original",
    doSample: flag("do_sample"),
    topK: number("top_k"),
    topP: number("top_p"),
  };
}

import { z } from "zod";

/**
 * The experiment file as written (snake_case keys, as in the serve config). Every object is strict: a misspelt key
 * is an error naming it, never silently ignored. Semantic checks (style ids, model specs, files) follow in
 * load-experiment.ts, where they can name the field too.
 */
const names = z.array(z.string().min(1)).min(1);
const positiveInteger = z.number().int().positive();

const modelSchema = z.strictObject({
  spec: z.string().min(1),
  label: z.string().min(1).optional(),
  kind: z.enum(["pretrained", "instruction-tuned"]).optional(),
  parameters: z.number().positive().optional(),
  prompt_mode: z.enum(["completion", "chat"]).optional(),
  concurrency: positiveInteger.optional(),
  threads: positiveInteger.optional(),
  endpoints: z.array(z.string().min(1)).optional(),
  api_key_env: z.string().min(1).optional(),
});

/** `all`, a list of style ids, or the matrix examples × definition. */
const stylesSchema = z.union([
  z.literal("all"),
  names,
  z.strictObject({
    examples: z.array(z.number().int().min(0).max(64)).min(1),
    definition: z.array(z.boolean()).min(1),
  }),
]);

const decodingVariantSchema = z.strictObject({
  name: z.string().min(1),
  temperature: z.number().min(0).optional(),
  top_k: positiveInteger.optional(),
  top_p: z.number().gt(0).max(1).optional(),
  seeds: z.array(z.number().int().min(0)).min(1).optional(),
  styles: names.optional(),
});

const definitionVariantSchema = z.strictObject({
  variant: z.enum(["paraphrased", "adversarial"]),
  file: z.string().min(1),
  styles: names.optional(),
  decodings: names.optional(),
});

const dataSchema = z.strictObject({
  dir: z.string().min(1).optional(),
  split: z.string().min(1).optional(),
  split_set: z.string().min(1).optional(),
  tasks: names.optional(),
  task_types: names.optional(),
  domains: names.optional(),
  reasoning: names.optional(),
  instances_per_task: positiveInteger.optional(),
  all_languages: z.boolean().optional(),
  taxonomy: z.string().min(1).optional(),
});

export const experimentSchema = z.strictObject({
  name: z.string().optional(),
  store: z.string().min(1).optional(),
  seed: z.number().int().min(0).optional(),
  models: z.array(modelSchema).min(1),
  styles: stylesSchema.optional(),
  prompt: z
    .strictObject({
      explanations: z.boolean().optional(),
      examples: z.enum(["seeded", "first"]).optional(),
      fit_examples: z.boolean().optional(),
    })
    .optional(),
  decoding: z
    .strictObject({
      max_new_tokens: positiveInteger.optional(),
      variants: z.array(decodingVariantSchema).min(1).optional(),
    })
    .optional(),
  definition_variants: z.array(definitionVariantSchema).optional(),
  data: dataSchema.optional(),
  metrics: z
    .strictObject({
      names: names.optional(),
      bertscore_model: z.string().min(1).optional(),
      workers: positiveInteger.optional(),
    })
    .optional(),
  report: z
    .strictObject({
      out: z.string().min(1).optional(),
      metric: z.string().min(1).optional(),
      png: z.boolean().optional(),
      samples_per_entity: z.number().int().min(0).max(50).optional(),
    })
    .optional(),
});

export type ExperimentFile = z.infer<typeof experimentSchema>;

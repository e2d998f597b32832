import { createReadStream } from "node:fs";
import type { ScoringPair } from "./lexical.js";

/** A row of a pairs file: `{"id", "candidate", "references": [...]}` plus any other fields, kept as they are. */
export interface PairRow extends ScoringPair {
  id: string | number;
  [field: string]: unknown;
}

/** A pairs file line that is not a valid row; the message names the file, the line and the field. */
export class PairInputError extends Error {
  override readonly name = "PairInputError";
}

export interface NumberedLine {
  /** 1-based. */
  number: number;
  text: string;
  /** Bytes of the file read so far, for progress. */
  bytesRead: number;
}

/**
 * The lines of a file, read in chunks (constant memory whatever its size). Only `\n` ends a line (a trailing `\r` is
 * dropped), so U+2028 and other separators inside JSON strings stay in their line.
 */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 16 });
  let rest = "";
  let number = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    const pieces = (rest + chunk).split("\n");
    rest = pieces.pop() as string;
    for (const piece of pieces) {
      number++;
      yield { number, text: piece.endsWith("\r") ? piece.slice(0, -1) : piece, bytesRead: stream.bytesRead };
    }
  }
  if (rest !== "") yield { number: number + 1, text: rest, bytesRead: stream.bytesRead };
}

/** Parses and validates one line; throws PairInputError naming `file:line` and the offending field. */
export function parsePairRow(text: string, file: string, line: number): PairRow {
  const where = `${file}:${line}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PairInputError(`${where}: invalid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PairInputError(`${where}: expected a JSON object {"id", "candidate", "references"}`);
  }
  const row = value as Record<string, unknown>;
  if (!("id" in row)) throw new PairInputError(`${where}: missing field "id"`);
  if (typeof row.id !== "string" && typeof row.id !== "number") {
    throw new PairInputError(`${where}: field "id" must be a string or a number, got ${typeName(row.id)}`);
  }
  if (!("candidate" in row)) throw new PairInputError(`${where}: missing field "candidate"`);
  if (typeof row.candidate !== "string") {
    throw new PairInputError(`${where}: field "candidate" must be a string, got ${typeName(row.candidate)}`);
  }
  if (!("references" in row)) throw new PairInputError(`${where}: missing field "references"`);
  const references = row.references;
  if (!Array.isArray(references) || references.length === 0) {
    throw new PairInputError(
      `${where}: field "references" must be a non-empty array of strings, got ${typeName(references)}`,
    );
  }
  references.forEach((reference, index) => {
    if (typeof reference !== "string") {
      throw new PairInputError(
        `${where}: field "references[${index}]" must be a string, got ${typeName(reference)}`,
      );
    }
  });
  return row as PairRow;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  return typeof value;
}

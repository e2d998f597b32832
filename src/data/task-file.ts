import { isUtf8 } from "node:buffer";
import { UsageError } from "../cli/errors.js";
import type { Aspect, AspectValue, Example, Instance, Task, TaskMeta } from "../domain/index.js";
import { describeJsonSyntaxError, lineAndColumn } from "./json-syntax.js";

/** A task file that cannot be used: bad encoding, bad JSON, or a missing/mistyped field. Names file and task. */
export class InvalidTaskError extends UsageError {
  constructor(
    readonly task: string,
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: task "${task}": ${detail}`);
  }
}

/** SNI metadata field holding each aspect's values. */
export const ASPECT_FIELDS: Record<Aspect, string> = {
  "task-types": "Categories",
  domains: "Domains",
  reasoning: "Reasoning",
};

/** Decodes a task file's bytes as strict UTF-8; invalid bytes are reported with their line and column. */
export function decodeTaskBytes(bytes: Buffer, task: string, file: string): string {
  if (isUtf8(bytes)) {
    const text = bytes.toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  const offset = firstInvalidUtf8Offset(bytes);
  const before = bytes.subarray(0, offset).toString("utf8");
  const { line, column } = lineAndColumn(before, before.length);
  const byte = bytes[offset]?.toString(16).padStart(2, "0") ?? "??";
  throw new InvalidTaskError(
    task,
    file,
    `not valid UTF-8: byte 0x${byte} at line ${line}, column ${column} (byte offset ${offset}); save the file as UTF-8`,
  );
}

/** Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    // The native check decides what is well-formed (overlongs, surrogates); this loop only finds where.
    if (!isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

/** Parses a task file's text; syntax errors name the line and column. */
export function parseTaskJson(text: string, task: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidTaskError(task, file, describeJsonSyntaxError(text, error));
  }
}

export type Json = Record<string, unknown>;

/** Validates a parsed task file (instances included) and extracts what the metadata index keeps. */
export function taskMetaFrom(raw: unknown, task: string, file: string): TaskMeta {
  if (!isObject(raw)) {
    throw new InvalidTaskError(task, file, `the file must hold a JSON object (found ${kindOf(raw)})`);
  }
  const instanceCount = validateInstances(raw, (detail) => {
    throw new InvalidTaskError(task, file, detail);
  });
  return metaFromHeader(raw, instanceCount, task, file);
}

/**
 * Validates every field but `Instances` and extracts the metadata; the instance count comes from the caller
 * (a full parse, or the index's scan of the file).
 */
export function metaFromHeader(fields: Json, instanceCount: number, task: string, file: string): TaskMeta {
  const fail = (detail: string): never => {
    throw new InvalidTaskError(task, file, detail);
  };
  definitionFrom(fields, fail);
  const positive = examplesFrom(fields, "Positive Examples", fail);
  const negative = examplesFrom(fields, "Negative Examples", fail);
  const aspects = {
    "task-types": aspectValues(stringList(fields, ASPECT_FIELDS["task-types"], fail)),
    domains: aspectValues(stringList(fields, ASPECT_FIELDS.domains, fail)),
    reasoning: aspectValues(stringList(fields, ASPECT_FIELDS.reasoning, fail)),
  };
  return {
    name: task,
    file,
    aspects,
    inputLanguages: stringList(fields, "Input_language", fail),
    outputLanguages: stringList(fields, "Output_language", fail),
    instructionLanguages: stringList(fields, "Instruction_language", fail),
    positiveExampleCount: positive.length,
    negativeExampleCount: negative.length,
    instanceCount,
  };
}

/** The full task: metadata plus definition, examples and the first `instancesPerTask` instances in file order. */
export function taskFrom(raw: unknown, meta: TaskMeta, instancesPerTask: number): Task {
  const fail = (detail: string): never => {
    throw new InvalidTaskError(meta.name, meta.file, detail);
  };
  const fields = raw as Json;
  const instances = (fields.Instances as Json[]).slice(0, instancesPerTask).map(
    (item, index): Instance => ({
      id: typeof item.id === "string" ? item.id : `${meta.name}-${index}`,
      index,
      input: item.input as string,
      outputs: item.output as string[],
    }),
  );
  return {
    ...meta,
    definition: definitionFrom(fields, fail),
    positiveExamples: examplesFrom(fields, "Positive Examples", fail),
    negativeExamples: examplesFrom(fields, "Negative Examples", fail),
    instances,
  };
}

/** "Commonsense -> Concepts and Relations" → entity "Commonsense", path kept whole. */
export function aspectValues(paths: string[]): AspectValue[] {
  return paths.map((path) => ({ path, entity: path.split("->")[0]?.trim() ?? path }));
}

function definitionFrom(raw: Json, fail: (detail: string) => never): string {
  const value = raw.Definition;
  if (value === undefined)
    return fail(`required field "Definition" is missing (expected a string or a list of strings)`);
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((part) => typeof part === "string")) return value.join("\n");
  return fail(`field "Definition" must be a string or a list of strings (found ${kindOf(value)})`);
}

function examplesFrom(raw: Json, field: string, fail: (detail: string) => never): Example[] {
  const value = raw[field];
  if (!Array.isArray(value)) {
    return fail(
      value === undefined
        ? `required field "${field}" is missing (expected a list of {input, output, explanation})`
        : `field "${field}" must be a list (found ${kindOf(value)})`,
    );
  }
  return value.map((item, index) => {
    const where = `${field}[${index}]`;
    if (!isObject(item)) return fail(`field "${where}" must be an object (found ${kindOf(item)})`);
    if (typeof item.input !== "string") {
      return fail(`field "${where}.input" must be a string (found ${kindOf(item.input)})`);
    }
    // Some SNI versions store an example's output as a one-element list.
    const output =
      Array.isArray(item.output) && typeof item.output[0] === "string" ? item.output[0] : item.output;
    if (typeof output !== "string")
      return fail(`field "${where}.output" must be a string (found ${kindOf(item.output)})`);
    const example: Example = { input: item.input, output };
    if (typeof item.explanation === "string") example.explanation = item.explanation;
    return example;
  });
}

/** Checks every instance's shape once (so a later load cannot fail) and returns the count. */
function validateInstances(raw: Json, fail: (detail: string) => never): number {
  const value = raw.Instances;
  if (value === undefined)
    return fail(`required field "Instances" is missing (expected a list of {input, output})`);
  if (!Array.isArray(value)) return fail(`field "Instances" must be a list (found ${kindOf(value)})`);
  if (value.length === 0) return fail(`field "Instances" is empty: a task needs at least one instance`);
  for (let index = 0; index < value.length; index++) {
    const item = value[index];
    const where = `Instances[${index}]`;
    if (!isObject(item)) return fail(`field "${where}" must be an object (found ${kindOf(item)})`);
    if (typeof item.input !== "string") {
      return fail(`field "${where}.input" must be a string (found ${kindOf(item.input)})`);
    }
    const output: unknown[] | undefined = Array.isArray(item.output) ? item.output : undefined;
    const notText = output?.findIndex((text) => typeof text !== "string") ?? -1;
    if (output === undefined || output.length === 0 || notText !== -1) {
      const found =
        notText === -1 ? kindOf(item.output) : `${kindOf(output?.[notText])} at position ${notText}`;
      return fail(`field "${where}.output" must be a non-empty list of strings (found ${found})`);
    }
    if (item.id !== undefined && typeof item.id !== "string") {
      return fail(`field "${where}.id" must be a string when present (found ${kindOf(item.id)})`);
    }
  }
  return value.length;
}

function stringList(raw: Json, field: string, fail: (detail: string) => never): string[] {
  const value = raw[field];
  if (value === undefined) return fail(`required field "${field}" is missing (expected a list of strings)`);
  if (!Array.isArray(value))
    return fail(`field "${field}" must be a list of strings (found ${kindOf(value)})`);
  const position = value.findIndex((item) => typeof item !== "string");
  if (position !== -1) {
    return fail(
      `field "${field}" must be a list of strings (found ${kindOf(value[position])} at position ${position})`,
    );
  }
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

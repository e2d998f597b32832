import { isUtf8 } from "node:buffer";
import type { TaskMeta } from "../domain/index.js";
import { decodeTaskBytes, type Json, metaFromHeader, parseTaskJson, taskMetaFrom } from "./task-file.js";

/**
 * Task metadata without parsing the instances. Every top-level field except `Instances` is parsed and validated
 * as usual; the `Instances` array, nearly all of a task file, is walked instead: its grammar and each instance's
 * shape are checked while strings are skipped with the native Buffer.indexOf, and its instances are counted.
 * Anything unexpected (bad syntax, a missing field, empty Instances) falls back to a full parse, which reports the
 * problem precisely. Left to loading the task: escapes and control characters inside instance strings.
 */
export function scanTaskMeta(bytes: Buffer, task: string, file: string): TaskMeta {
  const scanned = scanTaskFields(bytes);
  if (scanned !== undefined) return metaFromHeader(scanned.fields, scanned.instanceCount, task, file);
  return taskMetaFrom(parseTaskJson(decodeTaskBytes(bytes, task, file), task, file), task, file);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** A reason to give up scanning and parse the file fully instead. */
class ScanMiss extends Error {}

export interface ScannedTask {
  /** Every top-level field except Instances, parsed. */
  fields: Json;
  instanceCount: number;
}

/** The scan alone: undefined whenever the file needs a full parse (invalid, or not shaped as expected). */
export function scanTaskFields(bytes: Buffer): ScannedTask | undefined {
  if (!isUtf8(bytes)) return undefined;
  try {
    const fields: Json = {};
    let instanceCount = -1;
    let pos = skipWhitespace(bytes, bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
    expect(bytes, pos++, OPEN_BRACE);
    pos = skipWhitespace(bytes, pos);
    if (bytes[pos] === CLOSE_BRACE) throw new ScanMiss();
    for (;;) {
      expect(bytes, pos, QUOTE);
      const keyEnd = stringEnd(bytes, pos);
      const key = JSON.parse(bytes.toString("utf8", pos, keyEnd)) as string;
      pos = skipWhitespace(bytes, keyEnd);
      expect(bytes, pos++, COLON);
      pos = skipWhitespace(bytes, pos);
      if (key === "Instances") {
        if (instanceCount !== -1) throw new ScanMiss();
        [pos, instanceCount] = scanInstances(bytes, pos);
      } else {
        const end = valueEnd(bytes, pos);
        fields[key] = JSON.parse(bytes.toString("utf8", pos, end));
        pos = end;
      }
      pos = skipWhitespace(bytes, pos);
      if (bytes[pos] === CLOSE_BRACE) break;
      expect(bytes, pos++, COMMA);
      pos = skipWhitespace(bytes, pos);
    }
    if (skipWhitespace(bytes, pos + 1) !== bytes.length) throw new ScanMiss();
    return instanceCount > 0 ? { fields, instanceCount } : undefined;
  } catch (error) {
    if (error instanceof ScanMiss || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/**
 * Walks the Instances array starting at `pos`, checking each instance's shape as the full validation does
 * (`input` a string, `output` a non-empty list of strings, `id` a string when present); returns the position
 * after the array and the number of instances.
 */
function scanInstances(bytes: Buffer, start: number): [number, number] {
  expect(bytes, start, OPEN_BRACKET);
  let count = 0;
  let pos = skipWhitespace(bytes, start + 1);
  if (bytes[pos] === CLOSE_BRACKET) return [pos + 1, 0];
  for (;;) {
    pos = skipWhitespace(bytes, scanInstance(bytes, pos));
    count++;
    if (bytes[pos] === CLOSE_BRACKET) return [pos + 1, count];
    expect(bytes, pos++, COMMA);
    pos = skipWhitespace(bytes, pos);
  }
}

const INPUT_KEY = [...'"input"'].map((char) => char.charCodeAt(0));
const OUTPUT_KEY = [...'"output"'].map((char) => char.charCodeAt(0));
const ID_KEY = [...'"id"'].map((char) => char.charCodeAt(0));

/** Whether bytes[start, end) are exactly `expected` (compared in JS: keys are short, a native call is not). */
function sameBytes(bytes: Buffer, start: number, end: number, expected: number[]): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}

function scanInstance(bytes: Buffer, start: number): number {
  expect(bytes, start, OPEN_BRACE);
  let pos = skipWhitespace(bytes, start + 1);
  let hasInput = false;
  let hasOutput = false;
  if (bytes[pos] === CLOSE_BRACE) throw new ScanMiss();
  for (;;) {
    expect(bytes, pos, QUOTE);
    const keyEnd = stringEnd(bytes, pos);
    const keyStart = pos;
    pos = skipWhitespace(bytes, keyEnd);
    expect(bytes, pos++, COLON);
    pos = skipWhitespace(bytes, pos);
    const isInput = sameBytes(bytes, keyStart, keyEnd, INPUT_KEY);
    if (isInput || sameBytes(bytes, keyStart, keyEnd, ID_KEY)) {
      expect(bytes, pos, QUOTE);
      hasInput ||= isInput;
      pos = stringEnd(bytes, pos);
    } else if (sameBytes(bytes, keyStart, keyEnd, OUTPUT_KEY)) {
      pos = scanStringList(bytes, pos);
      hasOutput = true;
    } else {
      pos = valueEnd(bytes, pos);
    }
    pos = skipWhitespace(bytes, pos);
    if (bytes[pos] === CLOSE_BRACE) break;
    expect(bytes, pos++, COMMA);
    pos = skipWhitespace(bytes, pos);
  }
  if (!hasInput || !hasOutput) throw new ScanMiss();
  return pos + 1;
}

/** A non-empty list of strings. */
function scanStringList(bytes: Buffer, start: number): number {
  expect(bytes, start, OPEN_BRACKET);
  let pos = skipWhitespace(bytes, start + 1);
  for (;;) {
    expect(bytes, pos, QUOTE);
    pos = skipWhitespace(bytes, stringEnd(bytes, pos));
    if (bytes[pos] === CLOSE_BRACKET) return pos + 1;
    expect(bytes, pos++, COMMA);
    pos = skipWhitespace(bytes, pos);
  }
}

/**
 * End of the JSON value starting at `pos`, checking the grammar between strings. Strings are skipped natively
 * (their escapes are checked when the task is loaded); scalars must look like JSON scalars.
 */
function valueEnd(bytes: Buffer, start: number): number {
  const first = bytes[start];
  if (first === QUOTE) return stringEnd(bytes, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    const close = first === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    let pos = skipWhitespace(bytes, start + 1);
    if (bytes[pos] === close) return pos + 1;
    for (;;) {
      if (first === OPEN_BRACE) {
        expect(bytes, pos, QUOTE);
        pos = skipWhitespace(bytes, stringEnd(bytes, pos));
        expect(bytes, pos++, COLON);
        pos = skipWhitespace(bytes, pos);
      }
      pos = skipWhitespace(bytes, valueEnd(bytes, pos));
      if (bytes[pos] === close) return pos + 1;
      expect(bytes, pos++, COMMA);
      pos = skipWhitespace(bytes, pos);
    }
  }
  let end = start;
  while (end < bytes.length && !isDelimiter(bytes[end] as number)) end++;
  if (!SCALAR.test(bytes.toString("latin1", start, end))) throw new ScanMiss();
  return end;
}

const SCALAR = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;

/** Position after the closing quote of the string whose opening quote is at `pos`. */
function stringEnd(bytes: Buffer, pos: number): number {
  let quote = bytes.indexOf(QUOTE, pos + 1);
  for (;;) {
    if (quote === -1) throw new ScanMiss();
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = bytes.indexOf(QUOTE, quote + 1);
  }
}

function skipWhitespace(bytes: Buffer, pos: number): number {
  for (;;) {
    const byte = bytes[pos];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return pos;
    pos++;
  }
}

function isDelimiter(byte: number): boolean {
  return byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte <= 0x20;
}

function expect(bytes: Buffer, pos: number, byte: number): void {
  if (bytes[pos] !== byte) throw new ScanMiss();
}

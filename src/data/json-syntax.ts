/**
 * Locating JSON syntax errors. V8's JSON.parse messages give a character position only for some errors and never
 * a line and column, so on the error path the text is re-scanned by a small strict JSON grammar walker.
 */

export interface JsonSyntaxProblem {
  /** 0-based character offset of the first character that cannot be valid JSON. */
  offset: number;
  line: number;
  column: number;
  expected: string;
}

/** Finds the first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const walker = new JsonWalker(text);
  try {
    walker.skipWhitespace();
    walker.value();
    walker.skipWhitespace();
    if (walker.pos < text.length) walker.fail("end of input");
    return undefined;
  } catch (error) {
    if (!(error instanceof WalkError)) throw error;
    return { offset: error.offset, ...lineAndColumn(text, error.offset), expected: error.expected };
  }
}

/** A readable description of why JSON.parse rejected `text`: what was expected, at which line and column. */
export function describeJsonSyntaxError(text: string, parseError: unknown): string {
  const problem = findJsonSyntaxError(text);
  if (problem === undefined) return `invalid JSON (${(parseError as Error).message})`;
  const found =
    problem.offset < text.length
      ? JSON.stringify(text.slice(problem.offset, problem.offset + 12))
      : "end of file";
  return `invalid JSON at line ${problem.line}, column ${problem.column}: expected ${problem.expected}, found ${found}`;
}

/** 1-based line and column (in characters) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

class WalkError extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(`expected ${expected} at ${offset}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class JsonWalker {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(expected: string): never {
    throw new WalkError(this.pos, expected);
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos] as string)) this.pos++;
  }

  value(): void {
    const char = this.text[this.pos];
    if (char === "{") {
      this.object();
      return;
    }
    if (char === "[") {
      this.array();
      return;
    }
    if (char === '"') {
      this.string();
      return;
    }
    for (const literal of ["true", "false", "null"]) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = this.pos;
    if (NUMBER.test(this.text)) {
      this.pos = NUMBER.lastIndex;
      return;
    }
    this.fail("a value (object, array, string, number, true, false or null)");
  }

  private object(): void {
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail("a double-quoted property name");
      this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ":") this.fail("':' after the property name");
      this.pos++;
      this.skipWhitespace();
      this.value();
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === "}") {
        this.pos++;
        return;
      }
      if (next !== ",") this.fail("',' or '}' after a property value");
      this.pos++;
      this.skipWhitespace();
    }
  }

  private array(): void {
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === "]") {
        this.pos++;
        return;
      }
      if (next !== ",") this.fail("',' or ']' after an array element");
      this.pos++;
      this.skipWhitespace();
    }
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const char = this.text[this.pos];
      if (char === undefined) this.fail("a closing '\"'");
      if (char === '"') {
        this.pos++;
        return;
      }
      if (char === "\\") {
        ESCAPE.lastIndex = this.pos;
        if (!ESCAPE.test(this.text)) this.fail("a valid escape sequence");
        this.pos = ESCAPE.lastIndex;
      } else if (char < " ") {
        this.fail("no raw control character inside a string (write it escaped, e.g. \\n)");
      } else {
        this.pos++;
      }
    }
  }
}

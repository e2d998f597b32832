/**
 * Python `str` / `re` character semantics as JavaScript regex source, so ports of Python text processing split and
 * match exactly where Python does. All sources are meant for regexes with the `u` flag.
 */

/** Python `\w` on `str`: `isalnum()` or `_`. JS `\w` is ASCII-only even with `u`. */
export const PY_WORD = "[\\p{L}\\p{N}_]";

/** Python `\d` on `str`: any Unicode decimal digit. */
export const PY_DIGIT = "\\p{Nd}";

/**
 * Characters for which Python `str.isspace()` is true: Python `\s` and `str.split()` use this set.
 * Unlike JS `\s` it contains U+001C–U+001F and U+0085 and lacks U+FEFF.
 */
export const PY_SPACE_CHARS =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

export const PY_SPACE = `[${PY_SPACE_CHARS}]`;

/** Python `$` without MULTILINE: the end of the string, or just before a final `\n`. */
export const PY_END = "(?=\\n?$)";

const pythonWhitespaceRun = new RegExp(`${PY_SPACE}+`, "u");

/** Python `str.split()` with no argument: split on runs of whitespace, no empty strings. */
export function pythonSplit(text: string): string[] {
  const parts = text.split(pythonWhitespaceRun);
  if (parts.length > 0 && parts[0] === "") parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Python `str.lower()`. JS `toLowerCase()` applies the same full Unicode mapping, final sigma included. */
export function pythonLower(text: string): string {
  return text.toLowerCase();
}

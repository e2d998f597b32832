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
const PY_SPACE_CHARS =
  "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

export const PY_SPACE = `[${PY_SPACE_CHARS}]`;

/** Python `$` without MULTILINE: the end of the string, or just before a final `\n`. */
export const PY_END = "(?=\\n?$)";

/** `str.isspace()` for one UTF-16 code unit (every Python whitespace character is in the BMP). */
function isPythonSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Whitespace other than the plain space. */
const OTHER_WHITESPACE = new RegExp(`[${PY_SPACE_CHARS.replace(" ", "")}]`, "u");

/** Python `str.split()` with no argument: split on runs of whitespace, no empty strings. */
export function pythonSplit(text: string): string[] {
  if (!OTHER_WHITESPACE.test(text)) {
    // Only plain spaces separate: the native split is much faster than scanning code units.
    const pieces = text.split(" ");
    const parts: string[] = [];
    for (const piece of pieces) if (piece !== "") parts.push(piece);
    return parts;
  }
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isPythonSpace(text.charCodeAt(i))) {
      if (start >= 0) {
        parts.push(text.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) parts.push(text.slice(start));
  return parts;
}

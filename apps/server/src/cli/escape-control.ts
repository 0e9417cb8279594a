/**
 * Text from the input (object names, messages, file names) printed to a terminal: control
 * characters shown as escapes (`\x1b`, `\x07`, `\x9b`), so that a name cannot move the cursor,
 * retitle or clear the terminal, or forge lines of output; bidirectional overrides and line
 * separators as `\u202e`, so that it cannot show itself or the rest of a line reordered.
 */

/** C0 controls (tab and line breaks included), DEL, and C1 controls (U+0080 to U+009F). */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/**
 * Characters that change how a terminal lays out the rest of a line without being controls:
 * bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A to
 * U+202E, U+2066 to U+2069), which can show a name reversed or text out of its place, and the line
 * and paragraph separators U+2028 and U+2029, which some terminals break lines at.
 */
function isLayoutFormat(code: number): boolean {
  return (
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

export function escapeControl(text: string): string {
  let out: string | undefined;
  let copied = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    const escape = isControl(code)
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : isLayoutFormat(code)
        ? `\\u${code.toString(16).padStart(4, '0')}`
        : undefined;
    if (escape === undefined) continue;
    out = `${out ?? ''}${text.slice(copied, at)}${escape}`;
    copied = at + 1;
  }
  return out === undefined ? text : out + text.slice(copied);
}

/**
 * Text from the input (object names, messages, file names) printed to a terminal: control
 * characters shown as escapes (`\x1b`, `\x07`, `\x9b`), so that a name cannot move the cursor,
 * retitle or clear the terminal, or forge lines of output.
 */

/** C0 controls (tab and line breaks included), DEL, and C1 controls (U+0080 to U+009F). */
export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

export function escapeControl(text: string): string {
  let out: string | undefined;
  let copied = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (!isControl(code)) continue;
    out = `${out ?? ''}${text.slice(copied, at)}\\x${code.toString(16).padStart(2, '0')}`;
    copied = at + 1;
  }
  return out === undefined ? text : out + text.slice(copied);
}

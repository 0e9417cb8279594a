/** Lines of manifest text, counted as YAML counts them. */
import { NEWLINE, RETURN } from './char-codes.ts';

/**
 * Line breaks other than LF and CRLF: a lone CR, or U+2028/9 (JavaScript's, not YAML's). Text cut
 * into lines at LF would see lines YAML does not, or miss some it does: such text is read whole.
 */
export const LINE_BREAK_OUTSIDE_LF = /\r(?!\n)|[\u2028\u2029]/;

/** The line of `offset`, counting line breaks as YAML does: LF, CRLF and a lone CR. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (breaksLine(text, index)) line++;
  return line;
}

export function breaksLine(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code === NEWLINE || (code === RETURN && text.charCodeAt(index + 1) !== NEWLINE);
}

/** True at the end of a line or of the text (charCodeAt past the end is NaN). */
export function endsLine(code: number): boolean {
  return Number.isNaN(code) || code === NEWLINE || code === RETURN;
}

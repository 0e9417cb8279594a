/** Text whose collections nest deeper than the parsers are given, told before it is parsed. */
import { MAX_NESTING } from '@gatemap/topology';
import {
  APOSTROPHE,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  DASH,
  HASH,
  NEWLINE,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  RETURN,
  SPACE,
  TAB,
} from './char-codes.ts';
import { closingQuote } from './read-json.ts';

/** True at characters after which a YAML flow collection may start. */
function startsToken(code: number): boolean {
  return (
    Number.isNaN(code) ||
    code === SPACE ||
    code === TAB ||
    code === NEWLINE ||
    code === RETURN ||
    code === COLON ||
    code === DASH ||
    code === COMMA ||
    code === OPEN_ARRAY ||
    code === OPEN_OBJECT
  );
}

/**
 * True when flow collections (`[…]`, `{…}`) in YAML or JSON text nest deeper than `MAX_NESTING`:
 * the full parser recurses once per level, and takes seconds and a gigabyte on a megabyte of
 * brackets before it overflows. Brackets count where they are structure: inside a flow
 * collection, or where a token starts; quoted scalars and comments are passed over. O(text).
 */
export function nestsTooDeep(text: string): boolean {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    const before = text.charCodeAt(at - 1);
    const token = startsToken(before);
    if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if ((depth > 0 || token) && ++depth > MAX_NESTING) return true;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      if (depth > 0) depth--;
    } else if (code === QUOTE && token) {
      at = closingQuote(text, at + 1);
    } else if (code === APOSTROPHE && token) {
      // `''` is a quote inside the scalar; a lone one closes it.
      for (at++; at < text.length; at++)
        if (text.charCodeAt(at) === APOSTROPHE && text.charCodeAt(++at) !== APOSTROPHE) break;
      at--;
    } else if (
      code === HASH &&
      (Number.isNaN(before) || before === SPACE || before === TAB || before === NEWLINE)
    ) {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end;
    }
  }
  return false;
}

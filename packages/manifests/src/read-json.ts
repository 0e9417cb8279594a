/**
 * JSON read without handing object keys to V8's JSON.parse, for text whose keys hold escape
 * sequences: V8 (Node 24 and 26) can decode such a key wrongly once an earlier parse has left an
 * escaped key in its key cache (nodejs/node#63785, open). Kubernetes allows no escapes in names,
 * labels or annotations, but `managedFields` keys hold escaped quotes (`"k:{\"type\":\"Ready\"}"`).
 *
 * Accepts exactly what JSON.parse accepts and gives the same value: strings are decoded by
 * JSON.parse as values (which it reads right), numbers by `Number`, and every object is a plain
 * object whose keys keep their first position and their last value. O(text); recursive, to
 * `MAX_NESTING` levels: deeper text is refused with a SyntaxError, never a stack overflow.
 */
import { MAX_NESTING } from '@gatemap/topology';
import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  NEWLINE,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  RETURN,
  SPACE,
  TAB,
} from './char-codes.ts';

/** A JSON number, from where it starts (sticky: matched at `lastIndex` only). */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The value of JSON text, as JSON.parse gives it, but read by `readJson` where an object key holds
 * an escape sequence; throws a SyntaxError where JSON.parse would.
 */
export function parseJsonText(text: string): unknown {
  return hasEscapedKey(text) ? readJson(text) : JSON.parse(text);
}

/**
 * Whether an object key of JSON text holds an escape sequence (`"a\"b": …`). A backslash occurs
 * only inside a string: from each, the string's closing quote is found, and a colon after it
 * makes that string a key. Text without a backslash costs one indexOf. O(text).
 */
function hasEscapedKey(text: string): boolean {
  for (let at = text.indexOf('\\'); at >= 0;) {
    const next = skipSpace(text, closingQuote(text, at) + 1);
    if (text.charCodeAt(next) === COLON) return true;
    at = text.indexOf('\\', next);
  }
  return false;
}

/**
 * The closing quote of a string whose content starts at `from` (or at an escape within it):
 * the first quote after an even number of backslashes; the end of the text if there is none.
 */
export function closingQuote(text: string, from: number): number {
  for (let at = from; ;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let before = quote - 1; before >= from && text.charCodeAt(before) === BACKSLASH; before--)
      backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

/** The first position from `at` that is not JSON whitespace. */
function skipSpace(text: string, at: number): number {
  for (let code = text.charCodeAt(at); code === SPACE || code === NEWLINE || code === RETURN || code === TAB;)
    code = text.charCodeAt(++at);
  return at;
}

/** The value of JSON text; throws a SyntaxError where JSON.parse would. */
export function readJson(text: string): unknown {
  const reader = new JsonReader(text);
  const value = reader.value();
  reader.skipSpace();
  if (reader.at < text.length) reader.fail();
  return value;
}

class JsonReader {
  at = 0;
  /** Objects and arrays open at `at`. */
  private depth = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  fail(): never {
    throw new SyntaxError(`Unexpected token in JSON at position ${this.at}`);
  }

  skipSpace(): void {
    this.at = skipSpace(this.text, this.at);
  }

  /** After an entry of an object or array: true at its closing `close`, past a comma otherwise. */
  private closes(close: number): boolean {
    this.skipSpace();
    const next = this.text.charCodeAt(this.at);
    if (next !== close && next !== COMMA) this.fail();
    this.at++;
    return next === close;
  }

  value(): unknown {
    this.skipSpace();
    const text = this.text;
    switch (text.charCodeAt(this.at)) {
      case QUOTE:
        return this.string();
      case OPEN_OBJECT:
      case OPEN_ARRAY: {
        if (++this.depth > MAX_NESTING)
          throw new SyntaxError(`JSON nested deeper than ${MAX_NESTING} levels at position ${this.at}`);
        const value = text.charCodeAt(this.at) === OPEN_OBJECT ? this.object() : this.array();
        this.depth--;
        return value;
      }
    }
    for (const [word, value] of LITERALS)
      if (text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(text);
    if (number === null) return this.fail();
    this.at += number[0].length;
    return Number(number[0]);
  }

  /** A string at the current quote: its escapes decoded by JSON.parse, as a value. */
  string(): string {
    const text = this.text;
    const start = this.at;
    let escaped = false;
    let end = start + 1;
    for (; ; end++) {
      const code = text.charCodeAt(end);
      if (code === QUOTE) break;
      if (code === BACKSLASH) {
        escaped = true;
        end++;
      } else if (!(code >= 32)) this.fail(); // a control character, or the end of the text
    }
    this.at = end + 1;
    return escaped ? (JSON.parse(text.slice(start, end + 1)) as string) : text.slice(start + 1, end);
  }

  object(): Record<string, unknown> {
    const text = this.text;
    const object: Record<string, unknown> = {};
    this.at++;
    this.skipSpace();
    if (text.charCodeAt(this.at) === CLOSE_OBJECT) {
      this.at++;
      return object;
    }
    for (;;) {
      this.skipSpace();
      if (text.charCodeAt(this.at) !== QUOTE) this.fail();
      const key = this.string();
      this.skipSpace();
      if (text.charCodeAt(this.at) !== COLON) this.fail();
      this.at++;
      const value = this.value();
      // An own property, as JSON.parse makes it: assigning `__proto__` would set the prototype.
      if (key === '__proto__')
        Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      else object[key] = value;
      if (this.closes(CLOSE_OBJECT)) return object;
    }
  }

  array(): unknown[] {
    const text = this.text;
    const array: unknown[] = [];
    this.at++;
    this.skipSpace();
    if (text.charCodeAt(this.at) === CLOSE_ARRAY) {
      this.at++;
      return array;
    }
    for (;;) {
      array.push(this.value());
      if (this.closes(CLOSE_ARRAY)) return array;
    }
  }
}

const LITERALS: readonly (readonly [string, unknown])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

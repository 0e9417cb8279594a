/**
 * JSON read without handing object keys to V8's JSON.parse, for text whose keys hold escape
 * sequences: V8 (Node 24 and 26) can decode such a key wrongly once an earlier parse has left an
 * escaped key in its key cache (nodejs/node#63785, open). Kubernetes allows no escapes in names,
 * labels or annotations, but `managedFields` keys hold escaped quotes (`"k:{\"type\":\"Ready\"}"`).
 *
 * Accepts exactly what JSON.parse accepts and gives the same value: strings are decoded by
 * JSON.parse as values (which it reads right), numbers by `Number`, and every object is a plain
 * object whose keys keep their first position and their last value. O(text); recursive, so
 * nesting is bounded by the stack (Kubernetes objects are shallow).
 */

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COLON = 58;
const COMMA = 44;
/** A JSON number, from where it starts (sticky: matched at `lastIndex` only). */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

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
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  fail(): never {
    throw new SyntaxError(`Unexpected token in JSON at position ${this.at}`);
  }

  skipSpace(): void {
    const text = this.text;
    let at = this.at;
    for (let code = text.charCodeAt(at); code === 32 || code === 10 || code === 13 || code === 9;)
      code = text.charCodeAt(++at);
    this.at = at;
  }

  value(): unknown {
    this.skipSpace();
    const text = this.text;
    switch (text.charCodeAt(this.at)) {
      case QUOTE:
        return this.string();
      case OPEN_OBJECT:
        return this.object();
      case OPEN_ARRAY:
        return this.array();
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
      this.skipSpace();
      const next = text.charCodeAt(this.at++);
      if (next === CLOSE_OBJECT) return object;
      if (next !== COMMA) {
        this.at--;
        this.fail();
      }
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
      this.skipSpace();
      const next = text.charCodeAt(this.at++);
      if (next === CLOSE_ARRAY) return array;
      if (next !== COMMA) {
        this.at--;
        this.fail();
      }
    }
  }
}

const LITERALS: readonly (readonly [string, unknown])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

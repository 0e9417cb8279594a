/**
 * YAML read by js-yaml, an order of magnitude faster than the full parser, where nothing could read
 * differently: every line of the text is checked to be of a shape both readers take alike
 * (`quickSafe`), and anything else is left to the full parser, which stays the reference.
 */
import { isPlainObject } from '@gatemap/topology';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { APOSTROPHE, BACKSLASH, COLON, QUOTE, SPACE, TAB } from './char-codes.ts';
import { isList } from './reading.ts';

const JS_YAML_OPTIONS = { schema: CORE_SCHEMA, json: true } as const;

// The lines js-yaml (YAML 1.2 core schema, as the full parser) reads as the full parser does,
// checked one by one: what kubectl writes, and nothing on which the two are known to differ
// (null or collection keys, tags, anchors and aliases, numbers that overflow or are spelled in
// binary, hex, octal, with a sign or a leading dot, quoted scalars or flow collections over
// several lines, keys over 1024 characters, tabs, comments stuck to a token).
const SAFE_INT = /^(?:0|-?[1-9]\d{0,14})$/;
// The two patterns with a repeated group are tried only on scalars this short: V8's regular
// expressions recurse once per repetition of a group and overflow the stack on megabytes. A
// longer scalar is left to the full parser.
const SHORT_SCALAR = 256;
const DOTTED_NUMBERS = /^\d+(?:\.\d+){2,}(?:\/\d+)?$/;
/** Object uids and the like: hex digits in dashed groups, text to both readers. */
const DASHED_HEX = /^[0-9][0-9a-fA-F]*(?:-[0-9a-fA-F]+)+$/;
/** Dates and times, text to both readers (the core schema has no timestamps). */
const TIMESTAMP = /^\d{4}-\d\d-\d\d(?:[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[-+]\d\d:\d\d)?)?$/;
const PLAIN_KEY = /^(?:[A-Za-z_][-A-Za-z0-9_./]{0,252}|0|[1-9]\d{0,14})$/;
const SPECIAL_KEY = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
const PLAIN_VALUE = /^[A-Za-z_/(][^\t]*$/;
const BLOCK_HEADER = /^[|>][-+]?$/;

/** Escapes both readers decode alike in a double-quoted scalar: `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`. */
const SIMPLE_ESCAPES: ReadonlySet<number> = new Set([...'"\\/bfnrt'].map((char) => char.charCodeAt(0)));

/**
 * The end (past the closing quote) of the quoted scalar that `content` starts with, or -1: where
 * it does not close on this line, holds a tab, or (double-quoted) an escape other than the simple
 * ones. A loop, not a pattern: a pattern with an alternation under `*` recurses per character in
 * V8 and overflows the stack on a scalar of a few megabytes.
 */
function quotedEnd(content: string): number {
  const quote = content.charCodeAt(0);
  if (quote !== QUOTE && quote !== APOSTROPHE) return -1;
  for (let at = 1; at < content.length; at++) {
    const code = content.charCodeAt(at);
    if (code === TAB) return -1;
    if (quote === QUOTE) {
      if (code === QUOTE) return at + 1;
      if (code === BACKSLASH) {
        if (!SIMPLE_ESCAPES.has(content.charCodeAt(at + 1))) return -1;
        at++;
      }
    } else if (code === APOSTROPHE) {
      // `''` is a quote inside the scalar; a lone one closes it.
      if (content.charCodeAt(at + 1) !== APOSTROPHE) return at + 1;
      at++;
    }
  }
  return -1;
}

/** A scalar written on one line that both readers take alike. */
function safeScalar(value: string): boolean {
  if (quotedEnd(value) === value.length) return true;
  if (value === '{}' || value === '[]') return true;
  if (SAFE_INT.test(value) || TIMESTAMP.test(value)) return true;
  if (value.length <= SHORT_SCALAR && (DOTTED_NUMBERS.test(value) || DASHED_HEX.test(value))) return true;
  return PLAIN_VALUE.test(value) && !value.includes(' #') && !value.includes(': ') && !/[: ]$/.test(value);
}

/** The key of a `key: …` line, or undefined: plain keys of names and labels, or quoted on one line. */
function keyEnd(content: string): number | undefined {
  if (content.startsWith('"') || content.startsWith("'")) {
    const end = quotedEnd(content);
    return end > 0 && content.charCodeAt(end) === COLON ? end : undefined;
  }
  const colon = content.indexOf(':');
  if (colon <= 0) return undefined;
  const key = content.slice(0, colon);
  return PLAIN_KEY.test(key) && !SPECIAL_KEY.test(key) ? colon : undefined;
}

/**
 * True when every line of a slice of List entries is of a shape both readers take alike, each
 * entry's item starting on its `- ` line: `- ` entries, `key:` and `key: scalar` lines, block
 * scalars (whose bodies are read as they are), comments and blank lines.
 */
function quickSafe(slice: string): boolean {
  let blockBody = -1;
  for (const raw of slice.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let indent = 0;
    while (line.charCodeAt(indent) === SPACE) indent++;
    if (indent === line.length) continue;
    if (blockBody >= 0) {
      if (indent > blockBody) continue;
      blockBody = -1;
    }
    let content = line.slice(indent);
    if (content.startsWith('#')) continue;
    let column = indent;
    let entry = false;
    while (content.startsWith('- ')) {
      let at = 2;
      while (content.charCodeAt(at) === SPACE) at++;
      column += at;
      content = content.slice(at);
      entry = true;
    }
    if (content === '' || content === '-' || content.includes('\t')) return false;
    const end = keyEnd(content);
    if (end === undefined) {
      // A scalar alone on its line is an item of a sequence, or the continuation of something.
      if (!entry || !safeScalar(content)) return false;
      continue;
    }
    const rest = content.slice(end + 1);
    if (rest === '') continue;
    if (!rest.startsWith(' ')) return false;
    const value = rest.trimStart();
    if (value === '' || value.startsWith('#')) return false;
    if (BLOCK_HEADER.test(value)) blockBody = column;
    else if (!safeScalar(value)) return false;
  }
  return true;
}

/**
 * The items of a slice of List entries read by js-yaml, many times faster than the full parser,
 * which stays the reference: undefined (read it with the full parser) unless `quickSafe` says
 * the two read it alike.
 */
export function quickItems(slice: string, count: number): unknown[] | undefined {
  const items = quickLoad(slice);
  return items && Array.isArray(items.value) && items.value.length === count ? items.value : undefined;
}

/** Text read by js-yaml when `quickSafe` says both readers take it alike; undefined otherwise. */
function quickLoad(text: string): { readonly value: unknown } | undefined {
  if (!quickSafe(text)) return undefined;
  try {
    return { value: loadYaml(text, JS_YAML_OPTIONS) };
  } catch {
    return undefined;
  }
}

/**
 * One document read by js-yaml: its value and the index of its first line of content, null for
 * a document without content, undefined when the full parser must read it (a line of a shape the
 * readers might take differently, or anything but one object that is not a List).
 */
export function quickDocument(chunk: string): { value: unknown; line: number } | null | undefined {
  const loaded = quickLoad(chunk);
  if (loaded === undefined) return undefined;
  const value = loaded.value;
  const lines = chunk.split('\n');
  const content = lines.findIndex((raw) => {
    const text = raw.trim();
    return text !== '' && !text.startsWith('#');
  });
  // Nothing but comments and blank lines: no document. (A `null` written out is left to the
  // full parser.)
  if (value === undefined || value === null) return content < 0 ? null : undefined;
  if (!isPlainObject(value) || isList(value)) return undefined;
  return content < 0 ? undefined : { value, line: content };
}

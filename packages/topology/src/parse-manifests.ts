/**
 * Parses manifest text: multi-document YAML, JSON, and `kind: List` (items are flattened).
 * A document that does not parse is reported with its file and line and skipped; every other
 * document is still returned.
 *
 * Text that is one JSON value (what `kubectl get -o json` writes) is read by JSON.parse, with the
 * line of each List item found by one scan of the text: O(text), where the YAML parser needs
 * several times the time and memory. Anything else, and JSON that does not parse, goes to the
 * YAML parser, which reports errors by line. JSON with an escape sequence in an object key, which
 * V8's JSON.parse may decode wrongly, is read by gatemap's own reader (see `parseJsonText`).
 *
 * YAML is read a document at a time, and the items of a block-style List (what
 * `kubectl get -o yaml` writes) a slice at a time, so that the parser's syntax tree, several times
 * the size of the text, never exists for all of a large dump at once. A List that cannot be cut
 * that way (anchors across items, directives, anything that does not parse) is read whole. A
 * stream of documents (what `helm template` writes) is cut at its `---` lines. A slice or
 * document in which nothing could read differently goes to js-yaml, an order of magnitude faster;
 * the full parser (`yaml`) remains the reference, and the tests hold the two to the same result.
 *
 * A document over the size limit (`InputLimits.maxDocumentSize`) is reported and skipped before it
 * is parsed, wherever its text can be cut from the rest (a document of a stream, an item of a
 * block-style List); read whole, it is skipped once its size is known, before it becomes
 * objects. No pattern here backtracks or recurses as deep as the input is long: scalars of any
 * length are scanned by loops, or tried against a pattern only when short. The reading never
 * throws: whatever fails is an error of the file.
 */
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { Composer, isMap, isScalar, isSeq, LineCounter, Parser, visit, type Document, type Node } from 'yaml';
import {
  APOSTROPHE,
  BACKSLASH,
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
import { DEFAULT_INPUT_LIMITS, MAX_NESTING } from './limits.ts';
import { closingQuote, parseJsonText } from './read-json.ts';
import { isPlainObject } from './schema.ts';

/** Where a document came from: file (or `-` for stdin) and 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

export interface ManifestDocument {
  readonly source: SourceLocation;
  readonly value: unknown;
}

export interface ManifestError {
  readonly source: SourceLocation;
  readonly column?: number;
  /** What the parser said; empty for a document skipped for its size. */
  readonly message: string;
  /** Set for a document skipped for its size: its size and the limit, in characters. */
  readonly tooLarge?: { readonly size: number; readonly limit: number };
  /** Set for text skipped for nesting deeper than `limit` levels (`MAX_NESTING`). */
  readonly tooDeep?: { readonly limit: number };
}

export interface ParsedManifests {
  readonly documents: readonly ManifestDocument[];
  readonly errors: readonly ManifestError[];
}

const MAX_ALIAS_COUNT = 1000;

/** About how much text of List items the YAML parser gets at a time. */
const LIST_SLICE_CHARS = 1 << 18;

export interface ParseOptions {
  /** About how much text of List items the YAML parser gets at a time (tests make it small). */
  readonly sliceChars?: number;
  /** Largest document read, in characters (`InputLimits.maxDocumentSize`). */
  readonly maxDocumentSize?: number;
}

/** What every reader of one text needs to know. */
interface Reading {
  readonly file: string;
  readonly sliceChars: number;
  readonly maxDocumentSize: number;
}

export function parseManifests(text: string, file: string, options: ParseOptions = {}): ParsedManifests {
  const steps = parseManifestSteps(text, file, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `parseManifests` in steps: the generator yields between documents (and slices of a List), so
 * that a caller reading a large file can let other work run between steps; its return value is
 * what `parseManifests` returns. One JSON value is parsed in one step.
 */
export function* parseManifestSteps(
  text: string,
  file: string,
  options: ParseOptions = {},
): Generator<void, ParsedManifests, void> {
  const reading: Reading = {
    file,
    sliceChars: options.sliceChars ?? LIST_SLICE_CHARS,
    maxDocumentSize: options.maxDocumentSize ?? DEFAULT_INPUT_LIMITS.maxDocumentSize,
  };
  try {
    return (
      parseJson(text, reading) ??
      (yield* parseBlockList(text, reading)) ??
      (yield* parseDocumentStream(text, reading)) ??
      (yield* parseYaml(text, reading))
    );
  } catch (error) {
    // No reader is known to throw; should one, the file is reported, not the process stopped.
    return { documents: [], errors: [{ source: { file, line: 1 }, message: String(error) }] };
  }
}

/** The error for text whose collections nest deeper than the parsers are given. */
function tooDeep(source: SourceLocation): ManifestError {
  return { source, message: '', tooDeep: { limit: MAX_NESTING } };
}

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
function nestsTooDeep(text: string): boolean {
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

/** The error for a document skipped for its size. */
function tooLarge(source: SourceLocation, size: number, limit: number): ManifestError {
  return { source, message: '', tooLarge: { size, limit } };
}

function parseJson(text: string, reading: Reading): ParsedManifests | undefined {
  const { file, maxDocumentSize } = reading;
  const first = text.search(/\S/);
  if (first < 0 || (text[first] !== '{' && text[first] !== '[')) return undefined;
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch {
    return undefined;
  }
  const start = lineAt(text, first);
  if (value === null) return { documents: [], errors: [] };
  const size = text.length - first;
  if (!isList(value)) {
    return size > maxDocumentSize
      ? { documents: [], errors: [tooLarge({ file, line: start }, size, maxDocumentSize)] }
      : { documents: [{ source: { file, line: start }, value }], errors: [] };
  }
  const spans = listItemSpans(text);
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  value.items.forEach((item, index) => {
    const source = { file, line: spans.lines[index] ?? start };
    // Items are measured only when the text could hold one over the limit.
    const itemSize = size > maxDocumentSize ? spanSize(spans, index) : 0;
    if (itemSize > maxDocumentSize) errors.push(tooLarge(source, itemSize, maxDocumentSize));
    else documents.push({ source, value: item });
  });
  return { documents, errors };
}

/** The size of item `index` of a List: to where the next starts, or the last to the List's end. */
function spanSize(spans: ItemSpans, index: number): number {
  const start = spans.starts[index];
  if (start === undefined) return 0;
  return (spans.starts[index + 1] ?? spans.end) - start;
}

/** The line of `offset`, counting line breaks as YAML does: LF, CRLF and a lone CR. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (breaksLine(text, index)) line++;
  return line;
}

function breaksLine(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code === NEWLINE || (code === RETURN && text.charCodeAt(index + 1) !== NEWLINE);
}

/** True at the end of a line or of the text (charCodeAt past the end is NaN). */
function endsLine(code: number): boolean {
  return Number.isNaN(code) || code === NEWLINE || code === RETURN;
}

interface ItemSpans {
  /** The line, and the offset, where each item starts. */
  readonly lines: readonly number[];
  readonly starts: readonly number[];
  /** The offset of the array's closing bracket. */
  readonly end: number;
}

/**
 * Where each item of the top-level object's `items` array starts (line and offset), for text that
 * JSON.parse accepted: depth is counted outside strings, and the `items` key is a string at depth
 * one followed by a colon. Where `items` is given twice, JSON.parse keeps the last, and so does
 * this. Whitespace is passed first (most of a pretty-printed dump is indentation), and a string is
 * passed with indexOf to its closing quote.
 */
function listItemSpans(text: string): ItemSpans {
  let lines: number[] = [];
  let starts: number[] = [];
  let end = text.length;
  let line = 1;
  let depth = 0;
  let itemsDepth = -1;
  let lastKey = '';
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    // Whitespace first: most of a pretty-printed dump is indentation.
    if (code === SPACE || code === TAB || code === COMMA) continue;
    if (code === NEWLINE) {
      line++;
      continue;
    }
    if (code === RETURN) {
      if (text.charCodeAt(index + 1) !== NEWLINE) line++;
      continue;
    }
    if (code === QUOTE) {
      if (depth === itemsDepth) {
        lines.push(line);
        starts.push(index);
      }
      const begin = index + 1;
      index = closingQuote(text, begin);
      if (depth === 1) {
        lastKey = text.slice(begin, index);
        if (lastKey.includes('\\')) lastKey = JSON.parse(`"${lastKey}"`) as string;
      }
    } else if (code === COLON) {
      if (depth !== 1) continue;
      const key = lastKey;
      lastKey = '';
      if (key !== 'items') continue;
      let next = index + 1;
      while (next < length && text.charCodeAt(next) !== OPEN_ARRAY && /\s/.test(text[next]!)) {
        if (breaksLine(text, next)) line++;
        next++;
      }
      if (text.charCodeAt(next) === OPEN_ARRAY) {
        lines = [];
        starts = [];
        depth++;
        itemsDepth = depth;
        index = next;
      }
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (depth === itemsDepth) {
        lines.push(line);
        starts.push(index);
      }
      depth++;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
      if (depth < itemsDepth) {
        itemsDepth = -1;
        end = index;
      }
    } else if (depth === itemsDepth && code > 32) {
      lines.push(line);
      starts.push(index);
      while (index + 1 < length && !/[,\]\s]/.test(text[index + 1]!)) index++;
    }
  }
  return { lines, starts, end };
}

const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false } as const;

/** The documents of a YAML stream one at a time, with the line counter their positions need. */
function* yamlDocuments(text: string, lines: LineCounter): Generator<Document.Parsed> {
  const composer = new Composer(YAML_OPTIONS);
  yield* composer.compose(new Parser(lines.addNewLine).parse(text));
}

function* parseYaml(text: string, reading: Reading): Generator<void, ParsedManifests, void> {
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  const lines = new LineCounter();
  if (nestsTooDeep(text)) return { documents, errors: [tooDeep({ file: reading.file, line: 1 })] };
  try {
    for (const doc of yamlDocuments(text, lines)) {
      readDocument(doc, lines, reading, documents, errors);
      yield;
    }
  } catch (error) {
    errors.push({ source: { file: reading.file, line: 1 }, message: String(error) });
  }
  return { documents, errors };
}

/** The size in characters of a node of the full parser's tree (0 when it has no range). */
function nodeSize(range: readonly number[] | null | undefined): number {
  return range ? range[range.length - 1]! - range[0]! : 0;
}

/** True when the node is a mapping whose `kind` ends with List and whose `items` is a sequence. */
function isListNode(contents: unknown): boolean {
  if (!isMap(contents)) return false;
  const kind = contents.get('kind');
  return typeof kind === 'string' && kind.endsWith('List') && isSeq(contents.get('items', true));
}

function readDocument(
  doc: Document.Parsed,
  lines: LineCounter,
  reading: Reading,
  documents: ManifestDocument[],
  errors: ManifestError[],
): void {
  const { file, maxDocumentSize } = reading;
  const start = lines.linePos(doc.range[0]).line;
  // A List may be larger than one document may be: its items are measured one by one below.
  const size = nodeSize(doc.range);
  if (size > maxDocumentSize && !isListNode(doc.contents)) {
    errors.push(tooLarge({ file, line: start }, size, maxDocumentSize));
    return;
  }
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
      errors.push({ source: { file, line: pos.line }, column: pos.col, message: firstLine(error.message) });
    }
    return;
  }
  if (doc.contents === null) return;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    errors.push({
      source: { file, line: start },
      message: firstLine(String(error instanceof Error ? error.message : error)),
    });
    return;
  }
  if (value === null || value === undefined) return;
  if (isList(value)) {
    const itemNodes = listItemNodes(doc.contents);
    value.items.forEach((item, index) => {
      const node = itemNodes[index];
      const line = node?.range ? lines.linePos(node.range[0]).line : start;
      const itemSize = nodeSize(node?.range);
      if (itemSize > maxDocumentSize) errors.push(tooLarge({ file, line }, itemSize, maxDocumentSize));
      else documents.push({ source: { file, line }, value: item });
    });
    return;
  }
  documents.push({ source: { file, line: lineOfContent(doc.contents, lines, start) }, value });
}

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
function quickItems(slice: string, count: number): unknown[] | undefined {
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
 * True when the document is a block mapping whose only `items` key is the one put in at `offset`
 * with an empty flow sequence, and no alias in it could refer to an anchor among the items.
 */
function itemsInserted(doc: Document.Parsed, offset: number): boolean {
  const contents = doc.contents;
  if (!isMap(contents) || contents.flow) return false;
  const items = contents.items.filter((pair) => isScalar(pair.key) && pair.key.value === 'items');
  if (items.length !== 1) return false;
  const value = items[0]!.value;
  if (!isSeq(value) || value.items.length !== 0 || value.range?.[0] !== offset) return false;
  let alias = false;
  visit(doc, {
    Alias() {
      alias = true;
      return visit.BREAK;
    },
  });
  return !alias;
}

/** The one document of `text`, as JS, when it parses without error; undefined otherwise. */
function onlyDocument(
  text: string,
  lines: LineCounter,
): { doc: Document.Parsed; value: unknown } | undefined {
  try {
    const docs = [...yamlDocuments(text, lines)];
    if (docs.length !== 1 || docs[0]!.errors.length > 0) return undefined;
    return { doc: docs[0]!, value: docs[0]!.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch {
    return undefined;
  }
}

/**
 * Line breaks other than LF and CRLF: a lone CR, or U+2028/9 (JavaScript's, not YAML's). Text cut
 * into lines at LF would see lines YAML does not, or miss some it does: such text is read whole.
 */
const LINE_BREAK_OUTSIDE_LF = /\r(?!\n)|[\u2028\u2029]/;

/** A top-level `kind:` line naming a List kind (`List`, `HTTPRouteList`, ...). */
const LIST_KIND = /^kind:[ \t]*["']?[A-Za-z]*List["']?[ \t]*\r?$/m;

/**
 * A one-document List whose `items:` is a block sequence at the top level, read in slices of
 * whole items: the rest of the document once (with `items: []`) to tell that it is a List, then
 * each slice of items as a sequence of its own, its lines offset to where it stands in the file.
 * The items are cut where a line at the sequence's indentation starts a new `- ` entry, and end at
 * the first other line at that indentation or less (comments and blank lines aside). Undefined
 * where that reading might differ from the whole document's: directives or several documents, an
 * `items:` key given twice, a slice that does not parse alone (an alias to an anchor elsewhere).
 * An item over the document size limit is reported and left out of the slices.
 */
function* parseBlockList(text: string, reading: Reading): Generator<void, ParsedManifests | undefined, void> {
  const { file, sliceChars, maxDocumentSize } = reading;
  if (text.length < 8) return undefined;
  if (LINE_BREAK_OUTSIDE_LF.test(text)) return undefined;
  for (const marker of text.matchAll(/^(?:%|---|\.\.\.)/gm))
    if (marker.index !== 0 || marker[0] !== '---') return undefined;
  const itemsKeys = [...text.matchAll(/^items:[ \t]*(?:#.*)?\r?$/gm)];
  if (itemsKeys.length !== 1) return undefined;

  // Line starts after the `items:` line, which is line firstLine.
  const itemsAt = itemsKeys[0]!.index;
  const firstLine = lineAt(text, itemsAt);
  const starts: number[] = [];
  for (let at = text.indexOf('\n', itemsAt); at >= 0 && at + 1 < text.length; at = text.indexOf('\n', at + 1))
    starts.push(at + 1);
  // starts[i] is where line firstLine + 1 + i begins.
  let indent = -1;
  const entries: number[] = [];
  let end = starts.length;
  for (let index = 0; index < starts.length; index++) {
    const begin = starts[index]!;
    let at = begin;
    while (text.charCodeAt(at) === SPACE) at++;
    if (text.charCodeAt(at) === TAB) {
      // A tab in the indentation: blank if only white space follows, else read the whole text.
      while (text.charCodeAt(at) === SPACE || text.charCodeAt(at) === TAB) at++;
      if (!endsLine(text.charCodeAt(at))) return undefined;
    }
    const code = text.charCodeAt(at);
    // Blank lines and comments belong to whatever they are in.
    if (endsLine(code) || code === HASH) continue;
    const column = at - begin;
    const next = text.charCodeAt(at + 1);
    const entry = code === DASH && (endsLine(next) || next === SPACE);
    if (indent < 0) {
      if (!entry) return undefined;
      indent = column;
    }
    if (column > indent) continue;
    if (column === indent && entry) {
      entries.push(index);
      continue;
    }
    end = index;
    break;
  }
  if (entries.length === 0) return undefined;

  const afterItems = end < starts.length ? text.slice(starts[end]!) : '';
  if (nestsTooDeep(text.slice(0, itemsAt)) || nestsTooDeep(afterItems)) return undefined;
  const header = onlyDocument(`${text.slice(0, itemsAt)}items: []\n${afterItems}`, new LineCounter());
  if (!header || !isList(header.value) || !itemsInserted(header.doc, itemsAt + 'items: '.length))
    return undefined;

  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  const stop = end < starts.length ? starts[end]! : text.length;
  /** Where entry `index` starts, and where the next starts (or the items end). */
  const entryStart = (index: number) => starts[entries[index]!]!;
  const entryEnd = (index: number) => (index + 1 < entries.length ? entryStart(index + 1) : stop);
  const oversized = (index: number) => entryEnd(index) - entryStart(index) > maxDocumentSize;
  for (let first = 0; first < entries.length; yield) {
    if (oversized(first)) {
      const size = entryEnd(first) - entryStart(first);
      errors.push(tooLarge({ file, line: firstLine + 1 + entries[first]! }, size, maxDocumentSize));
      first++;
      continue;
    }
    let last = first + 1;
    const from = entryStart(first);
    while (last < entries.length && !oversized(last) && entryStart(last) - from < sliceChars) last++;
    const to = last < entries.length ? entryStart(last) : stop;
    const sliceText = text.slice(from, to);
    const quick = quickItems(sliceText, last - first);
    if (quick) {
      quick.forEach((item, index) =>
        documents.push({ source: { file, line: firstLine + 1 + entries[first + index]! }, value: item }),
      );
      first = last;
      continue;
    }
    if (nestsTooDeep(sliceText)) return undefined;
    const sliceLines = new LineCounter();
    const slice = onlyDocument(sliceText, sliceLines);
    if (!slice || !Array.isArray(slice.value) || slice.value.length !== last - first) return undefined;
    const nodes = isSeq(slice.doc.contents) ? (slice.doc.contents.items as (Node | undefined)[]) : [];
    // The slice's first line is line firstLine + 1 + entries[first] of the file.
    const offset = firstLine + entries[first]!;
    const before = documents.length;
    slice.value.forEach((item: unknown, index: number) => {
      const range = nodes[index]?.range;
      if (!range) return;
      documents.push({ source: { file, line: offset + sliceLines.linePos(range[0]).line }, value: item });
    });
    if (documents.length - before !== last - first) return undefined;
    first = last;
  }
  return { documents, errors };
}

/**
 * A stream of documents (`---` lines between objects, as `helm template` writes it), each read on
 * its own: by js-yaml when every line is of a shape both readers take alike (`quickSafe`) and it
 * holds one object that is not a List, by the full parser otherwise, its lines offset to where it
 * stands in the file. Documents share nothing (anchors end with their document), so each reads as
 * it does in the whole stream. Undefined (read the whole text with the full parser) for
 * directives, `...` markers, a `---` line with anything after it, a lone CR or U+2028/9. A
 * document over the size limit is reported and not parsed.
 */
function* parseDocumentStream(
  text: string,
  reading: Reading,
): Generator<void, ParsedManifests | undefined, void> {
  const { file, maxDocumentSize } = reading;
  if (LINE_BREAK_OUTSIDE_LF.test(text)) return undefined;
  // Where each document's text starts and ends: between bare `---` lines.
  const bounds: [number, number][] = [];
  let from = 0;
  for (const marker of text.matchAll(/^(?:%|---|\.\.\.).*$/gm)) {
    if (!/^---[ \t]*\r?$/.test(marker[0])) return undefined;
    bounds.push([from, marker.index]);
    from = marker.index + marker[0].length + 1;
  }
  bounds.push([from, text.length]);

  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  let line = 1;
  let counted = 0;
  for (const [start, end] of bounds) {
    if (start >= end) continue;
    yield;
    // The line `start` is on: line breaks counted from where the last document started.
    for (let at = text.indexOf('\n', counted); at >= 0 && at < start; at = text.indexOf('\n', at + 1)) line++;
    counted = start;
    const chunk = text.slice(start, end);
    // A List may be larger than a document may be; the full parser below measures its items.
    const oversized = end - start > maxDocumentSize;
    if (oversized && !LIST_KIND.test(chunk)) {
      errors.push(tooLarge({ file, line }, end - start, maxDocumentSize));
      continue;
    }
    const quick = oversized ? undefined : quickDocument(chunk);
    if (quick === null) continue;
    if (quick !== undefined) {
      documents.push({ source: { file, line: line + quick.line }, value: quick.value });
      continue;
    }
    if (nestsTooDeep(chunk)) {
      errors.push(tooDeep({ file, line }));
      continue;
    }
    // The full parser reads this document alone; its lines are counted from the document's first.
    const lines = new LineCounter();
    const own: ManifestDocument[] = [];
    const ownErrors: ManifestError[] = [];
    try {
      for (const doc of yamlDocuments(chunk, lines)) readDocument(doc, lines, reading, own, ownErrors);
    } catch {
      return undefined;
    }
    // A broken document is reported as the whole stream's reading reports it.
    if (ownErrors.length > 0) return undefined;
    const shift = (source: SourceLocation): SourceLocation => ({ file, line: source.line + line - 1 });
    for (const document of own) documents.push({ source: shift(document.source), value: document.value });
    for (const error of ownErrors) errors.push({ ...error, source: shift(error.source) });
  }
  return { documents, errors };
}

/**
 * One document read by js-yaml: its value and the index of its first line of content, null for
 * a document without content, undefined when the full parser must read it (a line of a shape the
 * readers might take differently, or anything but one object that is not a List).
 */
function quickDocument(chunk: string): { value: unknown; line: number } | null | undefined {
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

function isList(value: unknown): value is { items: unknown[] } {
  return (
    isPlainObject(value) &&
    typeof value['kind'] === 'string' &&
    value['kind'].endsWith('List') &&
    Array.isArray(value['items']) &&
    (value['apiVersion'] === 'v1' || value['kind'] === 'List' || typeof value['apiVersion'] === 'string')
  );
}

function listItemNodes(contents: unknown): readonly (Node | undefined)[] {
  if (!isMap(contents)) return [];
  const items = contents.get('items', true);
  return isSeq(items) ? (items.items as (Node | undefined)[]) : [];
}

function lineOfContent(contents: unknown, lines: LineCounter, fallback: number): number {
  const range = (contents as { range?: [number, number, number] }).range;
  return range ? lines.linePos(range[0]).line : fallback;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

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
 */
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { Composer, isMap, isScalar, isSeq, LineCounter, Parser, visit, type Document, type Node } from 'yaml';
import {
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
  readonly message: string;
}

export interface ParsedManifests {
  readonly documents: readonly ManifestDocument[];
  readonly errors: readonly ManifestError[];
}

const MAX_ALIAS_COUNT = 1000;

/** About how much text of List items the YAML parser gets at a time. */
const LIST_SLICE_CHARS = 1 << 18;

export function parseManifests(text: string, file: string, sliceChars = LIST_SLICE_CHARS): ParsedManifests {
  return (
    parseJson(text, file) ??
    parseBlockList(text, file, sliceChars) ??
    parseDocumentStream(text, file) ??
    parseYaml(text, file)
  );
}

function parseJson(text: string, file: string): ParsedManifests | undefined {
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
  if (!isList(value)) return { documents: [{ source: { file, line: start }, value }], errors: [] };
  const lines = listItemLines(text);
  return {
    documents: value.items.map((item, index) => ({
      source: { file, line: lines[index] ?? start },
      value: item,
    })),
    errors: [],
  };
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

/**
 * The line where each item of the top-level object's `items` array starts, for text that
 * JSON.parse accepted: depth is counted outside strings, and the `items` key is a string at depth
 * one followed by a colon. Where `items` is given twice, JSON.parse keeps the last, and so does
 * this. Whitespace is passed first (most of a pretty-printed dump is indentation), and a string is
 * passed with indexOf to its closing quote.
 */
function listItemLines(text: string): number[] {
  let lines: number[] = [];
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
      if (depth === itemsDepth) lines.push(line);
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
        depth++;
        itemsDepth = depth;
        index = next;
      }
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (depth === itemsDepth) lines.push(line);
      depth++;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
      if (depth < itemsDepth) itemsDepth = -1;
    } else if (depth === itemsDepth && code > 32) {
      lines.push(line);
      while (index + 1 < length && !/[,\]\s]/.test(text[index + 1]!)) index++;
    }
  }
  return lines;
}

const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false } as const;

/** The documents of a YAML stream one at a time, with the line counter their positions need. */
function* yamlDocuments(text: string, lines: LineCounter): Generator<Document.Parsed> {
  const composer = new Composer(YAML_OPTIONS);
  yield* composer.compose(new Parser(lines.addNewLine).parse(text));
}

function parseYaml(text: string, file: string): ParsedManifests {
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  const lines = new LineCounter();
  try {
    for (const doc of yamlDocuments(text, lines)) readDocument(doc, lines, file, documents, errors);
  } catch (error) {
    errors.push({ source: { file, line: 1 }, message: String(error) });
  }
  return { documents, errors };
}

function readDocument(
  doc: Document.Parsed,
  lines: LineCounter,
  file: string,
  documents: ManifestDocument[],
  errors: ManifestError[],
): void {
  const start = lines.linePos(doc.range[0]).line;
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
      documents.push({ source: { file, line }, value: item });
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
const DOTTED_NUMBERS = /^\d+(?:\.\d+){2,}(?:\/\d+)?$/;
/** Object uids and the like: hex digits in dashed groups, text to both readers. */
const DASHED_HEX = /^[0-9][0-9a-fA-F]*(?:-[0-9a-fA-F]+)+$/;
/** Dates and times, text to both readers (the core schema has no timestamps). */
const TIMESTAMP = /^\d{4}-\d\d-\d\d(?:[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[-+]\d\d:\d\d)?)?$/;
const PLAIN_KEY = /^(?:[A-Za-z_][-A-Za-z0-9_./]{0,252}|0|[1-9]\d{0,14})$/;
const SPECIAL_KEY = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
const DOUBLE_QUOTED_KEY = /^"(?:[^"\\\t]|\\["\\/bfnrt])*"/;
const SINGLE_QUOTED_KEY = /^'(?:[^'\t]|'')*'/;
const DOUBLE_QUOTED = new RegExp(`${DOUBLE_QUOTED_KEY.source}$`);
const SINGLE_QUOTED = new RegExp(`${SINGLE_QUOTED_KEY.source}$`);
const PLAIN_VALUE = /^[A-Za-z_/(][^\t]*$/;
const BLOCK_HEADER = /^[|>][-+]?$/;

/** A scalar written on one line that both readers take alike. */
function safeScalar(value: string): boolean {
  if (DOUBLE_QUOTED.test(value) || SINGLE_QUOTED.test(value)) return true;
  if (value === '{}' || value === '[]') return true;
  if (SAFE_INT.test(value) || DOTTED_NUMBERS.test(value) || DASHED_HEX.test(value) || TIMESTAMP.test(value))
    return true;
  return PLAIN_VALUE.test(value) && !value.includes(' #') && !value.includes(': ') && !/[: ]$/.test(value);
}

/** The key of a `key: …` line, or undefined: plain keys of names and labels, or quoted on one line. */
function keyEnd(content: string): number | undefined {
  if (content.startsWith('"') || content.startsWith("'")) {
    const match = (content.startsWith('"') ? DOUBLE_QUOTED_KEY : SINGLE_QUOTED_KEY).exec(content);
    return match && content[match[0].length] === ':' ? match[0].length : undefined;
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

/**
 * A one-document List whose `items:` is a block sequence at the top level, read in slices of
 * whole items: the rest of the document once (with `items: []`) to tell that it is a List, then
 * each slice of items as a sequence of its own, its lines offset to where it stands in the file.
 * The items are cut where a line at the sequence's indentation starts a new `- ` entry, and end at
 * the first other line at that indentation or less (comments and blank lines aside). Undefined
 * where that reading might differ from the whole document's: directives or several documents, an
 * `items:` key given twice, a slice that does not parse alone (an alias to an anchor elsewhere).
 */
function parseBlockList(text: string, file: string, sliceChars: number): ParsedManifests | undefined {
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
  const header = onlyDocument(`${text.slice(0, itemsAt)}items: []\n${afterItems}`, new LineCounter());
  if (!header || !isList(header.value) || !itemsInserted(header.doc, itemsAt + 'items: '.length))
    return undefined;

  const documents: ManifestDocument[] = [];
  const stop = end < starts.length ? starts[end]! : text.length;
  for (let first = 0; first < entries.length;) {
    let last = first + 1;
    const from = starts[entries[first]!]!;
    while (last < entries.length && starts[entries[last]!]! - from < sliceChars) last++;
    const to = last < entries.length ? starts[entries[last]!]! : stop;
    const sliceText = text.slice(from, to);
    const quick = quickItems(sliceText, last - first);
    if (quick) {
      quick.forEach((item, index) =>
        documents.push({ source: { file, line: firstLine + 1 + entries[first + index]! }, value: item }),
      );
      first = last;
      continue;
    }
    const sliceLines = new LineCounter();
    const slice = onlyDocument(sliceText, sliceLines);
    if (!slice || !Array.isArray(slice.value) || slice.value.length !== last - first) return undefined;
    const nodes = isSeq(slice.doc.contents) ? (slice.doc.contents.items as (Node | undefined)[]) : [];
    // The slice's first line is line firstLine + 1 + entries[first] of the file.
    const offset = firstLine + entries[first]!;
    slice.value.forEach((item: unknown, index: number) => {
      const range = nodes[index]?.range;
      if (!range) return;
      documents.push({ source: { file, line: offset + sliceLines.linePos(range[0]).line }, value: item });
    });
    if (documents.length !== last) return undefined;
    first = last;
  }
  return { documents, errors: [] };
}

/**
 * A stream of documents (`---` lines between objects, as `helm template` writes it), each read on
 * its own: by js-yaml when every line is of a shape both readers take alike (`quickSafe`) and it
 * holds one object that is not a List, by the full parser otherwise, its lines offset to where it
 * stands in the file. Documents share nothing (anchors end with their document), so each reads as
 * it does in the whole stream. Undefined (read the whole text with the full parser) for
 * directives, `...` markers, a `---` line with anything after it, a lone CR or U+2028/9.
 */
function parseDocumentStream(text: string, file: string): ParsedManifests | undefined {
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
    // The line `start` is on: line breaks counted from where the last document started.
    for (let at = text.indexOf('\n', counted); at >= 0 && at < start; at = text.indexOf('\n', at + 1)) line++;
    counted = start;
    const chunk = text.slice(start, end);
    const quick = quickDocument(chunk);
    if (quick === null) continue;
    if (quick !== undefined) {
      documents.push({ source: { file, line: line + quick.line }, value: quick.value });
      continue;
    }
    // The full parser reads this document alone; its lines are counted from the document's first.
    const lines = new LineCounter();
    const own: ManifestDocument[] = [];
    const ownErrors: ManifestError[] = [];
    try {
      for (const doc of yamlDocuments(chunk, lines)) readDocument(doc, lines, file, own, ownErrors);
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

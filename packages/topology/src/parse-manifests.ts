/**
 * Parses manifest text: multi-document YAML, JSON, and `kind: List` (items are flattened).
 * A document that does not parse is reported with its file and line and skipped; every other
 * document is still returned.
 *
 * Text that is one JSON value (what `kubectl get -o json` writes) is read by JSON.parse, with the
 * line of each List item found by one scan of the text: O(text), where the YAML parser needs
 * several times the time and memory. Anything else, and JSON that does not parse, goes to the
 * YAML parser, which reports errors by line.
 */
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
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

export function parseManifests(text: string, file: string): ParsedManifests {
  return parseJson(text, file) ?? parseYaml(text, file);
}

function parseJson(text: string, file: string): ParsedManifests | undefined {
  const first = text.search(/\S/);
  if (first < 0 || (text[first] !== '{' && text[first] !== '[')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
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

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1))
    line++;
  return line;
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COLON = 58;

/**
 * The line where each item of the top-level object's `items` array starts, for text that
 * JSON.parse accepted: depth is counted outside strings, and the `items` key is a string at depth
 * one followed by a colon.
 */
function listItemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let itemsDepth = -1;
  let lastKey = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === NEWLINE) line++;
    else if (code === QUOTE) {
      if (depth === itemsDepth) lines.push(line);
      const begin = index + 1;
      index++;
      while (index < text.length) {
        const inner = text.charCodeAt(index);
        if (inner === BACKSLASH) index++;
        else if (inner === QUOTE) break;
        index++;
      }
      // Strings in JSON hold no raw newline; a key at depth one is remembered for the colon.
      if (depth === 1) lastKey = text.slice(begin, index);
    } else if (code === COLON) {
      if (depth !== 1) continue;
      const key = lastKey;
      lastKey = '';
      if (key !== 'items') continue;
      let next = index + 1;
      while (next < text.length && text.charCodeAt(next) !== OPEN_ARRAY && /\s/.test(text[next]!)) {
        if (text.charCodeAt(next) === NEWLINE) line++;
        next++;
      }
      if (text.charCodeAt(next) === OPEN_ARRAY) {
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
    } else if (depth === itemsDepth && code > 32 && code !== 44) {
      // A scalar item (not an object): it still takes its place in the list.
      lines.push(line);
      while (index + 1 < text.length && !/[,\]\s]/.test(text[index + 1]!)) index++;
    }
  }
  return lines;
}

function parseYaml(text: string, file: string): ParsedManifests {
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  const lines = new LineCounter();
  let parsed;
  try {
    parsed = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    errors.push({ source: { file, line: 1 }, message: String(error) });
    return { documents, errors };
  }
  const all = Array.isArray(parsed) ? parsed : [parsed];
  for (const doc of all) {
    const start = lines.linePos(doc.range[0]).line;
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
        errors.push({ source: { file, line: pos.line }, column: pos.col, message: firstLine(error.message) });
      }
      continue;
    }
    if (doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      errors.push({
        source: { file, line: start },
        message: firstLine(String(error instanceof Error ? error.message : error)),
      });
      continue;
    }
    if (value === null || value === undefined) continue;
    if (isList(value)) {
      const itemNodes = listItemNodes(doc.contents);
      value.items.forEach((item, index) => {
        const node = itemNodes[index];
        const line = node?.range ? lines.linePos(node.range[0]).line : start;
        documents.push({ source: { file, line }, value: item });
      });
      continue;
    }
    documents.push({ source: { file, line: lineOfContent(doc.contents, lines, start) }, value });
  }
  return { documents, errors };
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

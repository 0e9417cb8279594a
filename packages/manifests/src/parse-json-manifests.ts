/**
 * Text that is one JSON value (what `kubectl get -o json` writes), read by JSON.parse (or by
 * `parseJsonText` where a key holds an escape), with the line of each List item found by one scan
 * of the text: O(text), where the YAML parser needs several times the time and memory.
 */
import type { ManifestDocument, ManifestError, ParsedManifests } from '@gatemap/topology';
import {
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
import { closingQuote, parseJsonText } from './read-json.ts';
import { isList, tooLarge, type Reading } from './reading.ts';
import { breaksLine, lineAt } from './text-lines.ts';

/**
 * The documents of text that is one JSON value, a List's items each with its line; undefined
 * (read it as YAML) for text that does not start as a JSON object or array, or does not parse.
 */
export function parseJsonManifests(text: string, reading: Reading): ParsedManifests | undefined {
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
  for (const [index, item] of value.items.entries()) {
    const source = { file, line: spans.lines[index] ?? start };
    // Items are measured only when the text could hold one over the limit.
    const itemSize = size > maxDocumentSize ? spanSize(spans, index) : 0;
    if (itemSize > maxDocumentSize) errors.push(tooLarge(source, itemSize, maxDocumentSize));
    else documents.push({ source, value: item });
  }
  return { documents, errors };
}

/** The size of item `index` of a List: to where the next starts, or the last to the List's end. */
function spanSize(spans: ItemSpans, index: number): number {
  const start = spans.starts[index];
  if (start === undefined) return 0;
  return (spans.starts[index + 1] ?? spans.end) - start;
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

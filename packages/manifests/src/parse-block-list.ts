/** A block-style List (what `kubectl get -o yaml` writes), read a slice of items at a time. */
import type { ManifestDocument, ManifestError, ParsedManifests } from '@gatemap/topology';
import { isMap, isScalar, isSeq, LineCounter, visit, type Document, type Node } from 'yaml';
import { DASH, HASH, SPACE, TAB } from './char-codes.ts';
import { nestsTooDeep } from './nests-too-deep.ts';
import { quickItems } from './quick-yaml.ts';
import { isList, tooLarge, type Reading } from './reading.ts';
import { endsLine, lineAt, LINE_BREAK_OUTSIDE_LF } from './text-lines.ts';
import { onlyDocument } from './yaml-documents.ts';

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
export function* parseBlockList(
  text: string,
  reading: Reading,
): Generator<void, ParsedManifests | undefined, void> {
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
      for (const [index, item] of quick.entries())
        documents.push({ source: { file, line: firstLine + 1 + entries[first + index]! }, value: item });
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
    for (const [index, item] of (slice.value as unknown[]).entries()) {
      const range = nodes[index]?.range;
      if (!range) continue;
      documents.push({ source: { file, line: offset + sliceLines.linePos(range[0]).line }, value: item });
    }
    if (documents.length - before !== last - first) return undefined;
    first = last;
  }
  return { documents, errors };
}

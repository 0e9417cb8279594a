/** A stream of YAML documents (what `helm template` writes), cut at its `---` lines. */
import type { ManifestDocument, ManifestError, ParsedManifests, SourceLocation } from '@gatemap/topology';
import { LineCounter } from 'yaml';
import { nestsTooDeep } from './nests-too-deep.ts';
import { quickDocument } from './quick-yaml.ts';
import { tooDeep, tooLarge, type Reading } from './reading.ts';
import { LINE_BREAK_OUTSIDE_LF } from './text-lines.ts';
import { readDocument, yamlDocuments } from './yaml-documents.ts';

/** A top-level `kind:` line naming a List kind (`List`, `HTTPRouteList`, ...). */
const LIST_KIND = /^kind:[ \t]*["']?[A-Za-z]*List["']?[ \t]*\r?$/m;

/**
 * A stream of documents (`---` lines between objects, as `helm template` writes it), each read on
 * its own: by js-yaml when every line is of a shape both readers take alike (`quickSafe`) and it
 * holds one object that is not a List, by the full parser otherwise, its lines offset to where it
 * stands in the file. Documents share nothing (anchors end with their document), so each reads as
 * it does in the whole stream. Undefined (read the whole text with the full parser) for
 * directives, `...` markers, a `---` line with anything after it, a lone CR or U+2028/9. A
 * document over the size limit is reported and not parsed.
 */
export function* parseDocumentStream(
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
      for (const doc of yamlDocuments(chunk, lines))
        readDocument({ doc, lines, reading, documents: own, errors: ownErrors });
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

/**
 * Parses manifest text: multi-document YAML, JSON, and `kind: List` (items are flattened).
 * A document that does not parse is reported with its file and line and skipped; every other
 * document is still returned.
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

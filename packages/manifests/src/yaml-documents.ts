/**
 * The full YAML parser (`yaml`), the reference reading: a stream a document at a time, and each
 * document made objects, its errors named by file and line, a List's items each with its own line.
 */
import type { ManifestDocument, ManifestError, ParsedManifests } from '@gatemap/topology';
import { Composer, isMap, isSeq, LineCounter, Parser, type Document, type Node } from 'yaml';
import { nestsTooDeep } from './nests-too-deep.ts';
import { isList, tooDeep, tooLarge, type Reading } from './reading.ts';

/** Most aliases one document may resolve: a bound on what a few lines of anchors can expand to. */
const MAX_ALIAS_COUNT = 1000;

const YAML_OPTIONS = { uniqueKeys: false, prettyErrors: false } as const;

/** The documents of a YAML stream one at a time, with the line counter their positions need. */
export function* yamlDocuments(text: string, lines: LineCounter): Generator<Document.Parsed> {
  const composer = new Composer(YAML_OPTIONS);
  yield* composer.compose(new Parser(lines.addNewLine).parse(text));
}

/** The whole text read by the full parser, a document at a time. */
export function* parseYaml(text: string, reading: Reading): Generator<void, ParsedManifests, void> {
  const documents: ManifestDocument[] = [];
  const errors: ManifestError[] = [];
  const lines = new LineCounter();
  if (nestsTooDeep(text)) return { documents, errors: [tooDeep({ file: reading.file, line: 1 })] };
  try {
    for (const doc of yamlDocuments(text, lines)) {
      readDocument({ doc, lines, reading, documents, errors });
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

/** A document of the full parser's reading, and where what is read of it goes. */
interface DocumentReading {
  readonly doc: Document.Parsed;
  /** The line counter of the text the document was parsed from. */
  readonly lines: LineCounter;
  readonly reading: Reading;
  readonly documents: ManifestDocument[];
  readonly errors: ManifestError[];
}

/**
 * The document → object step: a document's value (a List's items each as a document of its own,
 * with its line) appended to `documents`, or what is wrong with it appended to `errors`, each
 * naming the file and line; an item or document over the size limit is an error, not a value.
 */
export function readDocument({ doc, lines, reading, documents, errors }: DocumentReading): void {
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
    for (const [index, item] of value.items.entries()) {
      const node = itemNodes[index];
      const line = node?.range ? lines.linePos(node.range[0]).line : start;
      const itemSize = nodeSize(node?.range);
      if (itemSize > maxDocumentSize) errors.push(tooLarge({ file, line }, itemSize, maxDocumentSize));
      else documents.push({ source: { file, line }, value: item });
    }
    return;
  }
  documents.push({ source: { file, line: lineOfContent(doc.contents, lines, start) }, value });
}

/** The one document of `text`, as JS, when it parses without error; undefined otherwise. */
export function onlyDocument(
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

/** The nodes of a List document's items, for their lines and sizes. */
function listItemNodes(contents: unknown): readonly (Node | undefined)[] {
  if (!isMap(contents)) return [];
  const items = contents.get('items', true);
  return isSeq(items) ? (items.items as (Node | undefined)[]) : [];
}

/** The line where a document's content starts (after comments and `---`), else `fallback`. */
function lineOfContent(contents: unknown, lines: LineCounter, fallback: number): number {
  const range = (contents as { range?: [number, number, number] }).range;
  return range ? lines.linePos(range[0]).line : fallback;
}

/** The parser's message less its excerpt of the text. */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

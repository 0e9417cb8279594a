/**
 * Turns parsed manifest documents into engine changes, and every problem with them into
 * findings that name the file, the line, the object and the field. The documents are read from
 * text by `@gatemap/manifests`; their types are here, with the one who decodes them.
 */
import { decodeObject } from './decode-object.ts';
import type { Change } from './engine.ts';
import { finding, type Finding } from './findings.ts';
import { DEFAULT_INPUT_LIMITS, formatSize } from './limits.ts';
import type { ObjectKey } from './object-key.ts';

/** Where a document came from: file (or `-` for stdin) and 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** A document read from manifest text: a value not yet decoded, and where it was written. */
export interface ManifestDocument {
  readonly source: SourceLocation;
  readonly value: unknown;
}

/** Text that could not be read as a document, and where it is. */
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

/** The reading of one text: every document that could be read, and an error for each that could not. */
export interface ParsedManifests {
  readonly documents: readonly ManifestDocument[];
  readonly errors: readonly ManifestError[];
}

export interface IngestResult {
  readonly changes: Change[];
  readonly issues: Finding[];
  /** Where each object came from, for messages and `analyze` output. */
  readonly sources: Map<ObjectKey, SourceLocation>;
}

/** A key for a problem that has no object: the place in the input. */
function inputKey(source: SourceLocation): ObjectKey {
  return `Input/${source.file}:${source.line}` as ObjectKey;
}

export function formatSource(source: SourceLocation): string {
  return `${source.file}:${source.line}`;
}

export interface IngestOptions {
  /** The namespace of namespaced objects that name none (kubectl's `-n`). */
  readonly defaultNamespace?: string;
  /** Where the objects of earlier calls came from, to detect duplicates across calls. */
  readonly sources?: Map<ObjectKey, SourceLocation>;
  /** Most documents decoded (`InputLimits.maxObjects`); later ones are reported once and skipped. */
  readonly maxObjects?: number;
  /** Documents decoded by earlier calls for the same input, counted against `maxObjects`. */
  readonly objectsBefore?: number;
}

/**
 * Decodes every document; objects seen twice keep the later one and say so. Documents past
 * `maxObjects` are not decoded: the first of them is reported (GM101), the rest are skipped.
 */
export function ingestManifests(
  parsed: readonly ParsedManifests[],
  options: IngestOptions = {},
): IngestResult {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const sources = options.sources ?? new Map<ObjectKey, SourceLocation>();
  const maxObjects = options.maxObjects ?? DEFAULT_INPUT_LIMITS.maxObjects;
  const changes: Change[] = [];
  const issues: Finding[] = [];
  let count = options.objectsBefore ?? 0;
  for (const file of parsed) {
    for (const error of file.errors) issues.push(parseErrorFinding(error));
    for (const document of file.documents) {
      if (count++ === maxObjects) {
        issues.push(
          finding('invalid-object', {
            subject: inputKey(document.source),
            message: `${formatSource(document.source)}: the input holds more than ${maxObjects} objects, the object limit (--max-objects); this document and every later one are not analyzed.`,
          }),
        );
      }
      if (count > maxObjects) continue;
      const result = decodeObject(document.value, defaultNamespace);
      if (!result.ok) {
        issues.push(
          finding('invalid-object', {
            subject: inputKey(document.source),
            message: `${formatSource(document.source)}: ${result.label} is not valid and is skipped: ${result.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`,
          }),
        );
        continue;
      }
      const key = 'value' in result ? result.value.key : result.unknown.key;
      const earlier = sources.get(key);
      if (earlier) {
        issues.push(
          finding('invalid-object', {
            subject: key,
            severity: 'warning',
            discriminator: formatSource(document.source),
            message: `${key} is defined twice: at ${formatSource(earlier)} and at ${formatSource(document.source)}; the later definition is used.`,
          }),
        );
      }
      sources.set(key, document.source);
      changes.push(
        'value' in result
          ? { type: 'upsert', object: result.value }
          : { type: 'upsert-unknown', object: result.unknown },
      );
    }
  }
  return { changes, issues, sources };
}

function parseErrorFinding(error: ManifestError): Finding {
  const where = `${formatSource(error.source)}${error.column ? `:${error.column}` : ''}`;
  return finding('invalid-object', {
    subject: inputKey(error.source),
    message: error.tooLarge
      ? `${where}: the document is ${formatSize(error.tooLarge.size)}, over the document size limit of ${formatSize(error.tooLarge.limit)} (--max-document-size). This document is skipped; the rest of the file is still analyzed.`
      : error.tooDeep
        ? `${where}: collections nest deeper than ${error.tooDeep.limit} levels, more than any Kubernetes object. This text is skipped; the rest of the file is still analyzed.`
        : `${where}: cannot parse YAML: ${error.message}. This document is skipped; the rest of the file is still analyzed.`,
  });
}

/** GM101 for a file that could not be read at all (`reason` says why); nothing of it is analyzed. */
export function unreadableFileFinding(file: string, reason: string): Finding {
  return finding('invalid-object', {
    subject: inputKey({ file, line: 0 }),
    message: `${file}: cannot be read: ${reason}. None of its objects are analyzed; the rest of the input still is.`,
  });
}

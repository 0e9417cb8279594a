/**
 * What the readers of one text share: the reading's settings, the errors for text skipped for its
 * size or its depth, and how a Kubernetes List is told from an object.
 */
import { isPlainObject, MAX_NESTING, type ManifestError, type SourceLocation } from '@gatemap/topology';

/** What every reader of one text needs to know. */
export interface Reading {
  readonly file: string;
  /** About how much text of List items the YAML parser gets at a time. */
  readonly sliceChars: number;
  /** Largest document read, in characters (`InputLimits.maxDocumentSize`). */
  readonly maxDocumentSize: number;
}

/** The error for text whose collections nest deeper than the parsers are given. */
export function tooDeep(source: SourceLocation): ManifestError {
  return { source, message: '', tooDeep: { limit: MAX_NESTING } };
}

/** The error for a document skipped for its size. */
export function tooLarge(source: SourceLocation, size: number, limit: number): ManifestError {
  return { source, message: '', tooLarge: { size, limit } };
}

/**
 * True for a Kubernetes List (`List`, `HTTPRouteList`, ...): an object whose `kind` ends with List
 * and whose `items` is an array; its items are read as documents of their own.
 */
export function isList(value: unknown): value is { items: unknown[] } {
  return (
    isPlainObject(value) &&
    typeof value['kind'] === 'string' &&
    value['kind'].endsWith('List') &&
    Array.isArray(value['items']) &&
    (value['apiVersion'] === 'v1' || value['kind'] === 'List' || typeof value['apiVersion'] === 'string')
  );
}

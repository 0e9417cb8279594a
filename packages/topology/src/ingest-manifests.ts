/**
 * Turns parsed manifest documents into engine changes, and every problem with them into
 * findings that name the file, the line, the object and the field.
 */
import { decodeObject } from './decode-object.ts';
import type { Change } from './engine.ts';
import { finding, type Finding } from './findings.ts';
import type { ObjectKey } from './object-key.ts';
import type { ParsedManifests, SourceLocation } from './parse-manifests.ts';

export interface IngestResult {
  readonly changes: Change[];
  readonly issues: Finding[];
  /** Where each object came from, for messages and `analyze` output. */
  readonly sources: Map<ObjectKey, SourceLocation>;
}

/** A key for a problem that has no object: the place in the input. */
export function inputKey(source: SourceLocation): ObjectKey {
  return `Input/${source.file}:${source.line}` as ObjectKey;
}

export function formatSource(source: SourceLocation): string {
  return `${source.file}:${source.line}`;
}

/**
 * Decodes every document; objects seen twice keep the later one and say so. `sources` from
 * earlier calls can be passed to detect duplicates across files.
 */
export function ingestManifests(
  parsed: readonly ParsedManifests[],
  defaultNamespace = 'default',
  sources = new Map<ObjectKey, SourceLocation>(),
): IngestResult {
  const changes: Change[] = [];
  const issues: Finding[] = [];
  for (const file of parsed) {
    for (const error of file.errors) {
      issues.push(
        finding('invalid-object', {
          subject: inputKey(error.source),
          message: `${formatSource(error.source)}${error.column ? `:${error.column}` : ''}: cannot parse YAML: ${error.message}. This document is skipped; the rest of the file is still analyzed.`,
        }),
      );
    }
    for (const document of file.documents) {
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

/**
 * Turns an object as the API server sends it (a LIST item or a watch event's object) into an
 * engine change: typed by the kind being watched, without managedFields and kubectl's
 * last-applied annotation, and for metadata-only kinds without anything but metadata.
 */
import { decodeObject, objectKey, type Change, type ObjectKey } from '@gatemap/topology';
import type { WatchedKind } from './watched-kind.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type IngestResult =
  | { readonly ok: true; readonly key: ObjectKey; readonly resourceVersion: string; readonly change: Change }
  | { readonly ok: false; readonly key: ObjectKey | undefined; readonly message: string };

/** The key of a raw object of `info`'s kind, when it has a name. */
export function rawObjectKey(
  info: WatchedKind,
  raw: Readonly<Record<string, unknown>>,
): ObjectKey | undefined {
  const metadata = asRecord(raw['metadata']);
  const name = metadata?.['name'];
  if (typeof name !== 'string' || name === '') return undefined;
  const namespace = metadata?.['namespace'];
  return objectKey(info.group, info.kind, typeof namespace === 'string' ? namespace : undefined, name);
}

export function resourceVersionOf(raw: Readonly<Record<string, unknown>>): string | undefined {
  const resourceVersion = asRecord(raw['metadata'])?.['resourceVersion'];
  return typeof resourceVersion === 'string' ? resourceVersion : undefined;
}

/**
 * Decodes `raw` as `info`'s kind at `version`. LIST items of built-in kinds carry no apiVersion or
 * kind, and metadata-only kinds arrive as PartialObjectMetadata, so both are set from what was
 * asked for rather than read.
 */
export function ingestObject(
  info: WatchedKind,
  version: string,
  raw: Readonly<Record<string, unknown>>,
): IngestResult {
  const key = rawObjectKey(info, raw);
  const metadata = asRecord(raw['metadata']);
  if (!metadata || key === undefined) {
    return { ok: false, key, message: `${info.kind} without metadata.name` };
  }
  const { managedFields: _managedFields, ...slimMetadata } = metadata;
  const annotations = asRecord(metadata['annotations']);
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...rest } = annotations;
    if (Object.keys(rest).length > 0) slimMetadata['annotations'] = rest;
    else delete slimMetadata['annotations'];
  }
  const apiVersion = info.group === '' ? version : `${info.group}/${version}`;
  const object = info.metadataOnly
    ? { apiVersion, kind: info.kind, metadata: slimMetadata }
    : { ...raw, apiVersion, kind: info.kind, metadata: slimMetadata };
  const decoded = decodeObject(object);
  if (!decoded.ok) {
    const issues = decoded.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
    return { ok: false, key, message: `${decoded.label} is not valid: ${issues}` };
  }
  const resourceVersion = typeof metadata['resourceVersion'] === 'string' ? metadata['resourceVersion'] : '';
  const change: Change =
    'value' in decoded
      ? { type: 'upsert', object: decoded.value }
      : { type: 'upsert-unknown', object: decoded.unknown };
  return {
    ok: true,
    key: 'value' in decoded ? decoded.value.key : decoded.unknown.key,
    resourceVersion,
    change,
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

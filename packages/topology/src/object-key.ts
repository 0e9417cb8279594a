/**
 * Object identity. `ObjectKey` is `<Kind>/<namespace>/<name>`, or `<Kind>/<name>` for
 * cluster-scoped kinds; kinds outside the known table carry their group: `<Kind>.<group>/…`.
 * It is branded so that a plain string (a name, a namespace) can never be passed where a key is
 * expected.
 */
import { findKind, kindInfo } from './kinds.ts';

export type ObjectKey = string & { readonly __brand: 'ObjectKey' };

/** Qualifies a kind with its group unless it is one of the known kinds in its own group. */
export function qualifiedKind(group: string, kind: string): string {
  return findKind(group, kind) ? kind : group === '' ? `${kind}.core` : `${kind}.${group}`;
}

export function objectKey(
  group: string,
  kind: string,
  namespace: string | undefined,
  name: string,
): ObjectKey {
  const info = findKind(group, kind);
  const prefix = info ? kind : qualifiedKind(group, kind);
  const namespaced = info ? info.namespaced : namespace !== undefined && namespace !== '';
  // Joined, not concatenated: a key is flat at once, where concatenation leaves a chain of cells
  // that is flattened (and kept beside its flat copy) the first time the key is hashed.
  return (namespaced ? [prefix, namespace ?? '', name].join('/') : [prefix, name].join('/')) as ObjectKey;
}

export interface ParsedKey {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** Splits a key back into kind, namespace and name (`kind` keeps any group qualifier). */
export function parseObjectKey(key: ObjectKey): ParsedKey {
  const first = key.indexOf('/');
  const kind = key.slice(0, first);
  const rest = key.slice(first + 1);
  const info = kindInfo(kind);
  const second = rest.indexOf('/');
  const namespaced = info ? info.namespaced : second >= 0;
  if (namespaced && second >= 0) {
    return { kind, namespace: rest.slice(0, second), name: rest.slice(second + 1) };
  }
  return { kind, name: rest };
}

/** Parses a user-supplied key, e.g. from a URL; undefined when it is not of the key's shape. */
export function toObjectKey(text: string): ObjectKey | undefined {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) return undefined;
  return text as ObjectKey;
}

/**
 * What changed in an object's spec and metadata between two versions, field by field, for the
 * history of an object and for what-if output.
 *
 * Paths read like `spec.listeners[http].hostname`: items of a list are named by their `name` when
 * every item of the list, on both sides, is an object with a distinct string `name` (listeners,
 * named rules), and by index otherwise (`spec.parentRefs[0]`); a field whose name is not a plain
 * identifier is quoted (`metadata.labels["app.kubernetes.io/name"]`).
 *
 * Left out: `status` (the controller's, whose changes are `reported` verdicts, see verdicts.ts),
 * and metadata the API server keeps (`managedFields`, `resourceVersion`, `generation`, `uid`,
 * `creationTimestamp`, `selfLink`) and kubectl's last-applied annotation. A version that differs
 * only in those is `unchanged`. Labels and annotations are kept: labels select and admit.
 *
 * Size caps, so that one huge change (a ConfigMap's data) cannot blow up a history: a value kept
 * on a field is at most `MAX_VALUE_CHARS` characters of JSON; a longer string keeps its first
 * `MAX_VALUE_CHARS` characters and a longer list or object becomes a summary (`<object of 12
 * fields, 40213 characters>`), either way with `truncated` set. At most `MAX_FIELDS` fields are
 * listed per object; `omitted` counts the rest.
 */
import type { KubeObject } from './meta.ts';
import { isPlainObject } from './schema.ts';

export const MAX_VALUE_CHARS = 512;
export const MAX_FIELDS = 100;

export interface FieldChange {
  /** e.g. `spec.listeners[http].hostname`. */
  readonly path: string;
  /** Absent when the field was added. */
  readonly before?: unknown;
  /** Absent when the field was removed. */
  readonly after?: unknown;
  /** A value was cut to `MAX_VALUE_CHARS` or summarized. */
  readonly truncated?: boolean;
}

export interface ObjectChange {
  readonly change: 'created' | 'deleted' | 'changed' | 'unchanged';
  /** The fields that differ, for `changed` (a created or deleted object is the record itself). */
  readonly fields: readonly FieldChange[];
  /** Fields that differ beyond the first `MAX_FIELDS`. */
  readonly omitted?: number;
}

const SERVER_METADATA: ReadonlySet<string> = new Set([
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
]);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function diffObjects(before: KubeObject | undefined, after: KubeObject | undefined): ObjectChange {
  if (before === undefined) return { change: after === undefined ? 'unchanged' : 'created', fields: [] };
  if (after === undefined) return { change: 'deleted', fields: [] };
  const fields: FieldChange[] = [];
  let found = 0;
  const record = (path: string, was: unknown, now: unknown) => {
    if (found++ < MAX_FIELDS) fields.push(fieldChange(path, was, now));
  };
  diffValue({ path: '', before: comparable(before), after: comparable(after), record });
  if (found === 0) return { change: 'unchanged', fields };
  return found > MAX_FIELDS
    ? { change: 'changed', fields, omitted: found - MAX_FIELDS }
    : { change: 'changed', fields };
}

/** The object without status and the metadata the API server keeps. */
function comparable(object: KubeObject): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = object;
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(metadata)) if (!SERVER_METADATA.has(field)) kept[field] = value;
  const annotations = metadata.annotations;
  if (annotations !== undefined && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _applied, ...others } = annotations;
    if (Object.keys(others).length > 0) kept['annotations'] = others;
    else delete kept['annotations'];
  }
  return { ...rest, metadata: kept };
}

function diffValue(input: {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly record: (path: string, before: unknown, after: unknown) => void;
}): void {
  const { path, before, after, record } = input;
  if (before === after) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const field of fields) {
      const child = IDENTIFIER.test(field)
        ? `${path === '' ? '' : `${path}.`}${field}`
        : `${path}[${JSON.stringify(field)}]`;
      diffValue({ path: child, before: before[field], after: after[field], record });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeNames = namesOf(before);
    const afterNames = namesOf(after);
    if (beforeNames && afterNames) {
      const byName = new Map<string, unknown>();
      for (const [index, name] of beforeNames.entries()) byName.set(name, before[index]);
      for (const [index, name] of afterNames.entries())
        diffValue({ path: `${path}[${name}]`, before: byName.get(name), after: after[index], record });
      for (const [index, name] of beforeNames.entries())
        if (!afterNames.includes(name)) record(`${path}[${name}]`, before[index], undefined);
      const kept = beforeNames.filter((name) => afterNames.includes(name));
      const order = afterNames.filter((name) => beforeNames.includes(name));
      if (kept.join('\n') !== order.join('\n')) record(`${path}[*].name`, kept, order);
      return;
    }
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index++)
      diffValue({ path: `${path}[${index}]`, before: before[index], after: after[index], record });
    return;
  }
  record(path, before, after);
}

/** The items' names when every item is an object with a distinct string `name`; else undefined. */
function namesOf(items: readonly unknown[]): string[] | undefined {
  const names: string[] = [];
  for (const item of items) {
    const name = isPlainObject(item) ? item['name'] : undefined;
    if (typeof name !== 'string' || names.includes(name)) return undefined;
    names.push(name);
  }
  return names;
}

function fieldChange(path: string, before: unknown, after: unknown): FieldChange {
  const was = capped(before);
  const now = capped(after);
  return {
    path,
    ...(before === undefined ? {} : { before: was.value }),
    ...(after === undefined ? {} : { after: now.value }),
    ...(was.truncated || now.truncated ? { truncated: true } : {}),
  };
}

function capped(value: unknown): { readonly value: unknown; readonly truncated: boolean } {
  if (typeof value === 'string')
    return value.length > MAX_VALUE_CHARS
      ? { value: `${value.slice(0, MAX_VALUE_CHARS)}…`, truncated: true }
      : { value, truncated: false };
  if (typeof value !== 'object' || value === null) return { value, truncated: false };
  const size = JSON.stringify(value).length;
  if (size <= MAX_VALUE_CHARS) return { value, truncated: false };
  const what = Array.isArray(value)
    ? `list of ${value.length} items`
    : `object of ${Object.keys(value).length} fields`;
  return { value: `<${what}, ${size} characters>`, truncated: true };
}

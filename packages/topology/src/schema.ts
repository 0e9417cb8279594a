/**
 * A small structural validator: it checks that decoded input has the types the analyzer reads,
 * and names the exact field path of every mismatch. Unknown fields are allowed (the API server
 * prunes them; manifests may carry more than we read).
 */

export interface SchemaIssue {
  /** Dotted path from the object root, e.g. `spec.listeners[0].port`. */
  readonly path: string;
  readonly message: string;
}

export type Schema =
  | { readonly type: 'string'; readonly values?: readonly string[] }
  | { readonly type: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'any' }
  | { readonly type: 'array'; readonly items: Schema }
  | { readonly type: 'record'; readonly values: Schema }
  | {
      readonly type: 'object';
      readonly fields: Readonly<Record<string, Schema>>;
      readonly required?: readonly string[];
    };

export const str: Schema = { type: 'string' };
export const any: Schema = { type: 'any' };
/** A string that must be one of `values` (an enum of the API). */
export const oneOf = (values: readonly string[]): Schema => ({ type: 'string', values });
export const int = (min?: number, max?: number): Schema => ({
  type: 'integer',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const arr = (items: Schema): Schema => ({ type: 'array', items });
export const rec = (values: Schema): Schema => ({ type: 'record', values });
export const obj = (fields: Readonly<Record<string, Schema>>, required: readonly string[] = []): Schema => ({
  type: 'object',
  fields,
  required,
});

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates `value` against `schema`; returns every issue found (empty when valid). */
export function validate(value: unknown, schema: Schema, path = ''): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  walk(value, schema, path === '' ? [] : [path], issues);
  return issues;
}

// The path is a stack of segments, joined only when an issue is reported: valid input (the
// common case) builds no strings.
function walk(value: unknown, schema: Schema, path: (string | number)[], issues: SchemaIssue[]): void {
  switch (schema.type) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string')
        issues.push({ path: render(path), message: `must be a string, got ${describe(value)}` });
      else if (schema.values !== undefined && !schema.values.includes(value))
        issues.push({
          path: render(path),
          message: `must be one of ${schema.values.join(', ')}, got ${JSON.stringify(value)}`,
        });
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        issues.push({ path: render(path), message: `must be true or false, got ${describe(value)}` });
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        issues.push({ path: render(path), message: `must be an integer, got ${describe(value)}` });
      } else if (
        (schema.min !== undefined && value < schema.min) ||
        (schema.max !== undefined && value > schema.max)
      ) {
        issues.push({
          path: render(path),
          message: `must be between ${schema.min ?? '-∞'} and ${schema.max ?? '∞'}, got ${value}`,
        });
      }
      return;
    case 'array':
      if (!Array.isArray(value)) {
        issues.push({ path: render(path), message: `must be a list, got ${describe(value)}` });
        return;
      }
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        walk(value[index], schema.items, path, issues);
        path.pop();
      }
      return;
    case 'record':
      if (!isPlainObject(value)) {
        issues.push({ path: render(path), message: `must be a map, got ${describe(value)}` });
        return;
      }
      for (const key in value) {
        path.push(key);
        walk(value[key], schema.values, path, issues);
        path.pop();
      }
      return;
    case 'object': {
      if (!isPlainObject(value)) {
        issues.push({ path: render(path), message: `must be an object, got ${describe(value)}` });
        return;
      }
      for (const field of schema.required ?? []) {
        if (value[field] === undefined || value[field] === null)
          issues.push({ path: render([...path, field]), message: 'is required' });
      }
      for (const field in schema.fields) {
        const item = value[field];
        if (item === undefined || item === null) continue;
        path.push(field);
        walk(item, schema.fields[field] as Schema, path, issues);
        path.pop();
      }
      return;
    }
  }
}

function render(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += out === '' ? JSON.stringify(segment) : `[${JSON.stringify(segment)}]`;
  }
  return out;
}

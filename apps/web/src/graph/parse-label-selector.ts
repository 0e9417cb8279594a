/**
 * Reads a label selector as kubectl takes it (`-l`): `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a`, `!a`, joined by commas (all must hold).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import type { LabelSelector } from '@gatemap/topology';

export type ParsedSelector =
  | { readonly valid: true; readonly selector: LabelSelector }
  | { readonly valid: false; readonly error: string };

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);
const VALUE_ONLY = new RegExp(`^${VALUE}$`);

/** Splits on the commas that separate requirements, not those inside `in (…)`. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

export function parseLabelSelector(text: string): ParsedSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: { key: string; operator: string; values?: string[] }[] = [];
  if (text.trim() === '') return { valid: true, selector: {} };
  for (const part of splitRequirements(text)) {
    if (part === '') return { valid: false, error: 'empty requirement (stray comma?)' };
    const equality = EQUALITY.exec(part);
    if (equality) {
      const [, key = '', , operator, value = ''] = equality;
      if (operator === '!=') matchExpressions.push({ key, operator: 'NotIn', values: [value] });
      else if (key in matchLabels && matchLabels[key] !== value)
        matchExpressions.push({ key, operator: 'In', values: [value] });
      else matchLabels[key] = value;
      continue;
    }
    const set = SET.exec(part);
    if (set) {
      const [, key = '', , operator, list = ''] = set;
      const values = list.split(',').map((value) => value.trim());
      const bad = values.find((value) => value === '' || !VALUE_ONLY.test(value));
      if (bad !== undefined) return { valid: false, error: `"${part}": bad value "${bad}"` };
      matchExpressions.push({ key, operator: operator === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    const exists = EXISTS.exec(part);
    if (exists) {
      const [, bang, key = ''] = exists;
      matchExpressions.push({ key, operator: bang === '!' ? 'DoesNotExist' : 'Exists' });
      continue;
    }
    return { valid: false, error: `cannot read "${part}" (try key=value, key!=value, key in (a,b), !key)` };
  }
  return {
    valid: true,
    selector: {
      ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
      ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
    },
  };
}

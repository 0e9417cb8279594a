/**
 * Kubernetes label selectors (matchLabels AND matchExpressions).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import type { LabelSelector } from './gateway-api.ts';

export type SelectorResult =
  { readonly valid: true; readonly matches: boolean } | { readonly valid: false; readonly error: string };

/**
 * Evaluates a selector. An empty selector matches everything; an invalid one (unknown operator,
 * `In` without values, `Exists` with values) matches nothing and says why.
 */
export function matchLabelSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): SelectorResult {
  // Most selectors have only matchLabels, and are evaluated for every Route they admit: an absent
  // list of expressions is not walked.
  const expressions = selector.matchExpressions;
  if (expressions !== undefined)
    for (const requirement of expressions) {
      const values = requirement.values ?? [];
      switch (requirement.operator) {
        case 'In':
        case 'NotIn':
          if (values.length === 0)
            return {
              valid: false,
              error: `operator ${requirement.operator} on key "${requirement.key}" needs values`,
            };
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length > 0)
            return {
              valid: false,
              error: `operator ${requirement.operator} on key "${requirement.key}" takes no values`,
            };
          break;
        default:
          return {
            valid: false,
            error: `unknown operator "${requirement.operator}" on key "${requirement.key}"`,
          };
      }
    }
  const matchLabels = selector.matchLabels;
  // for-in, not Object.keys: no list of keys is made for each Route that a selector admits.
  if (matchLabels)
    for (const key in matchLabels)
      if (Object.hasOwn(matchLabels, key) && labels[key] !== matchLabels[key]) return NO_MATCH;
  if (expressions !== undefined)
    for (const requirement of expressions) {
      const has = Object.hasOwn(labels, requirement.key);
      const value = labels[requirement.key];
      const values = requirement.values ?? [];
      const ok =
        requirement.operator === 'In'
          ? has && values.includes(value ?? '')
          : requirement.operator === 'NotIn'
            ? !has || !values.includes(value ?? '')
            : requirement.operator === 'Exists'
              ? has
              : !has;
      if (!ok) return NO_MATCH;
    }
  return MATCH;
}

// The two valid answers, shared: a selector is evaluated for every Route it admits.
const MATCH: SelectorResult = Object.freeze({ valid: true, matches: true });
const NO_MATCH: SelectorResult = Object.freeze({ valid: true, matches: false });

/** Renders a selector as kubectl would print it: `a=b,c in (d,e)`. */
export function formatLabelSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions ?? []) {
    const values = (requirement.values ?? []).join(',');
    parts.push(
      requirement.operator === 'Exists'
        ? requirement.key
        : requirement.operator === 'DoesNotExist'
          ? `!${requirement.key}`
          : `${requirement.key} ${requirement.operator.toLowerCase()} (${values})`,
    );
  }
  return parts.length === 0 ? '(everything)' : parts.join(',');
}

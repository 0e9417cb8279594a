/**
 * An Ingress path as a set of requests against a Route match (I5, I6, G2, G3), and the order in
 * which matches take a request both admit (G6): one row per rule.
 */
import { describe, expect, it } from 'vitest';
import {
  comparePrecedence,
  pathRelation,
  type IngressPathKey,
  type PathRelation,
} from './ingress-precedence.ts';
import type { ServedMatch } from './ingress-route-index.ts';
import type { ObjectKey } from './object-key.ts';
import { TS_NEW, TS_OLD } from './test-support.ts';

describe('pathRelation', () => {
  const rows: [string, IngressPathKey, string, string, PathRelation][] = [
    [
      'I6, G2: an equal prefix admits all',
      { pathType: 'Prefix', path: '/app' },
      'PathPrefix',
      '/app/',
      'all',
    ],
    ['I6, G2: a shorter prefix admits all', { pathType: 'Prefix', path: '/app' }, 'PathPrefix', '/', 'all'],
    [
      'I6, G2: a longer prefix under it admits part',
      { pathType: 'Prefix', path: '/app' },
      'PathPrefix',
      '/app/x',
      'part',
    ],
    [
      'I6, G2: prefixes are segment-wise: /apple is not under /app',
      { pathType: 'Prefix', path: '/app' },
      'PathPrefix',
      '/apple',
      'none',
    ],
    [
      'G2: /app is not under /apple either',
      { pathType: 'Prefix', path: '/apple' },
      'PathPrefix',
      '/app',
      'none',
    ],
    [
      'G3: an Exact path under the prefix admits part',
      { pathType: 'Prefix', path: '/app' },
      'Exact',
      '/app/login',
      'part',
    ],
    [
      'G3: an Exact path equal to the prefix admits part (not /app/x)',
      { pathType: 'Prefix', path: '/app' },
      'Exact',
      '/app',
      'part',
    ],
    [
      'I5: an Exact key is admitted by the identical Exact',
      { pathType: 'Exact', path: '/app' },
      'Exact',
      '/app',
      'all',
    ],
    ['I5: /app is not /app/', { pathType: 'Exact', path: '/app' }, 'Exact', '/app/', 'none'],
    [
      'I5, G2: an Exact key under a PathPrefix is admitted by it',
      { pathType: 'Exact', path: '/app/x' },
      'PathPrefix',
      '/app',
      'all',
    ],
    [
      'G4: a RegularExpression is not ranked',
      { pathType: 'Prefix', path: '/' },
      'RegularExpression',
      '/.*',
      'none',
    ],
  ];
  for (const [name, key, pathType, path, relation] of rows)
    it(name, () => expect(pathRelation(key, { pathType, path })).toBe(relation));
});

function match(input: Partial<ServedMatch>): ServedMatch {
  return {
    route: 'HTTPRoute/default/r' as ObjectKey,
    routeMeta: { name: 'r', namespace: 'default' },
    rule: 0,
    match: 0,
    hostname: '*',
    catchAll: true,
    pathType: 'PathPrefix',
    path: '/',
    conditions: false,
    method: false,
    headers: 0,
    queryParams: 0,
    accepted: true,
    backends: [],
    filters: [],
    redirectsToHttps: false,
    ...input,
  };
}

describe('comparePrecedence (G6)', () => {
  const first = (left: Partial<ServedMatch>, right: Partial<ServedMatch>) =>
    comparePrecedence(match(left), match(right)) < 0;
  it('a precise hostname before a wildcard, a wildcard before every host', () => {
    expect(
      first({ hostname: 'a.example.com', path: '/' }, { hostname: '*.example.com', path: '/long' }),
    ).toBe(true);
    expect(first({ hostname: '*.example.com' }, { hostname: '*', path: '/long' })).toBe(true);
  });
  it('Exact before PathPrefix, then the longer prefix', () => {
    expect(first({ pathType: 'Exact', path: '/a' }, { path: '/a/b/c' })).toBe(true);
    expect(first({ path: '/a/b' }, { path: '/a' })).toBe(true);
  });
  it('then a method, more headers, more query parameters', () => {
    expect(first({ method: true }, { headers: 3 })).toBe(true);
    expect(first({ headers: 2 }, { headers: 1, queryParams: 4 })).toBe(true);
    expect(first({ queryParams: 1 }, {})).toBe(true);
  });
  it('then the oldest Route, its namespace/name, the rule and the match', () => {
    expect(
      first(
        { routeMeta: { name: 'z', namespace: 'default', creationTimestamp: TS_OLD } },
        { routeMeta: { name: 'a', namespace: 'default', creationTimestamp: TS_NEW } },
      ),
    ).toBe(true);
    expect(
      first(
        { routeMeta: { name: 'a', namespace: 'default' } },
        { routeMeta: { name: 'b', namespace: 'default' } },
      ),
    ).toBe(true);
    expect(first({ rule: 0, match: 3 }, { rule: 1 })).toBe(true);
    expect(first({ match: 0 }, { match: 1 })).toBe(true);
  });
});

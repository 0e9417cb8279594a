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
  /** One rule: the Ingress path `key` against a Route match, and the requests of the key it admits. */
  const row = (
    name: string,
    [keyType, keyPath]: [IngressPathKey['pathType'], string],
    [pathType, path]: [ServedMatch['pathType'], string],
    relation: PathRelation,
  ) => ({ name, key: { pathType: keyType, path: keyPath }, match: { pathType, path }, relation });
  const rows = [
    row('I6, G2: an equal prefix admits all', ['Prefix', '/app'], ['PathPrefix', '/app/'], 'all'),
    row('I6, G2: a shorter prefix admits all', ['Prefix', '/app'], ['PathPrefix', '/'], 'all'),
    row('I6, G2: a longer prefix under it admits part', ['Prefix', '/app'], ['PathPrefix', '/app/x'], 'part'),
    row(
      'I6, G2: prefixes are segment-wise: /apple is not under /app',
      ['Prefix', '/app'],
      ['PathPrefix', '/apple'],
      'none',
    ),
    row('G2: /app is not under /apple either', ['Prefix', '/apple'], ['PathPrefix', '/app'], 'none'),
    row(
      'G3: an Exact path under the prefix admits part',
      ['Prefix', '/app'],
      ['Exact', '/app/login'],
      'part',
    ),
    row(
      'G3: an Exact path equal to the prefix admits part (not /app/x)',
      ['Prefix', '/app'],
      ['Exact', '/app'],
      'part',
    ),
    row('I5: an Exact key is admitted by the identical Exact', ['Exact', '/app'], ['Exact', '/app'], 'all'),
    row('I5: /app is not /app/', ['Exact', '/app'], ['Exact', '/app/'], 'none'),
    row(
      'I5, G2: an Exact key under a PathPrefix is admitted by it',
      ['Exact', '/app/x'],
      ['PathPrefix', '/app'],
      'all',
    ),
    row('G4: a RegularExpression is not ranked', ['Prefix', '/'], ['RegularExpression', '/.*'], 'none'),
  ];
  for (const { name, key, match, relation } of rows)
    it(name, () => expect(pathRelation(key, match)).toBe(relation));
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

import { gateway, gatewayClass, httpRoute, namespace, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from './history.ts';
import type { ObjectKey } from './object-key.ts';
import { canSeeHistoryOf, scopeHistory } from './share-history.ts';
import { scopeView } from './share-scope.ts';
import { viewOfObjects } from './topology-at.ts';

const key = (text: string) => text as ObjectKey;

function scoped() {
  const { view } = viewOfObjects([
    gatewayClass(),
    namespace({ name: 'shop' }),
    gateway({
      name: 'edge',
      namespace: 'infra',
      listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }],
    }),
    gateway({ name: 'marker-gw', namespace: 'marker-ns' }),
    service({ name: 'api', namespace: 'shop' }),
    httpRoute({
      name: 'web',
      namespace: 'shop',
      parentRefs: [{ name: 'edge', namespace: 'infra' }],
      backends: ['api:80'],
    }),
    httpRoute({
      name: 'marker-route',
      namespace: 'marker-ns',
      parentRefs: [{ name: 'edge', namespace: 'infra' }],
    }),
  ]);
  return scopeView(view, { namespaces: ['shop'] });
}

const entries: HistoryEntry[] = [
  {
    type: 'object',
    cluster: 'prod',
    seq: 1,
    at: '2026-12-07T00:00:00.000Z',
    key: key('Namespace/shop'),
    change: 'changed',
    fields: [{ path: 'metadata.labels', before: { owner: 'marker-team' } }],
    mentions: [],
  },
  {
    type: 'object',
    cluster: 'prod',
    seq: 2,
    at: '2026-12-07T00:00:00.000Z',
    key: key('HTTPRoute/marker-ns/marker-route'),
    change: 'deleted',
    fields: [],
    mentions: [{ key: key('HTTPRoute/marker-ns/marker-route'), text: 'HTTPRoute marker-ns/marker-route' }],
  },
  {
    type: 'object',
    cluster: 'prod',
    seq: 3,
    at: '2026-12-07T00:00:00.000Z',
    key: key('Gateway/infra/edge'),
    change: 'changed',
    fields: [
      { path: 'spec.listeners[http].hostname', after: 'shop.example.com' },
      { path: 'metadata.labels.owner', before: 'marker-team' },
    ],
    mentions: [],
  },
  {
    type: 'verdict',
    cluster: 'prod',
    seq: 4,
    at: '2026-12-07T00:00:00.000Z',
    key: key('HTTPRoute/shop/web'),
    verdict: {
      key: key('HTTPRoute/shop/web'),
      id: 'parent:Gateway/marker-ns/marker-gw:Accepted',
      direction: 'broke',
      message: 'HTTPRoute shop/web: Accepted True → False on parent Gateway marker-ns/marker-gw',
      mentions: [
        { key: key('HTTPRoute/shop/web'), text: 'HTTPRoute shop/web' },
        { key: key('Gateway/marker-ns/marker-gw'), text: 'Gateway marker-ns/marker-gw' },
      ],
    },
    causes: [
      { seq: 1, key: key('Namespace/shop'), change: 'changed' },
      { seq: 2, key: key('HTTPRoute/marker-ns/marker-route'), change: 'deleted' },
      { seq: 3, key: key('Gateway/infra/edge'), change: 'changed' },
    ],
  },
];

describe('history under a share link', () => {
  it('sees what the link sees in full, and its own namespace', () => {
    const scope = scoped();
    expect(canSeeHistoryOf(scope, key('HTTPRoute/shop/web'))).toBe(true);
    expect(canSeeHistoryOf(scope, key('Gateway/infra/edge'))).toBe(true);
    expect(canSeeHistoryOf(scope, key('HTTPRoute/shop/deleted-since'))).toBe(true);
    expect(canSeeHistoryOf(scope, key('HTTPRoute/marker-ns/marker-route'))).toBe(false);
    expect(canSeeHistoryOf(scope, key('Namespace/shop'))).toBe(false);
  });

  it('drops entries of hidden objects and hides causes naming them, leaving no hidden name', () => {
    const shown = scopeHistory(entries, scoped());
    expect(shown.map((entry) => entry.seq)).toEqual([3, 4]);
    const verdict = shown[1];
    expect(verdict?.type === 'verdict' && verdict.causes).toEqual([
      { seq: 1, hidden: true },
      { seq: 2, hidden: true },
      { seq: 3, key: 'Gateway/infra/edge', change: 'changed' },
    ]);
    expect(verdict?.type === 'verdict' && verdict.verdict.message).toBe(
      'HTTPRoute shop/web: Accepted True → False on parent a Gateway of another namespace',
    );
    expect(shown[0]).toMatchObject({ fields: [{ path: 'spec.listeners[http].hostname' }] });
    expect(JSON.stringify(shown)).not.toMatch(/marker/);
  });
});

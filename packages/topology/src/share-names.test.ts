/**
 * The scoping step of share links: a mention of an object the link cannot see is put in words
 * that say what it is, and any `namespace/name` of such an object in any string is too, while
 * what the link may read (its own names, what it sees, text that names no object) stays as it is.
 */
import { gateway, gatewayClass, grpcRoute, httpRoute, listenerSet, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import {
  mentionListener,
  mentionObject,
  scopeView,
  type ShareNames,
  TopologyEngine,
  TopologyView,
  type ObjectKey,
} from './index.ts';
import { upsert } from './test-support.ts';

function viewOf(objects: unknown[]): TopologyView {
  const engine = new TopologyEngine();
  engine.apply(objects.map(upsert));
  return new TopologyView(engine);
}

const ESTATE = [
  gatewayClass(),
  gateway({
    name: 'shared',
    namespace: 'infra',
    listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }],
    spec: { allowedListeners: { namespaces: { from: 'All' } } },
  }),
  httpRoute({ name: 'web', namespace: 'shop', parentRefs: [{ name: 'shared', namespace: 'infra' }] }),
  httpRoute({ name: 'admin', namespace: 'shop', parentRefs: [{ name: 'shared', namespace: 'infra' }] }),
  grpcRoute({ name: 'api', namespace: 'rival', parentRefs: [{ name: 'shared', namespace: 'infra' }] }),
  service({ name: 'backend', namespace: 'rival' }),
];

function namesFor(scope: { namespaces: string[]; routes?: string[] }): ShareNames {
  return scopeView(viewOf(ESTATE), scope).names;
}

describe('share names', () => {
  const names = namesFor({ namespaces: ['shop'] });
  it.each([
    [
      'a hidden object after its kind',
      'lost to GRPCRoute rival/api.',
      'lost to a GRPCRoute of another namespace.',
    ],
    ['a hidden key', 'grant ReferenceGrant/rival/grant-1', 'grant a ReferenceGrant of another namespace'],
    [
      'a hidden key on the wire of several clusters',
      'prod:Service/rival/backend',
      'prod:a Service of another namespace',
    ],
    ['a bare hidden namespace/name', 'see rival/backend', 'see an object of another namespace'],
    ['a visible object', 'Gateway infra/shared is valid', 'Gateway infra/shared is valid'],
    ['an object of its own namespace', 'Service shop/anything', 'Service shop/anything'],
    [
      'a URL',
      'https://gateway-api.sigs.k8s.io/api-types/httproute/#x',
      'https://gateway-api.sigs.k8s.io/api-types/httproute/#x',
    ],
    ['an apiVersion', 'gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1'],
    ['a value that names no namespace of the cluster', 'content-type: text/html', 'content-type: text/html'],
  ])('scopes %s', (_title, text, expected) => {
    expect(names.scope(text)).toBe(expected);
  });

  it('puts hidden mentions in words, drops them, and keeps visible ones', () => {
    const hidden = mentionListener('ListenerSet/rival/edge' as ObjectKey, 'web');
    const shown = mentionObject('Gateway/infra/shared' as ObjectKey);
    const scoped = names.scope({
      message: `Port 80 is also used by ${hidden.text}; see ${shown.text}.`,
      fix: { description: `Ask the owner of ${hidden.text}.` },
      mentions: [hidden, shown],
    });
    expect(scoped).toEqual({
      message:
        'Port 80 is also used by a listener of a ListenerSet of another namespace; see Gateway infra/shared.',
      fix: { description: 'Ask the owner of a listener of a ListenerSet of another namespace.' },
      mentions: [shown],
    });
  });

  it('leaves out status entries about a parent or ancestor it cannot see', () => {
    const entry = (namespace: string, name: string) => ({
      ancestorRef: { kind: 'Gateway', namespace, name },
      conditions: [],
    });
    expect(names.scope({ ancestors: [entry('infra', 'shared'), entry('rival', 'edge')] })).toEqual({
      ancestors: [entry('infra', 'shared')],
    });
    expect(names.scope([{ parentRef: { namespace: 'rival', name: 'edge' } }])).toEqual([]);
  });

  it('hides Routes of its own namespace that a link restricted to some Routes leaves out', () => {
    const restricted = namesFor({ namespaces: ['shop'], routes: ['shop/web'] });
    expect(restricted.scope('HTTPRoute shop/web and HTTPRoute shop/admin')).toBe(
      'HTTPRoute shop/web and an HTTPRoute not shared with this link',
    );
    expect(
      restricted.scope({
        message: 'lost to HTTPRoute shop/admin',
        mentions: [mentionObject('HTTPRoute/shop/admin' as ObjectKey)],
      }),
    ).toEqual({ message: 'lost to an HTTPRoute not shared with this link' });
  });

  it('scopes what the view of a share link lists', () => {
    const view = viewOf([
      ...ESTATE,
      listenerSet({
        name: 'first',
        namespace: 'rival',
        creationTimestamp: '2024-01-01T00:00:00Z',
        parent: 'shared',
        parentNamespace: 'infra',
        listeners: [{ name: 'theirs', port: 8080 }],
      }),
      listenerSet({
        name: 'second',
        namespace: 'shop',
        creationTimestamp: '2024-06-01T00:00:00Z',
        parent: 'shared',
        parentNamespace: 'infra',
        listeners: [{ name: 'ours', port: 8080 }],
      }),
    ]);
    const scoped = scopeView(view, { namespaces: ['shop'] });
    const text = JSON.stringify({ nodes: scoped.nodes, edges: scoped.edges, findings: scoped.findings });
    expect(text).not.toMatch(/rival\/first|"theirs"/);
    expect(text).toContain('a listener of a ListenerSet of another namespace');
  });
});

import { describe, expect, it } from 'vitest';
import type { ClusterStatus } from '@gatemap/topology';
import type { ShareLink } from '../api/access-api.ts';
import { topologyNode } from '../test/topology-builders.ts';
import {
  formProblems,
  initialShareForm,
  linkState,
  namespaceOptions,
  routeOptions,
  scopeText,
  shareRequest,
} from './share-form.ts';

const ROUTE = { type: 'route', hostnames: [], rules: 1, parents: 1 } as const;
const nodes = [
  topologyNode({ kind: 'HTTPRoute', namespace: 'shop', name: 'web', summary: ROUTE }),
  topologyNode({ kind: 'GRPCRoute', namespace: 'shop', name: 'web', summary: ROUTE }),
  topologyNode({ kind: 'HTTPRoute', namespace: 'shop', name: 'api', summary: ROUTE }),
  topologyNode({ kind: 'HTTPRoute', namespace: 'pay', name: 'checkout', summary: ROUTE }),
  topologyNode({ kind: 'Service', namespace: 'shop', name: 'web' }),
  topologyNode({ kind: 'Service', namespace: 'gone', name: 'ghost', ghost: true }),
  topologyNode({ kind: 'GatewayClass', name: 'example' }),
];
const cluster = (name: string): ClusterStatus => ({ name, source: 'demo', state: 'synced', kinds: [] });

describe('the share-link form', () => {
  it('offers the namespaces that hold objects, the prefilled ones first', () => {
    expect(namespaceOptions(nodes, undefined, ['shop', 'empty'])).toEqual([
      { value: 'shop', count: 4 },
      { value: 'empty', count: 0 },
      { value: 'pay', count: 1 },
    ]);
    expect(namespaceOptions(nodes, undefined).map((option) => option.value)).toEqual(['pay', 'shop']);
  });

  it('offers only the Routes of the chosen namespaces, one option per namespace/name', () => {
    expect(routeOptions(nodes, undefined, ['shop'])).toEqual([
      { value: 'shop/api', detail: 'HTTPRoute' },
      { value: 'shop/web', detail: 'GRPCRoute, HTTPRoute' },
    ]);
    expect(routeOptions(nodes, undefined, [])).toEqual([]);
  });

  it('starts from the namespace filter, else from the selected object', () => {
    const selected = nodes[3];
    expect(
      initialShareForm({ cluster: undefined, namespaces: ['shop'] }, selected, [cluster('demo')]),
    ).toEqual({
      cluster: 'demo',
      namespaces: ['shop'],
      routes: [],
      expiresIn: '24h',
      label: '',
    });
    expect(
      initialShareForm({ cluster: undefined, namespaces: [] }, selected, [cluster('demo')]).namespaces,
    ).toEqual(['pay']);
    expect(
      initialShareForm({ cluster: 'b', namespaces: [] }, undefined, [cluster('a'), cluster('b')]).cluster,
    ).toBe('b');
  });

  it('sends routes only when some are chosen, and only those inside the namespaces', () => {
    const form = {
      cluster: 'demo',
      namespaces: ['shop'],
      routes: [],
      expiresIn: '7d',
      label: ' shop team ',
    } as const;
    expect(shareRequest(form)).toEqual({
      cluster: 'demo',
      namespaces: ['shop'],
      expiresIn: '7d',
      label: 'shop team',
    });
    expect(shareRequest({ ...form, routes: ['shop/web', 'pay/checkout'] }).routes).toEqual(['shop/web']);
  });

  it('names what is missing', () => {
    const form = { cluster: undefined, namespaces: [], routes: [], expiresIn: '24h', label: '' } as const;
    expect(formProblems(form, [cluster('a'), cluster('b')])).toEqual([
      'Choose a cluster.',
      'Choose at least one namespace.',
      'Give the link a label (who it is for).',
    ]);
    expect(formProblems({ ...form, namespaces: ['shop'], label: 'x' }, [cluster('a')])).toEqual([]);
  });

  it('reads a link as active, expired or revoked', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    const link: ShareLink = {
      id: 'x',
      label: 'l',
      namespaces: ['shop'],
      createdAt: '2026-03-01T00:00:00Z',
      expiresAt: '2026-03-02T00:00:00Z',
      createdBy: 'admin',
      uses: 0,
    };
    expect(linkState(link, now)).toBe('active');
    expect(linkState({ ...link, expiresAt: '2026-03-01T11:00:00Z' }, now)).toBe('expired');
    expect(linkState({ ...link, revokedAt: '2026-03-01T11:30:00Z' }, now)).toBe('revoked');
    expect(scopeText({ ...link, cluster: 'demo', routes: ['shop/web'] }, true)).toBe(
      'cluster demo · namespace shop · only Route shop/web',
    );
  });
});

/**
 * The analyzer shares equal values between the Routes that have them (listener-name lists,
 * Accepted conditions, resolved parentRefs): a value keyed ambiguously would hand one Route
 * another's. Listener names are any text, so names that look like a list of names must stay
 * apart from that list.
 */
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyEngine, TopologyView, type ObjectKey, type ParentReference } from './index.ts';
import { SharedValues } from './shared-values.ts';
import { upsert } from './test-support.ts';

function analyze(objects: unknown[]): TopologyEngine {
  const engine = new TopologyEngine();
  engine.apply(objects.map(upsert));
  return engine;
}

/**
 * Listeners `a` and `b` for one hostname, with Route `both` on them, and a listener named `odd`
 * (like a list of the two) for another, with Route `odd` on it.
 */
function listenersAndOneNamedLikeThem(odd: string): TopologyEngine {
  return analyze([
    gatewayClass(),
    service({ name: 'svc', ports: [80] }),
    gateway({
      listeners: [
        { name: 'a', hostname: 'x.example.com' },
        { name: 'b', hostname: 'x.example.com', port: 8080 },
        { name: odd, hostname: 'y.example.com', port: 8081 },
      ],
    }),
    httpRoute({ name: 'both', hostnames: ['x.example.com'], backends: ['svc:80'] }),
    httpRoute({ name: 'odd', hostnames: ['y.example.com'], backends: ['svc:80'] }),
  ]);
}

describe('values shared between Routes', () => {
  it('keeps a listener named like a list of listeners apart from that list', () => {
    const engine = listenersAndOneNamedLikeThem('["a","b"]');
    const listeners = (name: string) =>
      engine.route(`HTTPRoute/default/${name}` as ObjectKey)?.parents.map((parent) => parent.listeners);
    expect(listeners('both')).toEqual([['a', 'b']]);
    expect(listeners('odd')).toEqual([['["a","b"]']]);
  });

  it('words the Accepted message of one listener named like a list apart from that list', () => {
    const engine = listenersAndOneNamedLikeThem('a, b');
    const message = (name: string) =>
      engine
        .route(`HTTPRoute/default/${name}` as ObjectKey)
        ?.parents[0]?.conditions.find((condition) => condition.type === 'Accepted')?.message;
    expect(message('both')).toBe('Route is accepted on listeners a, b.');
    expect(message('odd')).toBe('Route is accepted on listener a, b.');
  });

  it('gives parentRefs to one parent by other sections their own resolution', () => {
    const engine = analyze([
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'a', hostname: 'x.example.com' },
          { name: 'b', hostname: 'x.example.com', port: 8080 },
        ],
      }),
      httpRoute({ name: 'first', parentRefs: [{ name: 'gateway', sectionName: 'a' }] }),
      httpRoute({ name: 'second', parentRefs: [{ name: 'gateway', sectionName: 'b' }] }),
      httpRoute({ name: 'port', parentRefs: [{ name: 'gateway', port: 8080 }] }),
      httpRoute({ name: 'whole', parentRefs: [{ name: 'gateway' }] }),
    ]);
    const parent = (name: string) => engine.route(`HTTPRoute/default/${name}` as ObjectKey)?.parents[0];
    expect(parent('first')?.parent).toMatchObject({ sectionName: 'a', port: undefined });
    expect(parent('second')?.parent).toMatchObject({ sectionName: 'b', port: undefined });
    expect(parent('port')?.parent).toMatchObject({ sectionName: undefined, port: 8080 });
    expect(parent('whole')?.parent).toMatchObject({ sectionName: undefined, port: undefined });
    expect(parent('first')?.listeners).toEqual(['a']);
    expect(parent('port')?.listeners).toEqual(['b']);
  });

  it('gives Routes in different namespaces their own resolved parentRef', () => {
    const engine = analyze([
      gatewayClass(),
      gateway({ listeners: [{ allowedRoutes: { namespaces: { from: 'All' } } }] }),
      httpRoute({ name: 'here', parentRefs: [{ name: 'gateway', namespace: 'default' }] }),
      httpRoute({
        name: 'there',
        namespace: 'other',
        parentRefs: [{ name: 'gateway', namespace: 'default' }],
      }),
    ]);
    const parent = (key: string) => engine.route(key as ObjectKey)?.parents[0]?.parent;
    expect(parent('HTTPRoute/default/here')).toMatchObject({
      key: 'Gateway/default/gateway',
      crossNamespace: false,
    });
    expect(parent('HTTPRoute/other/there')).toMatchObject({
      key: 'Gateway/default/gateway',
      crossNamespace: true,
    });
  });

  it('resolves parentRefs right after its cache of them fills and empties', () => {
    const shared = new SharedValues();
    const resolveParentRef = (namespace: string, ref: ParentReference) => shared.parentRef(namespace, ref);
    const first = resolveParentRef('apps', { name: 'gw-0', sectionName: 'https' });
    for (let index = 1; index <= 70_000; index++) {
      const resolved = resolveParentRef('apps', { name: `gw-${index}`, port: index });
      expect(resolved.key).toBe(`Gateway/apps/gw-${index}`);
      expect(resolved.port).toBe(index);
    }
    const again = resolveParentRef('apps', { name: 'gw-0', sectionName: 'https' });
    expect(again).toEqual(first);
    expect(resolveParentRef('apps', { name: 'gw-70000', port: 1 }).port).toBe(1);
    // Whatever was kept across the emptying is filed under its own name only.
    for (let port = 60_000; port <= 70_000; port++)
      expect(resolveParentRef('apps', { name: 'gw-0', port }).key).toBe('Gateway/apps/gw-0');
  });

  it('gives each Service the summary of its own ports, shared only with Services of the same ports', () => {
    const port = (name: string | undefined, number: number, protocol: string) => ({
      ...(name === undefined ? {} : { name }),
      port: number,
      protocol,
    });
    const custom = (name: string, ports: object[], type?: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { ...(type ? { type } : {}), ports },
    });
    // In this order each Service differs from the one before in one thing (type, port, protocol,
    // name), as the summary of the one before is looked at first.
    const services = {
      http: custom('http', [port('http', 80, 'TCP')]),
      node: custom('node', [port('http', 80, 'TCP')], 'NodePort'),
      twin: custom('twin', [port('http', 80, 'TCP')]),
      other: custom('other', [port('http', 81, 'TCP')]),
      udp: custom('udp', [port('http', 81, 'UDP')]),
      web: custom('web', [port('web', 81, 'UDP')]),
      unnamed: custom('unnamed', [port(undefined, 81, 'UDP')]),
      blank: custom('blank', [port('', 81, 'UDP')]),
      two: custom('two', [port('http', 80, 'TCP'), port('admin', 9090, 'TCP')]),
    };
    const view = new TopologyView(analyze(Object.values(services)));
    const summary = (name: string) => view.node(`Service/default/${name}`)?.summary;
    expect(summary('http')).toEqual({
      type: 'backend',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    });
    expect(summary('web')).toMatchObject({ ports: [{ name: 'web', port: 81, protocol: 'UDP' }] });
    expect(summary('udp')).toMatchObject({ ports: [{ name: 'http', port: 81, protocol: 'UDP' }] });
    expect(summary('other')).toMatchObject({ ports: [{ name: 'http', port: 81, protocol: 'TCP' }] });
    expect(summary('node')).toMatchObject({ serviceType: 'NodePort' });
    expect(summary('http')).not.toHaveProperty('serviceType', 'NodePort');
    expect(summary('two')).toMatchObject({ ports: [{ name: 'http' }, { name: 'admin', port: 9090 }] });
    // A port without a name and one named '' read alike, and equal summaries are one value.
    expect(summary('unnamed')).toBe(summary('blank'));
    expect(summary('twin')).toBe(summary('http'));
    const distinct = new Set(['http', 'web', 'udp', 'other', 'node', 'unnamed', 'two'].map(summary));
    expect(distinct.size).toBe(7);
  });
});

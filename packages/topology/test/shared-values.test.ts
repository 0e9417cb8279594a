/**
 * The analyzer shares equal values between the Routes that have them (listener-name lists,
 * Accepted conditions, resolved parentRefs): a value keyed ambiguously would hand one Route
 * another's. Listener names are any text, so names that look like a list of names must stay
 * apart from that list.
 */
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { decodeObject, resolveParentRef, TopologyEngine, type Change, type ObjectKey } from '../src/index.ts';

function analyze(objects: unknown[]): TopologyEngine {
  const engine = new TopologyEngine();
  engine.apply(
    objects.map((object): Change => {
      const decoded = decodeObject(object);
      if (!decoded.ok || !('value' in decoded)) throw new Error('fixture did not decode');
      return { type: 'upsert', object: decoded.value };
    }),
  );
  return engine;
}

describe('values shared between Routes', () => {
  it('keeps a listener named like a list of listeners apart from that list', () => {
    const engine = analyze([
      gatewayClass(),
      service({ name: 'svc', ports: [80] }),
      gateway({
        listeners: [
          { name: 'a', hostname: 'x.example.com' },
          { name: 'b', hostname: 'x.example.com', port: 8080 },
          { name: '["a","b"]', hostname: 'y.example.com', port: 8081 },
        ],
      }),
      httpRoute({ name: 'both', hostnames: ['x.example.com'], backends: ['svc:80'] }),
      httpRoute({ name: 'odd', hostnames: ['y.example.com'], backends: ['svc:80'] }),
    ]);
    const listeners = (name: string) =>
      engine.route(`HTTPRoute/default/${name}` as ObjectKey)?.parents.map((parent) => parent.listeners);
    expect(listeners('both')).toEqual([['a', 'b']]);
    expect(listeners('odd')).toEqual([['["a","b"]']]);
  });

  it('words the Accepted message of one listener named like a list apart from that list', () => {
    const engine = analyze([
      gatewayClass(),
      service({ name: 'svc', ports: [80] }),
      gateway({
        listeners: [
          { name: 'a', hostname: 'x.example.com' },
          { name: 'b', hostname: 'x.example.com', port: 8080 },
          { name: 'a, b', hostname: 'y.example.com', port: 8081 },
        ],
      }),
      httpRoute({ name: 'both', hostnames: ['x.example.com'], backends: ['svc:80'] }),
      httpRoute({ name: 'odd', hostnames: ['y.example.com'], backends: ['svc:80'] }),
    ]);
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
});

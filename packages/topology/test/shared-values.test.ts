/**
 * The analyzer shares equal values between the Routes that have them (listener-name lists,
 * Accepted conditions, resolved parentRefs): a value keyed ambiguously would hand one Route
 * another's. Listener names are any text, so names that look like a list of names must stay
 * apart from that list.
 */
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { decodeObject, TopologyEngine, type Change, type ObjectKey } from '../src/index.ts';

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
});

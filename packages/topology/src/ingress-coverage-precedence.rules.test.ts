/**
 * Ingress coverage judged by the Route that actually receives each request (C3 of
 * ../shared/ingress-migration.md, by the HTTPRoute precedence of G6): one row per rule, each citing
 * it. A Route that outranks the one serving an Ingress path and takes part of its requests to
 * another backend leaves the path partial, named with the part it takes.
 */
import { gateway, gatewayClass, httpRoute, ingress, service, type KubeObject } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { migrationCoverage, type IngressCoverage } from './ingress-coverage.ts';
import { TopologyEngine } from './index.ts';
import { TS_NEW, TS_OLD, upsert } from './test-support.ts';

const HOST = 'shop.example.com';
const services = [service({ name: 'a', ports: [80, 8080] }), service({ name: 'b' })];

function coverage(...objects: KubeObject[]): readonly IngressCoverage[] {
  const engine = new TopologyEngine();
  engine.apply([gatewayClass(), ...services, ...objects].map(upsert));
  return migrationCoverage(engine).coverages;
}

type Match = Record<string, unknown>;

function route(name: string, hostnames: string[] | undefined, match: Match, backend = 'a', port = 80) {
  return httpRoute({
    name,
    ...(hostnames ? { hostnames } : {}),
    rules: [{ matches: [match], backendRefs: [{ name: backend, port }] }],
  });
}

const prefix = (value: string): Match => ({ path: { type: 'PathPrefix', value } });
const exact = (value: string): Match => ({ path: { type: 'Exact', value } });

function shop(path: string, backend = 'a:80', name = 'web'): KubeObject {
  return ingress({ name, rules: [{ host: HOST, paths: [{ path, backend }] }] });
}

/** The verdict of the first path of the first Ingress. */
function first(result: readonly IngressCoverage[]) {
  return result[0]?.paths[0]?.verdict;
}

describe('what a more specific Route takes from an Ingress path (C3, G6)', () => {
  it('G6 hostnames: a host-specific Route takes a sub-path from the catch-all Route serving the Ingress path', () => {
    const result = coverage(
      gateway(),
      shop('/'),
      route('all', undefined, prefix('/')),
      route('api', [HOST], prefix('/api'), 'b'),
    );
    expect(result[0]?.state).toBe('not-started');
    expect(first(result)).toEqual({
      served: false,
      reason: 'captured',
      route: 'HTTPRoute/default/api',
      capturedPath: '/api',
      message:
        'shop.example.com/ (Prefix): HTTPRoute default/api rule 0 takes PathPrefix /api for host shop.example.com ahead of HTTPRoute default/all, and sends these requests to Service/default/b, not Service/default/a',
    });
  });

  it('G1, G6: a host-specific Route outranks a wildcard-host Route the same way', () => {
    const result = coverage(
      gateway(),
      shop('/'),
      route('wild', ['*.example.com'], prefix('/')),
      route('api', [HOST], prefix('/api'), 'b'),
    );
    expect(first(result)).toMatchObject({ reason: 'captured', route: 'HTTPRoute/default/api' });
  });

  it('G6: an Exact match elsewhere takes its path from a PathPrefix serving the Ingress Prefix', () => {
    const result = coverage(
      gateway(),
      shop('/app'),
      route('app', [HOST], prefix('/app')),
      route('login', [HOST], exact('/app/login'), 'b'),
    );
    expect(first(result)).toMatchObject({
      reason: 'captured',
      route: 'HTTPRoute/default/login',
      capturedPath: '/app/login',
    });
    // G6: Exact before Prefix also at equal length: Exact /app takes /app itself.
    const same = coverage(
      gateway(),
      shop('/app'),
      route('app', [HOST], prefix('/app')),
      route('root', [HOST], exact('/app'), 'b'),
    );
    expect(first(same)).toMatchObject({ reason: 'captured', capturedPath: '/app' });
  });

  it('the converse: a more specific Route to the same Service and port takes nothing away', () => {
    const result = coverage(
      gateway(),
      shop('/app'),
      route('app', [HOST], prefix('/app')),
      route('login', [HOST], exact('/app/login')),
    );
    expect(first(result)).toMatchObject({ served: true, by: { route: 'HTTPRoute/default/app' } });
    // Another port of the same Service is not the same backend (C2).
    const port = coverage(
      gateway(),
      shop('/app'),
      route('app', [HOST], prefix('/app')),
      route('login', [HOST], exact('/app/login'), 'a', 8080),
    );
    expect(first(port)).toMatchObject({ reason: 'captured', route: 'HTTPRoute/default/login' });
  });

  it('I6, G2: prefixes are matched segment by segment: /apple takes nothing from /app, /app/ is /app', () => {
    const apple = coverage(
      gateway(),
      shop('/app'),
      route('app', [HOST], prefix('/app')),
      route('apple', [HOST], prefix('/apple'), 'b'),
    );
    expect(first(apple)).toMatchObject({ served: true });
    const slash = coverage(
      gateway(),
      shop('/app'),
      route('app', [HOST], prefix('/app')),
      route('sub', [HOST], prefix('/app/x/'), 'b'),
    );
    expect(first(slash)).toMatchObject({ reason: 'captured', capturedPath: '/app/x/' });
  });

  it('G6: a match with a method, headers or query parameters takes the requests that meet them: partial, saying so', () => {
    const result = coverage(
      gateway(),
      shop('/app'),
      route('app', [HOST], prefix('/app')),
      route('beta', [HOST], { ...prefix('/app'), headers: [{ name: 'x-beta', value: '1' }] }, 'b'),
    );
    expect(first(result)).toMatchObject({ reason: 'captured', route: 'HTTPRoute/default/beta' });
    expect(first(result)?.served === false && first(result)).toMatchObject({
      message: expect.stringContaining('PathPrefix /app (with method, header or query conditions)'),
    });
  });

  it('G6 hostnames first: a host-specific broader Route takes the whole path from the catch-all one naming it', () => {
    const result = coverage(
      gateway(),
      shop('/app'),
      route('app', undefined, prefix('/app')),
      route('site', [HOST], prefix('/'), 'b'),
    );
    expect(first(result)).toMatchObject({ reason: 'different-backend', route: 'HTTPRoute/default/site' });
  });

  it('G1: a Route for another host, or on another listener, takes nothing', () => {
    const otherHost = coverage(
      gateway(),
      shop('/app'),
      route('app', [HOST], prefix('/app')),
      route('login', ['other.example.com'], exact('/app/login'), 'b'),
    );
    expect(first(otherHost)).toMatchObject({ served: true });
    const listeners = gateway({ listeners: [{ name: 'http' }, { name: 'alt', port: 8080 }] });
    const onAlt = httpRoute({
      name: 'login',
      hostnames: [HOST],
      parentRefs: [{ name: 'gateway', sectionName: 'alt' }],
      rules: [{ matches: [exact('/app/login')], backendRefs: [{ name: 'b', port: 80 }] }],
    });
    const appOnHttp = httpRoute({
      name: 'app',
      hostnames: [HOST],
      parentRefs: [{ name: 'gateway', sectionName: 'http' }],
      rules: [{ matches: [prefix('/app')], backendRefs: [{ name: 'a', port: 80 }] }],
    });
    expect(first(coverage(listeners, shop('/app'), appOnHttp, onAlt))).toMatchObject({ served: true });
  });

  it('G1, G6: a Route without hostnames ranks by its hostname on the listener (listener ∩ Route), below a precise one', () => {
    const wildListener = gateway({ listeners: [{ hostname: '*.example.com' }] });
    const login = route('login', undefined, exact('/app/login'), 'b');
    // login serves *.example.com here, so the precise Route keeps /app/login for the host.
    expect(
      first(coverage(wildListener, shop('/app'), route('app', [HOST], prefix('/app')), login)),
    ).toMatchObject({
      served: true,
    });
    // With both on *.example.com, Exact comes first and takes /app/login.
    expect(
      first(coverage(wildListener, shop('/app'), route('app', undefined, prefix('/app')), login)),
    ).toMatchObject({
      reason: 'captured',
      route: 'HTTPRoute/default/login',
      message: expect.stringContaining('for host *.example.com'),
    });
  });

  it('G6 ties: between identical matches the older Route takes the requests', () => {
    const older = httpRoute({
      name: 'zz-older',
      creationTimestamp: TS_OLD,
      hostnames: [HOST],
      rules: [{ matches: [exact('/app/login')], backendRefs: [{ name: 'b', port: 80 }] }],
    });
    const newer = httpRoute({
      name: 'aa-newer',
      creationTimestamp: TS_NEW,
      hostnames: [HOST],
      rules: [{ matches: [exact('/app/login')], backendRefs: [{ name: 'a', port: 80 }] }],
    });
    const result = coverage(gateway(), shop('/app'), route('app', [HOST], prefix('/app')), older, newer);
    expect(first(result)).toMatchObject({ reason: 'captured', route: 'HTTPRoute/default/zz-older' });
  });

  it('I8: a sub-path the Ingress (or another Ingress of its class on the host) routes itself is not taken from it', () => {
    const own = ingress({
      name: 'web',
      rules: [
        {
          host: HOST,
          paths: [
            { path: '/', backend: 'a:80' },
            { path: '/api', backend: 'b:80' },
          ],
        },
      ],
    });
    const routes = [route('all', undefined, prefix('/')), route('api', [HOST], prefix('/api'), 'b')];
    expect(coverage(gateway(), own, ...routes)[0]?.state).toBe('covered');
    const split = coverage(gateway(), shop('/'), shop('/api', 'b:80', 'api'), ...routes);
    expect(split.map((item) => [item.name, item.state])).toEqual([
      ['api', 'covered'],
      ['web', 'covered'],
    ]);
  });
});

/**
 * The server in the test's process, as the tests of its routes start it: one cluster fed by hand
 * (`createManualSource('prod')`), an in-memory share store, an admin token, quiet logs; closed
 * after each test of the file that asked for it.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, expect } from 'vitest';
import { ShareStore } from '../../src/access/share-store.ts';
import { buildServer, type ServerOptions } from '../../src/server.ts';
import { createManualSource, type ManualSource } from '../../src/sources/manual-source.ts';
import { TopologyHub } from '../../src/topology-hub.ts';

export interface TestApp {
  readonly server: FastifyInstance;
  readonly source: ManualSource;
  readonly store: ShareStore;
  /** The admin's request headers. */
  readonly auth: { readonly authorization: string };
}

/** What a test may set besides the defaults: the hub, stream timings, the web root… */
type Overrides = Partial<Omit<ServerOptions, 'sources' | 'access'>>;

/**
 * A starter of servers for the calling test file, with `adminToken` as the admin's token; each
 * server it starts is ready when returned and closed after the test.
 */
export function testApps(adminToken: string): (overrides?: Overrides) => Promise<TestApp> {
  const started: FastifyInstance[] = [];
  afterEach(async () => {
    for (const server of started.splice(0)) await server.close();
  });
  return async (overrides = {}) => {
    const source = createManualSource('prod');
    const store = new ShareStore(':memory:');
    const server = await buildServer({
      hub: new TopologyHub(),
      logLevel: 'silent',
      ...overrides,
      sources: [source],
      access: { adminToken, store },
    });
    started.push(server);
    await server.ready();
    return { server, source, store, auth: { authorization: `Bearer ${adminToken}` } };
  };
}

/** A share link made by the admin (`auth`) with `scope`; fails the test unless the server made it. */
export async function createShareLink(
  server: FastifyInstance,
  auth: { readonly authorization: string },
  scope: Readonly<Record<string, unknown>>,
): Promise<{ readonly id: string; readonly token: string }> {
  const created = await server.inject({
    method: 'POST',
    url: '/api/share-links',
    headers: auth,
    payload: scope,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string; token: string }>();
}

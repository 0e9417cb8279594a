/**
 * Streams within their limits: all of them together within one budget of unsent bytes (the
 * streams that alone hold the most are closed), so many streams per credential and per address,
 * and nothing held once the clients are gone.
 */
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import type { ManualSource } from '../src/sources/manual-source.ts';
import type { StreamLimits } from '../src/stream-budget.ts';
import { openIdleStreams } from './helpers/idle-streams.ts';
import { testApps } from './helpers/test-app.ts';

const ADMIN = 'gma_stream_budget_token';

const startApp = testApps(ADMIN);

async function boot(limits: Partial<StreamLimits>) {
  const { server, source, store } = await startApp({ stream: { heartbeatMs: 60_000, limits } });
  source.upsert(gatewayClass(), gateway({ name: 'web' }), service({ name: 'shop' }));
  source.markSynced();
  await server.listen({ host: '127.0.0.1', port: 0 });
  const port = (server.server.address() as AddressInfo).port;
  return { server, source, port, store };
}

async function metrics(app: FastifyInstance): Promise<Record<string, number>> {
  const text = (await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${ADMIN}` } })).body;
  return Object.fromEntries(
    [...text.matchAll(/^(gatemap_stream_\w+) (\d+)$/gm)].map((match) => [match[1]!, Number(match[2])]),
  );
}

/** Publishes `count` deltas of about 20 KB each. */
function churn(source: ManualSource, count: number, from = 0): void {
  const padding = 'x'.repeat(20_000);
  for (let i = from; i < from + count; i++)
    source.upsert(
      httpRoute({ name: `r${i}`, labels: { padding }, parentRefs: [{ name: 'web' }], backends: ['shop:80'] }),
    );
}

const until = async (test: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await test()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
};

describe('stream budget', () => {
  it('keeps what all streams hold within the budget by closing the ones that hold the most', async () => {
    const budget = 2 * 1024 * 1024;
    const { server, source, port } = await boot({ totalBytes: budget, clientBytes: 64 * 1024 * 1024 });
    const streams = await openIdleStreams({ port, token: ADMIN, count: 10, ownAddresses: true });
    expect(streams.map((stream) => stream.status)).toEqual(Array(10).fill(200));
    // Enough deltas that every client's socket is full and each alone holds more than the budget.
    churn(source, 600);
    await until(async () => (await metrics(server)).gatemap_stream_reclaimed_total! > 0);
    await new Promise((resolve) => setImmediate(resolve));
    const figures = await metrics(server);
    expect(figures.gatemap_stream_reclaimed_total).toBeGreaterThan(0);
    expect(figures.gatemap_stream_buffered_bytes).toBeLessThanOrEqual(budget);
    for (const stream of streams) stream.socket.destroy();
    await until(async () => (await metrics(server)).gatemap_stream_clients === 0);
    expect(await metrics(server)).toMatchObject({
      gatemap_stream_clients: 0,
      gatemap_stream_buffered_bytes: 0,
    });
  });

  it('counts a snapshot shared by many streams once', async () => {
    const { server, source, port } = await boot({ perAddress: 100, perCredential: 100 });
    churn(source, 200);
    const snapshot = (
      await server.inject({ url: '/api/topology', headers: { authorization: `Bearer ${ADMIN}` } })
    ).body.length;
    const streams = await openIdleStreams({ port, token: ADMIN, count: 40, ownAddresses: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const figures = await metrics(server);
    expect(figures.gatemap_stream_clients).toBe(40);
    // Forty copies of a 4 MB snapshot would be 160 MB; one, plus what sits in sockets' own buffers.
    expect(snapshot).toBeGreaterThan(3_000_000);
    expect(figures.gatemap_stream_buffered_bytes).toBeLessThan(2 * snapshot);
    for (const stream of streams) stream.socket.destroy();
  });

  it("keeps counting a revoked link's streams that do not read until their sockets close, which they soon do", async () => {
    const { server, source, port, store } = await boot({});
    // Snapshots of 8 MB: more than the system's socket buffers take off the server's hands.
    churn(source, 400);
    const { link, token } = store.create({
      label: 'x',
      namespaces: ['default'],
      expiresInMs: 3_600_000,
      createdBy: 'admin',
    });
    const streams = await openIdleStreams({ port, token, count: 5, ownAddresses: true });
    expect(streams.map((stream) => stream.status)).toEqual(Array(5).fill(200));
    await until(async () => (await metrics(server)).gatemap_stream_buffered_bytes! > 1_000_000);
    const revoked = await server.inject({
      method: 'DELETE',
      url: `/api/share-links/${link.id}`,
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(revoked.statusCode).toBe(200);
    // The clients read nothing: what was queued for them is still held, and counted.
    expect((await metrics(server)).gatemap_stream_buffered_bytes).toBeGreaterThan(1_000_000);
    const connections = () =>
      new Promise<number>((resolve) => server.server.getConnections((_error, count) => resolve(count)));
    await until(async () => (await connections()) === 0);
    expect(await connections()).toBe(0);
    await until(async () => (await metrics(server)).gatemap_stream_clients === 0);
    expect(await metrics(server)).toMatchObject({
      gatemap_stream_clients: 0,
      gatemap_stream_buffered_bytes: 0,
    });
    for (const stream of streams) stream.socket.destroy();
  });

  it('refuses streams beyond the limit per credential, and per address', async () => {
    const { server, port, store } = await boot({ perCredential: 3, perAddress: 5 });
    const admin = await openIdleStreams({ port, token: ADMIN, count: 4, ownAddresses: true });
    expect(admin.map((stream) => stream.status)).toEqual([200, 200, 200, 429]);
    const links = Array.from(
      { length: 3 },
      () =>
        store.create({ label: 'x', namespaces: ['default'], expiresInMs: 3_600_000, createdBy: 'admin' })
          .token,
    );
    // From one address: the admin's three streams elsewhere do not count; five from here do.
    const shared = [];
    for (const token of links) shared.push(...(await openIdleStreams({ port, token, count: 2 })));
    expect(shared.map((stream) => stream.status)).toEqual([200, 200, 200, 200, 200, 429]);
    for (const stream of [...admin, ...shared]) stream.socket.destroy();
    await until(async () => (await metrics(server)).gatemap_stream_clients === 0);
    // The slots are free again.
    const again = await openIdleStreams({ port, token: ADMIN, count: 3, ownAddresses: true });
    expect(again.map((stream) => stream.status)).toEqual([200, 200, 200]);
    for (const stream of again) stream.socket.destroy();
  });
});

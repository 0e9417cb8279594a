/**
 * The history API over the app: parameters refused with a message naming them, pages, the map
 * as it was, and a share link's view of history, which names nothing hidden.
 */
import { gateway, gatewayClass, httpRoute, namespace } from '@gatemap/fixtures';
import type { HistoryPage, TopologyResponse } from '@gatemap/topology';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ShareStore } from '../src/access/share-store.ts';
import { HistoryService } from '../src/history/history-service.ts';
import { buildServer } from '../src/server.ts';
import { createManualSource } from '../src/sources/manual-source.ts';
import { TopologyHub } from '../src/topology-hub.ts';

const ADMIN = 'gma_history_api_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };
let server: FastifyInstance | undefined;
let history: HistoryService | undefined;
afterEach(async () => {
  await server?.close();
  history?.close();
  server = undefined;
});

const edge = (hostname?: string) =>
  gateway({
    name: 'edge',
    namespace: 'infra',
    listeners: [
      { name: 'http', ...(hostname ? { hostname } : {}), allowedRoutes: { namespaces: { from: 'All' } } },
    ],
  });

async function boot() {
  const source = createManualSource('prod');
  history = new HistoryService({ path: ':memory:' });
  server = await buildServer({
    hub: new TopologyHub({ history }),
    sources: [source],
    logLevel: 'silent',
    access: { adminToken: ADMIN, store: new ShareStore(':memory:') },
  });
  await server.ready();
  const route = (name: string, ns: string) =>
    httpRoute({
      name,
      namespace: ns,
      hostnames: ['shop.example.com'],
      parentRefs: [{ name: 'edge', namespace: 'infra' }],
    });
  source.upsert(
    gatewayClass(),
    namespace({ name: 'shop' }),
    edge(),
    route('web', 'shop'),
    route('zz-hidden', 'other'),
  );
  source.markSynced();
  const before = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  source.upsert(edge('api.example.com'));
  const created = await server.inject({
    method: 'POST',
    url: '/api/share-links',
    headers: AUTH,
    payload: { namespaces: ['shop'], expiresIn: '1h', label: 'shop' },
  });
  const link = created.json<{ token: string }>();
  return { server, source, before, share: { authorization: `Bearer ${link.token}` } };
}

describe('GET /api/history', () => {
  it('refuses a bad parameter with a 400 that names it', async () => {
    const { server } = await boot();
    for (const [query, name] of [
      ['limit=501', 'limit'],
      ['limit=x', 'limit'],
      ['since=yesterday', 'since'],
      ['until=2026-12-07', 'until'],
      ['object=nokey', 'object'],
      ['cursor=abc', 'cursor'],
      ['problems=maybe', 'problems'],
    ]) {
      const response = await server.inject({ url: `/api/history?${query}`, headers: AUTH });
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ message: string }>().message, query).toContain(name);
    }
    expect((await server.inject({ url: '/api/history?cluster=nope', headers: AUTH })).statusCode).toBe(404);
  });

  it('shows the listener change and the Routes it rejected, newest first, problems alone on request', async () => {
    const { server } = await boot();
    const page = (await server.inject({ url: '/api/history', headers: AUTH })).json<HistoryPage>();
    expect(page.entries.at(-1)).toMatchObject({
      type: 'object',
      key: 'Gateway/infra/edge',
      change: 'changed',
    });
    const problems = (
      await server.inject({ url: '/api/history?problems=true', headers: AUTH })
    ).json<HistoryPage>();
    expect(problems.entries.length).toBeGreaterThan(0);
    expect(problems.entries.every((entry) => entry.type === 'verdict')).toBe(true);
    const one = (
      await server.inject({ url: '/api/history?object=HTTPRoute/shop/web&limit=1', headers: AUTH })
    ).json<HistoryPage>();
    expect(one.entries).toHaveLength(1);
    expect(one.entries[0]).toMatchObject({
      key: 'HTTPRoute/shop/web',
      causes: [{ key: 'Gateway/infra/edge' }],
    });
  });

  it('gives a share link the history of what it sees, naming nothing hidden', async () => {
    const { server, share } = await boot();
    const page = (await server.inject({ url: '/api/history', headers: share })).json<HistoryPage>();
    expect(page.entries.some((entry) => entry.key === 'HTTPRoute/shop/web')).toBe(true);
    expect(JSON.stringify(page)).not.toContain('zz-hidden');
    const hidden = (
      await server.inject({ url: '/api/history?object=HTTPRoute/other/zz-hidden', headers: share })
    ).json<HistoryPage>();
    expect(hidden.entries).toEqual([]);
  });
});

describe('GET /metrics', () => {
  it('counts the history written and the bytes it holds', async () => {
    const { server } = await boot();
    history!.settle();
    history!.flush();
    const text = (await server.inject({ url: '/metrics', headers: AUTH })).body;
    expect(Number(/^gatemap_history_entries_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(Number(/^gatemap_history_bytes (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
  });
});

describe('the stream', () => {
  it("carries new entries as event history, a share link's scoped", async () => {
    const { server, source } = await boot();
    const hub = server.hub;
    const shared = hub.sharedFeed({ namespaces: ['shop'] });
    const admin: string[] = [];
    const share: string[] = [];
    hub.subscribe((event) => {
      if (event.type !== 'history') return;
      admin.push(event.frame.toString());
      const frame = shared.frameFor(event);
      if (frame) share.push(frame.toString());
    });
    source.upsert(edge());
    history!.settle();
    expect(admin).toHaveLength(1);
    expect(admin[0]).toMatch(/^event: history\ndata: \{"entries":\[/);
    expect(admin[0]).toContain('zz-hidden');
    expect(share).toHaveLength(1);
    expect(share[0]).toContain('HTTPRoute/shop/web');
    expect(share[0]).not.toContain('zz-hidden');
  });
});

describe('GET /api/topology?at=', () => {
  it('rebuilds the map as it was, and refuses a moment before the history', async () => {
    const { server, before, share } = await boot();
    const then = (
      await server.inject({ url: `/api/topology?at=${before}`, headers: AUTH })
    ).json<TopologyResponse>();
    expect(then.asOf).toBe(before);
    const parent = then.edges.find((item) => item.type === 'parent' && item.from === 'HTTPRoute/shop/web');
    expect(parent?.state).toBe('accepted');
    const now = (await server.inject({ url: '/api/topology', headers: AUTH })).json<TopologyResponse>();
    expect(
      now.edges.find((item) => item.type === 'parent' && item.from === 'HTTPRoute/shop/web')?.state,
    ).toBe('rejected');
    const shared = await server.inject({ url: `/api/topology?at=${before}`, headers: share });
    expect(shared.body).not.toContain('zz-hidden');
    const early = await server.inject({ url: '/api/topology?at=2000-01-01T00:00:00Z', headers: AUTH });
    expect(early.statusCode).toBe(404);
    expect(early.json<{ message: string }>().message).toContain('before the oldest moment');
    const bad = await server.inject({ url: '/api/topology?at=soon', headers: AUTH });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/^at /);
  });
});

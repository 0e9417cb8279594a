/**
 * The server's HTTP surface, booted with app.inject and a source fed by the test (the same
 * routes run against a real API server in the integration tests).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { gateway, gatewayClass, httpRoute, service } from '@gatemap/fixtures';
import type { ObjectKey, ObjectResponse, StreamDelta, TopologyResponse } from '@gatemap/topology';
import { buildServer } from '../src/server.ts';
import { createManualSource, type ManualSource } from '../src/sources/manual-source.ts';
import { TopologyHub } from '../src/topology-hub.ts';
import { ShareStore } from '../src/access/share-store.ts';

const ADMIN_TOKEN = 'test-admin-token';
const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };

let server: FastifyInstance | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function boot(
  options: {
    sources?: string[];
    maxBufferedBytes?: number;
    logSize?: number;
    logChars?: number;
    store?: ShareStore;
  } = {},
): Promise<{ server: FastifyInstance; sources: ManualSource[]; hub: TopologyHub }> {
  const sources = (options.sources ?? ['test']).map((name) => createManualSource(name));
  const hub = new TopologyHub({
    prefixIds: sources.length > 1,
    ...(options.logSize ? { logSize: options.logSize } : {}),
    ...(options.logChars ? { logChars: options.logChars } : {}),
  });
  server = await buildServer({
    hub,
    sources,
    logLevel: 'silent',
    stream: {
      ...(options.maxBufferedBytes ? { limits: { clientBytes: options.maxBufferedBytes } } : {}),
      heartbeatMs: 200,
    },
    access: { adminToken: ADMIN_TOKEN, store: options.store ?? new ShareStore(':memory:') },
  });
  await server.ready();
  return { server, sources, hub };
}

/** Event ids are `<boot>.<revision>`. */
const revisionOf = (id: string | undefined) => Number(id?.split('.').pop());

const basics = () => [
  gatewayClass(),
  gateway({ name: 'web' }),
  httpRoute({ name: 'shop', parentRefs: [{ name: 'web' }], backends: ['shop:80'] }),
  service({ name: 'shop' }),
];

/** Reads SSE frames from a live connection. */
function openStream(
  port: number,
  headers: Record<string, string> = {},
  query = '',
): Promise<{
  response: IncomingMessage;
  frames: { event: string; id?: string; data: string }[];
  next: (event: string) => Promise<{ id?: string; data: string }>;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: `/api/stream${query}`, headers }, (response) => {
      const frames: { event: string; id?: string; data: string }[] = [];
      const waiters: { event: string; resolve: (frame: { id?: string; data: string }) => void }[] = [];
      let buffer = '';
      // Where the search for a frame's end resumes: a large snapshot arrives in many chunks, and
      // scanning it from the start for each of them would take seconds.
      let scanned = 0;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n', scanned)) >= 0) {
          const raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          scanned = 0;
          const frame: { event: string; id?: string; data: string } = { event: 'message', data: '' };
          for (const line of raw.split('\n')) {
            if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('id: ')) frame.id = line.slice(4);
            else if (line.startsWith('data: ')) frame.data += line.slice(6);
          }
          if (frame.data === '') continue;
          const waiter = waiters.findIndex((item) => item.event === frame.event);
          if (waiter >= 0) waiters.splice(waiter, 1)[0]?.resolve(frame);
          else frames.push(frame);
        }
        scanned = Math.max(0, buffer.length - 1);
      });
      const next = (event: string) =>
        new Promise<{ id?: string; data: string }>((resolveFrame, rejectFrame) => {
          const index = frames.findIndex((frame) => frame.event === event);
          if (index >= 0) return resolveFrame(frames.splice(index, 1)[0]!);
          const timer = setTimeout(() => rejectFrame(new Error(`no ${event} event within 5 s`)), 5000);
          waiters.push({ event, resolve: (frame) => (clearTimeout(timer), resolveFrame(frame)) });
        });
      resolve({ response, frames, next });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('REST', () => {
  it('lists clusters with the sync state of each kind', async () => {
    const { server, sources } = await boot();
    sources[0]!.markSynced();
    const response = await server.inject({ url: '/api/clusters', headers: AUTH });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      clusters: { name: string; state: string; kinds: { kind: string; state: string }[] }[];
    }>();
    expect(body.clusters[0]).toMatchObject({ name: 'test', state: 'synced' });
    expect(body.clusters[0]!.kinds.find((kind) => kind.kind === 'HTTPRoute')?.state).toBe('synced');
  });

  it('serves the topology with predicted edge states', async () => {
    const { server, sources } = await boot();
    sources[0]!.upsert(...basics());
    const body = (await server.inject({ url: '/api/topology', headers: AUTH })).json<TopologyResponse>();
    expect(body.revision).toBeGreaterThan(0);
    expect(body.nodes.map((node) => node.id)).toEqual(
      expect.arrayContaining([
        'Gateway/default/web',
        'HTTPRoute/default/shop',
        'Service/default/shop',
        'GatewayClass/example',
      ]),
    );
    const parent = body.edges.find((edge) => edge.type === 'parent');
    expect(parent).toMatchObject({
      from: 'HTTPRoute/default/shop',
      to: 'Gateway/default/web',
      state: 'accepted',
      source: 'predicted',
      listeners: ['http'],
    });
  });

  it('returns one object without managedFields, with predicted and reported status', async () => {
    const { server, sources } = await boot();
    const route = { ...httpRoute({ name: 'shop', parentRefs: [{ name: 'web' }], backends: ['missing:80'] }) };
    const withBookkeeping = {
      ...route,
      metadata: {
        ...route.metadata,
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'shop' },
      },
      status: {
        parents: [
          {
            parentRef: { name: 'web' },
            controllerName: 'example.com/gateway-controller',
            conditions: [
              { type: 'Accepted', status: 'True', reason: 'Accepted', message: '', observedGeneration: 1 },
            ],
          },
        ],
      },
    };
    sources[0]!.upsert(gatewayClass(), gateway({ name: 'web' }), withBookkeeping);
    const response = await server.inject({ url: '/api/objects/test/HTTPRoute/default/shop', headers: AUTH });
    expect(response.statusCode).toBe(200);
    const body = response.json<ObjectResponse>();
    expect(body.yaml).not.toContain('managedFields');
    expect(body.yaml).not.toContain('last-applied-configuration');
    expect(body.yaml).toContain('team: shop');
    expect(body.predicted?.kind).toBe('route');
    expect(body.reported[0]).toMatchObject({
      scope: 'parent Gateway default/web',
      controllerName: 'example.com/gateway-controller',
    });
    expect(body.findings.map((item) => item.slug)).toContain('backend-not-found');
  });

  it('answers unknown objects and clusters with 404 and a message, bad parameters with 400', async () => {
    const { server } = await boot();
    const missing = await server.inject({ url: '/api/objects/test/HTTPRoute/default/nope', headers: AUTH });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ message: string }>().message).toContain('HTTPRoute default/nope');
    const cluster = await server.inject({
      url: '/api/objects/elsewhere/HTTPRoute/default/nope',
      headers: AUTH,
    });
    expect(cluster.statusCode).toBe(404);
    expect(cluster.json<{ message: string }>().message).toContain('no cluster named "elsewhere"');
    const bad = await server.inject({ url: '/api/objects/test/HTTP%20Route/default/x', headers: AUTH });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toContain('params/kind');
    const unknownRoute = await server.inject({ url: '/api/nothing', headers: AUTH });
    expect(unknownRoute.statusCode).toBe(404);
  });

  it('is not ready while its share-link store is not current, so that no stale link is served', async () => {
    let current = false;
    const store = Object.assign(new ShareStore(':memory:'), { ready: () => current });
    const { server, sources } = await boot({ store });
    sources[0]!.upsert(...basics());
    sources[0]!.markSynced();
    const notReady = await server.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ status: 'share-links-unavailable', shareLinks: 'unavailable' });
    current = true;
    expect((await server.inject('/readyz')).json()).toMatchObject({ status: 'ready', shareLinks: 'ready' });
  });

  it('is ready only after the first sync, and exposes metrics', async () => {
    const { server, sources } = await boot();
    expect((await server.inject('/healthz')).statusCode).toBe(200);
    expect((await server.inject('/readyz')).statusCode).toBe(503);
    sources[0]!.upsert(...basics());
    sources[0]!.markSynced();
    expect((await server.inject('/readyz')).statusCode).toBe(200);
    const metrics = (await server.inject({ url: '/metrics', headers: AUTH })).body;
    expect(metrics).toContain('gatemap_objects{cluster="test",kind="HTTPRoute"} 1');
    expect(metrics).toContain('gatemap_stream_clients 0');
    expect(metrics).toMatch(/gatemap_watch_events_total\{cluster="test"\} 4/);
    // GatewayClass, Gateway (and its status comparison), HTTPRoute: four units of analysis.
    expect(metrics).toContain('gatemap_index_entries{cluster="test",index="analysis-units"} 4');
    expect(metrics).toMatch(/gatemap_index_entries\{cluster="test",index="graph-slots"\} [1-9]/);
  });

  it('keeps clusters apart and prefixes ids when serving several', async () => {
    const { server, sources } = await boot({ sources: ['east', 'west'] });
    sources[0]!.upsert(...basics());
    sources[1]!.upsert(gatewayClass(), gateway({ name: 'web' }));
    const body = (await server.inject({ url: '/api/topology', headers: AUTH })).json<TopologyResponse>();
    expect(body.nodes.map((node) => node.id)).toEqual(
      expect.arrayContaining([
        'east:HTTPRoute/default/shop',
        'east:Gateway/default/web',
        'west:Gateway/default/web',
      ]),
    );
    expect(body.nodes.some((node) => node.id === 'west:HTTPRoute/default/shop')).toBe(false);
    expect(body.edges.find((edge) => edge.type === 'parent')).toMatchObject({
      from: 'east:HTTPRoute/default/shop',
      to: 'east:Gateway/default/web',
      cluster: 'east',
    });
    const object = await server.inject({ url: '/api/objects/west/Gateway/default/web', headers: AUTH });
    expect(object.json<ObjectResponse>().node.id).toBe('west:Gateway/default/web');
  });
});

describe('stream', () => {
  async function listen(server: FastifyInstance): Promise<number> {
    await server.listen({ host: '127.0.0.1', port: 0 });
    return (server.server.address() as AddressInfo).port;
  }

  it('sends a snapshot, then deltas with increasing ids', async () => {
    const { server, sources } = await boot();
    sources[0]!.upsert(...basics());
    const port = await listen(server);
    const stream = await openStream(port, AUTH);
    const snapshot = JSON.parse((await stream.next('snapshot')).data) as TopologyResponse;
    expect(snapshot.nodes.some((node) => node.id === 'HTTPRoute/default/shop')).toBe(true);
    sources[0]!.upsert(httpRoute({ name: 'cart', parentRefs: [{ name: 'web' }], backends: ['shop:80'] }));
    const delta = await stream.next('delta');
    const body = JSON.parse(delta.data) as StreamDelta;
    expect(revisionOf(delta.id)).toBe(snapshot.revision + 1);
    expect(body.upsertNodes.map((node) => node.id)).toContain('HTTPRoute/default/cart');
    sources[0]!.remove('HTTPRoute/default/cart' as ObjectKey);
    const removal = JSON.parse((await stream.next('delta')).data) as StreamDelta;
    expect(removal.removeNodes).toContain('HTTPRoute/default/cart');
    stream.response.destroy();
  });

  it('resumes with Last-Event-ID without a snapshot, missing nothing', async () => {
    const { server, sources, hub } = await boot();
    sources[0]!.upsert(...basics());
    const port = await listen(server);
    const first = await openStream(port, AUTH);
    const snapshotFrame = await first.next('snapshot');
    const snapshot = JSON.parse(snapshotFrame.data) as TopologyResponse;
    first.response.destroy();
    for (const name of ['a', 'b', 'c'])
      sources[0]!.upsert(httpRoute({ name, parentRefs: [{ name: 'web' }], backends: ['shop:80'] }));
    expect(snapshotFrame.id).toMatch(new RegExp(`^${hub.boot}\\.${snapshot.revision}$`));
    const resumed = await openStream(port, { ...AUTH, 'last-event-id': snapshotFrame.id! });
    const ids: number[] = [];
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const frame = await resumed.next('delta');
      ids.push(revisionOf(frame.id));
      names.push(
        ...(JSON.parse(frame.data) as StreamDelta).upsertNodes
          .filter((node) => node.kind === 'HTTPRoute')
          .map((node) => node.name),
      );
    }
    expect(ids).toEqual([snapshot.revision + 1, snapshot.revision + 2, snapshot.revision + 3]);
    expect(names).toEqual(['a', 'b', 'c']);
    expect(resumed.frames.some((frame) => frame.event === 'snapshot')).toBe(false);
    resumed.response.destroy();
  });

  it('opens from a fetched snapshot (?since=) with what followed it and the status, not the snapshot again', async () => {
    const { server, sources, hub } = await boot();
    sources[0]!.upsert(...basics());
    const port = await listen(server);
    const fetched = (await server.inject({ url: '/api/topology', headers: AUTH })).json<TopologyResponse>();
    expect(fetched.eventId).toBe(`${hub.boot}.${fetched.revision}`);
    sources[0]!.upsert(httpRoute({ name: 'a', parentRefs: [{ name: 'web' }], backends: ['shop:80'] }));
    const stream = await openStream(port, AUTH, `?since=${fetched.eventId!}`);
    const delta = await stream.next('delta');
    expect(revisionOf(delta.id)).toBe(fetched.revision + 1);
    expect((JSON.parse(delta.data) as StreamDelta).upsertNodes.map((node) => node.name)).toContain('a');
    await stream.next('clusters');
    expect(stream.frames.some((frame) => frame.event === 'snapshot')).toBe(false);
    stream.response.destroy();

    // The header the browser sends on its reconnections wins over the parameter.
    const reconnected = await openStream(
      port,
      { ...AUTH, 'last-event-id': 'earlierrun.1' },
      `?since=${fetched.eventId!}`,
    );
    await reconnected.next('snapshot');
    reconnected.response.destroy();
  });

  it('refuses a stream whose since is not an event id, naming the parameter', async () => {
    const { server } = await boot();
    for (const since of ['nonsense', '1', 'abc.-1', `${'a'.repeat(70)}.1`]) {
      const response = await server.inject({ url: `/api/stream?since=${since}`, headers: AUTH });
      expect(response.statusCode, since).toBe(400);
      expect(response.json<{ message: string }>().message).toContain('since');
    }
  });

  it('sends a snapshot to a client resuming from before what the server still holds', async () => {
    const { server, sources, hub } = await boot({ logSize: 2 });
    sources[0]!.upsert(...basics());
    const port = await listen(server);
    for (const name of ['a', 'b', 'c', 'd'])
      sources[0]!.upsert(httpRoute({ name, parentRefs: [{ name: 'web' }], backends: ['shop:80'] }));
    const stream = await openStream(port, { ...AUTH, 'last-event-id': `${hub.boot}.1` });
    const snapshot = JSON.parse((await stream.next('snapshot')).data) as TopologyResponse;
    expect(snapshot.nodes.filter((node) => node.kind === 'HTTPRoute')).toHaveLength(5);
    stream.response.destroy();
  });

  it('keeps frames for resuming only up to a size, and sends a snapshot to clients that missed more', async () => {
    const { server, sources, hub } = await boot({ logChars: 4096 });
    sources[0]!.upsert(...basics());
    const port = await listen(server);
    const before = hub.revision;
    const big = httpRoute({
      name: 'big',
      labels: { padding: 'x'.repeat(5000) },
      parentRefs: [{ name: 'web' }],
      backends: ['shop:80'],
    });
    sources[0]!.upsert(big);
    sources[0]!.upsert(httpRoute({ name: 'small', parentRefs: [{ name: 'web' }], backends: ['shop:80'] }));

    const fromBefore = await openStream(port, { ...AUTH, 'last-event-id': `${hub.boot}.${before}` });
    const snapshot = JSON.parse((await fromBefore.next('snapshot')).data) as TopologyResponse;
    expect(snapshot.nodes.filter((node) => node.kind === 'HTTPRoute').map((node) => node.name)).toEqual(
      expect.arrayContaining(['big', 'small']),
    );
    fromBefore.response.destroy();

    const fromBig = await openStream(port, { ...AUTH, 'last-event-id': `${hub.boot}.${before + 1}` });
    const delta = JSON.parse((await fromBig.next('delta')).data) as StreamDelta;
    expect(delta.upsertNodes.map((node) => node.name)).toContain('small');
    expect(fromBig.frames.some((frame) => frame.event === 'snapshot')).toBe(false);
    fromBig.response.destroy();
  });

  it('sends a snapshot to a client resuming with an id from an earlier run of the server', async () => {
    const { server, sources } = await boot();
    sources[0]!.upsert(...basics());
    const port = await listen(server);
    const stream = await openStream(port, { ...AUTH, 'last-event-id': 'earlierrun.1' });
    const snapshot = JSON.parse((await stream.next('snapshot')).data) as TopologyResponse;
    expect(snapshot.nodes.some((node) => node.id === 'HTTPRoute/default/shop')).toBe(true);
    stream.response.destroy();
  });

  it('drops a client that stops reading to a fresh snapshot instead of buffering without limit', async () => {
    const { server, sources, hub } = await boot({ maxBufferedBytes: 64 * 1024 });
    sources[0]!.upsert(...basics());
    const port = await listen(server);
    const stream = await openStream(port, AUTH);
    await stream.next('snapshot');
    stream.response.pause();
    const padding = 'x'.repeat(2000);
    for (let i = 0; i < 400; i++) {
      sources[0]!.upsert(
        httpRoute({
          name: `r${i}`,
          labels: { padding },
          parentRefs: [{ name: 'web' }],
          backends: ['shop:80'],
        }),
      );
    }
    expect(hub.streamResets).toBeGreaterThan(0);
    stream.response.resume();
    const snapshot = JSON.parse((await stream.next('snapshot')).data) as TopologyResponse;
    expect(snapshot.nodes.filter((node) => node.kind === 'HTTPRoute').length).toBe(401);
    stream.response.destroy();
  });

  it('keeps sending deltas while a snapshot larger than the bound is still on its way', async () => {
    const { server, sources, hub } = await boot({ maxBufferedBytes: 256 * 1024 });
    sources[0]!.upsert(...basics());
    // A snapshot of ~16 MB: more than the bound and than the socket buffers can absorb.
    const padding = 'x'.repeat(16_000);
    sources[0]!.upsert(
      ...Array.from({ length: 1000 }, (_, i) => service({ name: `big-${i}`, labels: { padding } })),
    );
    const port = await listen(server);
    const stream = await openStream(port, AUTH);
    stream.response.pause();
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const name of ['a', 'b'])
      sources[0]!.upsert(httpRoute({ name, parentRefs: [{ name: 'web' }], backends: ['shop:80'] }));
    expect(hub.streamResets).toBe(0);
    stream.response.resume();
    await stream.next('snapshot');
    await stream.next('delta');
    await stream.next('delta');
    expect(stream.frames.some((frame) => frame.event === 'snapshot')).toBe(false);
    stream.response.destroy();
    // Moving 16 MB through a paused socket takes seconds on a busy machine; time is not the point.
  }, 30_000);

  it('sends cluster status changes', async () => {
    const { server, sources } = await boot();
    const port = await listen(server);
    const stream = await openStream(port, AUTH);
    await stream.next('snapshot');
    sources[0]!.markSynced();
    const clusters = JSON.parse((await stream.next('clusters')).data) as { clusters: { state: string }[] };
    expect(clusters.clusters[0]!.state).toBe('synced');
    stream.response.destroy();
  });
});

describe('analysis per source', () => {
  it('does not judge ExtensionRef filters for a source that cannot see extension kinds', async () => {
    const trusting = { ...createManualSource('live'), analyzerOptions: { extensionRefs: 'trust' as const } };
    const hub = new TopologyHub();
    server = await buildServer({
      hub,
      sources: [trusting],
      logLevel: 'silent',
      access: { adminToken: ADMIN_TOKEN, store: new ShareStore(':memory:') },
    });
    await server.ready();
    trusting.upsert(
      gatewayClass(),
      gateway({ name: 'web' }),
      service({ name: 'shop' }),
      httpRoute({
        name: 'shop',
        parentRefs: [{ name: 'web' }],
        rules: [
          {
            filters: [
              { type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Filter', name: 'f' } },
            ],
            backendRefs: [{ name: 'shop', port: 80 }],
          },
        ],
      }),
    );
    const body = (
      await server.inject({ url: '/api/objects/live/HTTPRoute/default/shop', headers: AUTH })
    ).json<ObjectResponse>();
    expect(body.findings.map((item) => item.slug)).not.toContain('extension-ref-not-found');
    expect(body.edges.find((edge) => edge.type === 'parent')?.state).toBe('accepted');
  });
});

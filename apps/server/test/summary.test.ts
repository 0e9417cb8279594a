/**
 * GET /api/summary: the estate summary of what the caller sees — the admin's of the whole
 * topology, made again when the topology changes; a share link's of its scope only. GET
 * /api/overview: the big picture ahead of the topology, under the same rules.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { gateway, gatewayClass, httpRoute, namespace, service } from '@gatemap/fixtures';
import type { AggregateItem, OverviewResponse, SummaryResponse, TopologyResponse } from '@gatemap/topology';
import { createShareLink, testApps } from './helpers/test-app.ts';

const ADMIN = 'gma_summary_test_token';
const AUTH = { authorization: `Bearer ${ADMIN}` };
const SHOP = { namespaces: ['shop'], expiresIn: '1h', label: 'shop' };

const startApp = testApps(ADMIN);

async function boot(overviewFrom?: number) {
  const { server, source } = await startApp(overviewFrom === undefined ? {} : { overviewFrom });
  const team = (name: string, labelled: boolean) => [
    namespace({ name, ...(labelled ? { labels: { access: 'yes' } } : {}) }),
    service({ name: 'api', namespace: name }),
    httpRoute({
      name: `${name}-ok`,
      namespace: name,
      hostnames: [`${name}.example.com`],
      parentRefs: [{ name: 'shared', namespace: 'infra' }],
      backends: ['api:80'],
    }),
    httpRoute({
      name: `${name}-typo`,
      namespace: name,
      hostnames: [`${name}.example.org`],
      parentRefs: [{ name: 'shared', namespace: 'infra', sectionName: 'web' }],
      backends: ['api:80', 'gone:80'],
    }),
  ];
  source.upsert(
    gatewayClass(),
    gateway({
      name: 'shared',
      namespace: 'infra',
      listeners: [{ name: 'web', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } }],
    }),
    ...team('shop', true),
    ...team('billing', false),
  );
  source.markSynced();
  return { server, source };
}

async function summaryOf(app: FastifyInstance, headers: Record<string, string>): Promise<SummaryResponse> {
  const response = await app.inject({ url: '/api/summary', headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SummaryResponse>();
}

describe('GET /api/summary', () => {
  it('counts the whole topology for the admin, as its findings do, and follows changes', async () => {
    const { server, source } = await boot();
    const topology = (await server.inject({ url: '/api/topology', headers: AUTH })).json<TopologyResponse>();
    const first = await summaryOf(server, AUTH);
    expect(first.revision).toBe(topology.revision);
    const rejectedFindings = topology.findings.filter((item) => item.code === 'GM303');
    expect(first.summary.rejected.count).toBe(rejectedFindings.length);
    expect(first.summary.rejected.reasons.map((reason) => [reason.reason, reason.count])).toEqual([
      ['NoMatchingListenerHostname', 2],
    ]);
    expect(first.summary.unresolved.count).toBe(
      topology.findings.filter((item) => item.code === 'GM305').length,
    );
    expect(first.summary.attached).toBe(2);

    source.upsert(service({ name: 'gone', namespace: 'shop' }));
    await expect.poll(async () => (await summaryOf(server, AUTH)).summary.unresolved.count).toBe(1);
    expect((await summaryOf(server, AUTH)).revision).toBeGreaterThan(first.revision);
  });

  it('counts only what a share link sees, and names nothing outside it', async () => {
    const { server } = await boot();
    const link = await createShareLink(server, AUTH, SHOP);
    const response = await server.inject({
      url: '/api/summary',
      headers: { authorization: `Bearer ${link.token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('billing');
    const { summary } = response.json<SummaryResponse>();
    expect(summary.routes).toBe(2);
    expect(summary.attached).toBe(1);
    expect(summary.rejected.reasons).toMatchObject([
      { reason: 'NoMatchingListenerHostname', count: 1, top: [{ namespace: 'shop', count: 1 }] },
    ]);
    expect(summary.unresolved.count).toBe(1);
  });

  it('refuses a caller without a credential', async () => {
    const { server } = await boot();
    expect((await server.inject('/api/summary')).statusCode).toBe(401);
  });
});

async function overviewOf(app: FastifyInstance, headers: Record<string, string>): Promise<OverviewResponse> {
  const response = await app.inject({ url: '/api/overview', headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<OverviewResponse>();
}

function tiles(
  response: OverviewResponse,
): Record<string, { total: number; problems: number; members: number }> {
  const items = (response.overview?.grouped.items ?? []).filter(
    (item): item is AggregateItem => item.type === 'aggregate',
  );
  return Object.fromEntries(
    items.map((item) => [
      item.namespace,
      { total: item.total, problems: item.problems, members: item.members.length },
    ]),
  );
}

describe('GET /api/overview', () => {
  it('folds every namespace of a large estate as the map does, without its members, and follows changes', async () => {
    const { server, source } = await boot(5);
    const topology = (await server.inject({ url: '/api/topology', headers: AUTH })).json<TopologyResponse>();
    const first = await overviewOf(server, AUTH);
    expect(first.revision).toBe(topology.revision);
    expect(first.overview?.objects).toBe(topology.nodes.length);
    // The summary of the same revision comes with it, for the first view to show.
    expect(first.summary).toEqual((await summaryOf(server, AUTH)).summary);
    // Each team folds its Service, two Routes and the Service one names that does not exist (a
    // ghost); the Route rejected for its hostname and the ghost need attention.
    expect(tiles(first)).toEqual({
      shop: { total: 4, problems: 2, members: 0 },
      billing: { total: 4, problems: 2, members: 0 },
    });
    const whole = first.overview?.grouped.items
      .filter((item) => item.type === 'object')
      .map((item) => item.id);
    expect(whole).toEqual(expect.arrayContaining(['GatewayClass/example', 'Gateway/infra/shared']));
    // The Gateway's edges to each namespace, merged; the findings of what is left whole only.
    const merged = first.overview?.grouped.edges.filter((edge) => edge.type === 'aggregate-edge') ?? [];
    expect(
      merged.map((edge) => edge.type === 'aggregate-edge' && [edge.to, edge.count, edge.states]).sort(),
    ).toEqual([
      ['Gateway/infra/shared', 2, { accepted: 1, rejected: 1 }],
      ['Gateway/infra/shared', 2, { accepted: 1, rejected: 1 }],
    ]);
    const ofWhole = topology.findings.filter((finding) => whole?.includes(finding.subject));
    expect(first.overview?.findings).toEqual(ofWhole);
    expect(topology.findings.length, 'findings of folded objects, left out').toBeGreaterThan(ofWhole.length);

    source.upsert(service({ name: 'gone', namespace: 'shop' }));
    await expect
      .poll(async () => tiles(await overviewOf(server, AUTH))['shop'])
      .toEqual({
        total: 4,
        problems: 1,
        members: 0,
      });
    expect((await overviewOf(server, AUTH)).revision).toBeGreaterThan(first.revision);
  });

  it('is left out below the size from which it pays', async () => {
    const { server } = await boot();
    const response = await overviewOf(server, AUTH);
    expect(response.overview).toBeUndefined();
    expect(response.revision).toBeGreaterThan(0);
  });

  it('shows a share link only what it sees', async () => {
    const { server } = await boot(2);
    const link = await createShareLink(server, AUTH, SHOP);
    const response = await server.inject({
      url: '/api/overview',
      headers: { authorization: `Bearer ${link.token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('billing');
    const shared = response.json<OverviewResponse>();
    expect(Object.keys(tiles(shared))).toEqual(['shop']);
    expect(shared.summary?.routes).toBe(2);
  });

  it('refuses a caller without a credential', async () => {
    const { server } = await boot(1);
    expect((await server.inject('/api/overview')).statusCode).toBe(401);
  });
});

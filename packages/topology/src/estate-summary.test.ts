import { gateway, gatewayClass, httpRoute, namespace, service } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { generateTopology } from '../bench/generate-topology.ts';
import {
  figureKey,
  figureObjects,
  parseFigureKey,
  summarizeEstate,
  type EstateSummary,
  type ReasonTally,
} from './estate-summary.ts';
import type { Finding } from './findings.ts';
import type { KubeObject } from './meta.ts';
import type { TopologySnapshot } from './protocol.ts';
import { scopeView } from './share-scope.ts';
import { viewOfObjects } from './topology-at.ts';

/**
 * A Gateway with two listeners (`web` for *.example.com from every namespace, `team` for labelled
 * namespaces) and stale status; Routes attached, rejected for each of three reasons (one Route both
 * attached and rejected), a backend without its ReferenceGrant and a missing backend.
 */
function scenario(): KubeObject[] {
  const edge = (sectionName?: string) => ({
    name: 'edge',
    namespace: 'infra',
    ...(sectionName ? { sectionName } : {}),
  });
  return [
    gatewayClass(),
    namespace({ name: 'infra' }),
    namespace({ name: 'shop', labels: { access: 'yes' } }),
    namespace({ name: 'other' }),
    gateway({
      name: 'edge',
      namespace: 'infra',
      generation: 2,
      listeners: [
        { name: 'web', port: 80, hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
        {
          name: 'team',
          port: 8080,
          allowedRoutes: {
            namespaces: { from: 'Selector', selector: { matchLabels: { access: 'yes' } } },
          },
        },
      ],
      status: {
        conditions: [
          {
            type: 'Accepted',
            status: 'True',
            reason: 'Accepted',
            message: '',
            observedGeneration: 1,
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    }),
    service({ name: 'api', namespace: 'shop' }),
    service({ name: 'api', namespace: 'other' }),
    httpRoute({
      name: 'ok',
      namespace: 'shop',
      hostnames: ['a.example.com'],
      parentRefs: [edge()],
      backends: ['api:80'],
    }),
    httpRoute({
      name: 'wronghost',
      namespace: 'shop',
      hostnames: ['a.other.org'],
      parentRefs: [edge('web')],
      backends: ['api:80'],
    }),
    httpRoute({ name: 'blocked', namespace: 'other', parentRefs: [edge('team')], backends: ['api:80'] }),
    httpRoute({
      name: 'two',
      namespace: 'shop',
      hostnames: ['b.example.com'],
      parentRefs: [edge('web'), { name: 'gone', namespace: 'infra' }],
      backends: ['api:80'],
    }),
    httpRoute({
      name: 'cross',
      namespace: 'shop',
      hostnames: ['c.example.com'],
      parentRefs: [edge('web')],
      backends: ['other/api:80', 'nope:80'],
    }),
  ];
}

function snapshotOf(objects: Iterable<KubeObject>): TopologySnapshot {
  return viewOfObjects(objects).view.snapshot();
}

/** The objects of findings of some codes, grouped by the reason of the edge at each finding's field. */
function findingsByEdgeReason(
  snapshot: TopologySnapshot,
  codes: readonly string[],
  types: readonly string[],
): Map<string, { findings: Finding[]; subjects: Set<string> }> {
  const edgeAt = new Map(
    snapshot.edges
      .filter((edge) => types.includes(edge.type))
      .map((edge) => [`${edge.from} ${edge.field}`, edge]),
  );
  const groups = new Map<string, { findings: Finding[]; subjects: Set<string> }>();
  for (const item of snapshot.findings) {
    if (!codes.includes(item.code)) continue;
    const edge = edgeAt.get(`${item.subject} ${item.field ?? ''}`);
    expect(edge, `the edge of ${item.id}`).toBeDefined();
    const reason = edge?.reason ?? '';
    const group = groups.get(reason) ?? { findings: [], subjects: new Set<string>() };
    group.findings.push(item);
    group.subjects.add(item.subject);
    groups.set(reason, group);
  }
  return groups;
}

function reasonCounts(tally: ReasonTally): Record<string, number> {
  return Object.fromEntries(tally.reasons.map((reason) => [reason.reason, reason.count]));
}

const ESTATES: [string, () => KubeObject[]][] = [
  ['the scenario', scenario],
  // 14 namespaces: two Gateways, hostname mismatches, namespaces outside the listener's selector
  // (app-9), missing canary backends.
  ['a generated estate', () => generateTopology(700) as KubeObject[]],
];

describe.each(ESTATES)('summarizeEstate of %s', (_name, objects) => {
  const snapshot = snapshotOf(objects());
  const summary = summarizeEstate(snapshot);

  it('counts the Routes of each rejection reason as the findings about rejected parents name them', () => {
    const groups = findingsByEdgeReason(snapshot, ['GM301', 'GM302', 'GM303'], ['parent']);
    expect(groups.size).toBeGreaterThan(1);
    expect(reasonCounts(summary.rejected)).toEqual(
      Object.fromEntries([...groups].map(([reason, group]) => [reason, group.subjects.size])),
    );
    for (const reason of summary.rejected.reasons)
      expect([...figureObjects(snapshot, reason.figure)].sort()).toEqual(
        [...(groups.get(reason.reason)?.subjects ?? [])].sort(),
      );
    const all = new Set([...groups.values()].flatMap((group) => [...group.subjects]));
    expect(summary.rejected.count).toBe(all.size);
    expect([...figureObjects(snapshot, summary.rejected.figure)].sort()).toEqual([...all].sort());
  });

  it('counts unresolved references by reason, one per finding about a reference', () => {
    const codes = ['GM304', 'GM305', 'GM306', 'GM201', 'GM208', 'GM209'];
    const groups = findingsByEdgeReason(snapshot, codes, ['backend', 'mirror', 'certificate', 'class']);
    expect(reasonCounts(summary.unresolved)).toEqual(
      Object.fromEntries([...groups].map(([reason, group]) => [reason, group.findings.length])),
    );
    expect(summary.unresolved.count).toBe(
      snapshot.findings.filter((item) => codes.includes(item.code)).length,
    );
    for (const reason of summary.unresolved.reasons)
      expect([...figureObjects(snapshot, reason.figure)].sort()).toEqual(
        [...(groups.get(reason.reason)?.subjects ?? [])].sort(),
      );
  });

  it('counts missing ReferenceGrants and stale statuses as their findings', () => {
    const missing = snapshot.findings.filter((item) => item.code === 'GM304' || item.code === 'GM209');
    expect(summary.missingGrants.count).toBe(missing.length);
    expect([...figureObjects(snapshot, summary.missingGrants.figure)].sort()).toEqual(
      [...new Set(missing.map((item) => item.subject))].sort(),
    );
    const stale = new Set(
      snapshot.findings.filter((item) => item.code === 'GM502').map((item) => item.subject),
    );
    expect(summary.stale.count).toBe(stale.size);
    expect([...figureObjects(snapshot, summary.stale.figure)].sort()).toEqual([...stale].sort());
  });

  it('splits every figure of the estate over the parents and their listeners without losing a Route', () => {
    const routesOf = (figure: Parameters<typeof figureObjects>[1]) => figureObjects(snapshot, figure);
    for (const parent of summary.parents) {
      expect(parent.attached).toBe(routesOf({ figure: 'attached', parent: parent.parent }).size);
      expect(parent.rejected.count).toBe(routesOf(parent.rejected.figure).size);
      for (const listener of parent.listeners) {
        expect(listener.rejected.count).toBe(routesOf(listener.rejected.figure).size);
        for (const reason of listener.rejected.reasons)
          expect(reason.count).toBe(routesOf(reason.figure).size);
      }
    }
    const attached = new Set(
      summary.parents.flatMap((parent) => [...routesOf({ figure: 'attached', parent: parent.parent })]),
    );
    expect(summary.attached).toBe(attached.size);
  });
});

describe('summarizeEstate', () => {
  const snapshot = snapshotOf(scenario());
  const summary = summarizeEstate(snapshot);

  it('gives each parent and listener its Routes attached and rejected, by reason', () => {
    const edge = summary.parents.find((parent) => parent.parent === 'Gateway/infra/edge');
    expect(summary.routes).toBe(5);
    expect(summary.attached).toBe(3);
    expect(edge).toMatchObject({ attached: 3, rejected: { count: 2 } });
    expect(reasonCounts(edge?.rejected as ReasonTally)).toEqual({
      NoMatchingListenerHostname: 1,
      NotAllowedByListeners: 1,
    });
    expect(
      edge?.listeners.map((listener) => [
        listener.listener,
        listener.attached,
        reasonCounts(listener.rejected),
      ]),
    ).toEqual([
      ['team', 1, { NotAllowedByListeners: 1 }],
      ['web', 3, { NoMatchingListenerHostname: 1 }],
    ]);
    // A Route counts under each figure it falls in: `two` is attached to edge and rejected by gone.
    expect(summary.parents.map((parent) => parent.parent).sort()).toEqual([
      'Gateway/infra/edge',
      'Gateway/infra/gone',
    ]);
    expect([...figureObjects(snapshot, { figure: 'rejected', reason: 'ParentNotFound' })]).toEqual([
      'HTTPRoute/shop/two',
    ]);
  });

  it('names the namespaces a reason falls in, the most first', () => {
    const { reasons } = summarizeEstate(snapshotOf(generateTopology(1500) as KubeObject[])).rejected;
    const selector = reasons.find((reason) => reason.reason === 'NotAllowedByListeners');
    // The generator leaves every tenth namespace out of the listeners' selector.
    expect(selector).toMatchObject({
      count: 150,
      namespaces: 3,
      top: [
        { namespace: 'app-19', count: 50 },
        { namespace: 'app-29', count: 50 },
        { namespace: 'app-9', count: 50 },
      ],
    });
    const hostnames = reasons.find((reason) => reason.reason === 'NoMatchingListenerHostname');
    expect(hostnames?.top).toHaveLength(5);
    expect(hostnames?.namespaces).toBeGreaterThan(5);
  });

  it('counts references, not their owners, and owners once in the objects of a figure', () => {
    expect(reasonCounts(summary.unresolved)).toEqual({ BackendNotFound: 1, RefNotPermitted: 1 });
    expect(summary.unresolved.count).toBe(2);
    expect([...figureObjects(snapshot, summary.unresolved.figure)]).toEqual(['HTTPRoute/shop/cross']);
    expect(reasonCounts(summary.missingGrants)).toEqual({ backend: 1 });
    expect(reasonCounts(summary.stale)).toEqual({ Gateway: 1 });
  });

  it('finds nothing for a figure no edge falls in', () => {
    for (const figure of [
      { figure: 'attached', reason: 'Accepted' },
      { figure: 'rejected', reason: 'NoSuchReason' },
      { figure: 'rejected', parent: 'Gateway/infra/none' },
      { figure: 'attached', parent: 'Gateway/infra/edge', listener: 'none' },
    ] as const)
      expect(figureObjects(snapshot, figure).size, figureKey(figure)).toBe(0);
  });

  it('counts only what a share link sees when given its scoped view', () => {
    const scoped = scopeView(viewOfObjects(scenario()).view, { namespaces: ['other'] });
    const shared: EstateSummary = summarizeEstate(scoped);
    expect(shared.routes).toBe(1);
    expect(shared.attached).toBe(0);
    expect(reasonCounts(shared.rejected)).toEqual({ NotAllowedByListeners: 1 });
    expect(shared.rejected.reasons[0]?.top).toEqual([{ namespace: 'other', count: 1 }]);
    expect(shared.unresolved.count).toBe(0);
    expect(shared.parents.map((parent) => parent.parent)).toEqual(['Gateway/infra/edge']);
  });

  it('keys figures so that no two differ only in where a field ends', () => {
    expect(figureKey({ figure: 'rejected', reason: 'a|b' })).not.toBe(
      figureKey({ figure: 'rejected', reason: 'a', parent: 'b' }),
    );
  });

  it('reads back every figure a summary names from its key', () => {
    const figures = [
      summary.rejected.figure,
      ...summary.rejected.reasons.map((reason) => reason.figure),
      ...summary.parents.flatMap((parent) => [
        parent.rejected.figure,
        ...parent.listeners.flatMap((listener) => listener.rejected.reasons.map((reason) => reason.figure)),
      ]),
      ...summary.unresolved.reasons.map((reason) => reason.figure),
      summary.missingGrants.figure,
      summary.stale.figure,
    ];
    expect(figures.length).toBeGreaterThan(8);
    for (const figure of figures) expect(parseFigureKey(figureKey(figure))).toEqual(figure);
    expect(parseFigureKey('rejected|||')).toEqual({ figure: 'rejected' });
    expect(parseFigureKey(figureKey({ figure: 'rejected', reason: 'a|b%c', parent: 'Gateway/x/y' }))).toEqual(
      {
        figure: 'rejected',
        reason: 'a|b%c',
        parent: 'Gateway/x/y',
      },
    );
  });

  it.each([
    ['', 'empty'],
    ['rejected', 'too few fields'],
    ['rejected||||', 'too many fields'],
    ['accepted|||', 'an unknown figure'],
    ['Rejected|||', 'a figure in another case'],
    ['rejected|%E0%A4%A|Gateway/x/y|', 'a field that does not decode'],
    ['attached|||web', 'a listener without its parent'],
    [`rejected|${'x'.repeat(2000)}||`, 'a field too long'],
  ])('reads %j as no figure (%s)', (text) => {
    expect(parseFigureKey(text)).toBeUndefined();
  });
});

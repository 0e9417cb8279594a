import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gateway, gatewayClass, httpRoute, namespace, referenceGrant, service } from '@gatemap/fixtures';
import { decodeObject, type Change, type HistoryEntry, type HistoryVerdictEntry } from '@gatemap/topology';
import { afterEach, describe, expect, it } from 'vitest';
import { TopologyHub } from '../topology-hub.ts';
import { HistoryService } from './history-service.ts';

const ROUTE = 'HTTPRoute/shop/web';
const services: HistoryService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.close();
});

function changesOf(...objects: unknown[]): Change[] {
  return objects.map((raw) => {
    const decoded = decodeObject(raw);
    if (!decoded.ok || !('value' in decoded)) throw new Error('fixture did not decode');
    return { type: 'upsert', object: decoded.value };
  });
}

/** A Gateway admitting Routes from namespaces labelled `team: shop`, a Route there, a backend across namespaces. */
function estate(options: { labelled: boolean; hostname?: string }) {
  return [
    gatewayClass(),
    namespace({ name: 'shop', ...(options.labelled ? { labels: { team: 'shop' } } : {}) }),
    gateway({
      name: 'edge',
      namespace: 'infra',
      listeners: [
        {
          name: 'http',
          ...(options.hostname ? { hostname: options.hostname } : {}),
          allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'shop' } } } },
        },
      ],
    }),
    service({ name: 'api', namespace: 'backends' }),
    referenceGrant({
      name: 'shop-to-backends',
      namespace: 'backends',
      from: [{ kind: 'HTTPRoute', namespace: 'shop' }],
      to: [{ group: '', kind: 'Service' }],
    }),
    httpRoute({
      name: 'web',
      namespace: 'shop',
      hostnames: ['shop.example.com'],
      parentRefs: [{ name: 'edge', namespace: 'infra' }],
      backends: ['backends/api:80'],
    }),
  ];
}

function boot(path = ':memory:') {
  const history = new HistoryService({ path });
  services.push(history);
  const hub = new TopologyHub({ history });
  hub.addCluster({ name: 'prod', source: 'files', state: 'connecting', kinds: [] });
  const published: HistoryEntry[][] = [];
  hub.subscribe((event) => {
    if (event.type === 'history') published.push([...(event.entries ?? [])]);
  });
  // Recording runs on later turns of the event loop; the tests read it at once.
  const apply = (changes: Change[]) => {
    hub.apply('prod', changes);
    history.settle();
  };
  const sync = (objects: unknown[]) => {
    apply(changesOf(...objects));
    hub.setStatus({ name: 'prod', source: 'files', state: 'synced', kinds: [] });
  };
  return { history, apply, published, sync };
}

const flips = (entries: readonly HistoryEntry[], id: string) =>
  entries.filter(
    (entry): entry is HistoryVerdictEntry => entry.type === 'verdict' && entry.verdict.id === id,
  );

describe('history recorder', () => {
  it('records no entries for the first sync, only the versions of what it holds', () => {
    const { history, published, sync } = boot();
    sync(estate({ labelled: true }));
    expect(published).toEqual([]);
    expect(history.page({ cluster: 'prod', limit: 10 }).entries).toEqual([]);
    const objects = history.objectsAt('prod', new Date(Date.now() + 1000).toISOString());
    expect(Array.isArray(objects) && objects.map((object) => object.metadata.name).sort()).toEqual([
      'api',
      'edge',
      'example',
      'shop',
      'shop-to-backends',
      'web',
    ]);
  });

  it('names the Namespace whose label was removed as the cause of the Route it no longer admits', () => {
    const { apply, published, sync } = boot();
    sync(estate({ labelled: true }));
    apply(changesOf(namespace({ name: 'shop' })));
    const entries = published.flat();
    const change = entries.find((entry) => entry.type === 'object');
    expect(change).toMatchObject({
      key: 'Namespace/shop',
      change: 'changed',
      fields: [{ path: 'metadata.labels', before: { team: 'shop' } }],
    });
    const [flip] = flips(entries, 'parent:Gateway/infra/edge:Accepted');
    expect(flip?.verdict).toMatchObject({ key: ROUTE, direction: 'broke' });
    expect(flip?.causes).toEqual([{ seq: change!.seq, key: 'Namespace/shop', change: 'changed' }]);
    expect(flip!.seq).toBeGreaterThan(change!.seq);
  });

  it('names only the changes of an apply that led to a flip, and each of several', () => {
    const { apply, published, sync } = boot();
    sync([...estate({ labelled: true }), service({ name: 'elsewhere', namespace: 'other' })]);
    apply(
      changesOf(namespace({ name: 'shop' }), service({ name: 'elsewhere', namespace: 'other', ports: [81] })),
    );
    const [alone] = flips(published.flat(), 'parent:Gateway/infra/edge:Accepted');
    expect(alone?.causes).toMatchObject([{ key: 'Namespace/shop' }]);
    expect(alone?.causes).toHaveLength(1);

    const [, , , , , route] = estate({ labelled: true });
    apply(
      changesOf(namespace({ name: 'shop', labels: { team: 'shop' } }), {
        ...route,
        metadata: { ...route!.metadata, labels: { tier: 'web' } },
      }),
    );
    const [both] = flips(published.flat(), 'parent:Gateway/infra/edge:Accepted').slice(1);
    expect(both?.verdict.direction).toBe('recovered');
    expect(both?.causes.map((cause) => 'key' in cause && cause.key).sort()).toEqual([
      'HTTPRoute/shop/web',
      'Namespace/shop',
    ]);
  });

  it('names a deleted ReferenceGrant as the cause of the reference it no longer permits', () => {
    const { apply, published, sync } = boot();
    sync(estate({ labelled: true }));
    apply([{ type: 'delete', key: 'ReferenceGrant/backends/shop-to-backends' as never }]);
    const entries = published.flat();
    expect(entries.filter((entry) => entry.type === 'object')).toMatchObject([
      { key: 'ReferenceGrant/backends/shop-to-backends', change: 'deleted' },
    ]);
    const [flip] = flips(entries, 'parent:Gateway/infra/edge:ResolvedRefs');
    expect(flip?.verdict).toMatchObject({ direction: 'broke' });
    expect(flip?.causes).toMatchObject([
      { key: 'ReferenceGrant/backends/shop-to-backends', change: 'deleted' },
    ]);
  });

  it('records a status-only change only as the cause of the reported condition it flips', () => {
    const { apply, published, sync } = boot();
    sync(estate({ labelled: true }));
    const [, , , , , route] = estate({ labelled: true });
    const reported = (status: string) => ({
      ...route,
      status: {
        parents: [
          {
            parentRef: { name: 'edge', namespace: 'infra' },
            controllerName: 'example.com/gateway',
            conditions: [{ type: 'Accepted', status, reason: 'Accepted', observedGeneration: 1 }],
          },
        ],
      },
    });
    apply(changesOf(reported('True')));
    apply(changesOf(reported('True')));
    apply(changesOf(reported('False')));
    const entries = published.flat();
    const statuses = entries.filter((entry) => entry.type === 'object');
    expect(statuses.every((entry) => entry.type === 'object' && entry.change === 'status')).toBe(true);
    const reportedFlips = flips(entries, 'reported:parent:Gateway/infra/edge:Accepted');
    expect(reportedFlips.map((flip) => flip.verdict.after?.value)).toEqual([
      'True (Accepted)',
      'False (Accepted)',
    ]);
    for (const flip of reportedFlips) expect(flip.causes).toMatchObject([{ key: ROUTE, change: 'status' }]);
  });

  it('records a burst of 10,000 changes in one apply, and pages through it', () => {
    const { history, apply, sync } = boot();
    sync(estate({ labelled: true }));
    apply(
      changesOf(
        ...Array.from({ length: 10_000 }, (_, index) => service({ name: `s-${index}`, namespace: 'bulk' })),
      ),
    );
    let seen = 0;
    let cursor: string | undefined;
    do {
      const page = history.page({ cluster: 'prod', limit: 500, ...(cursor ? { cursor } : {}) });
      seen += page.entries.length;
      cursor = page.next;
    } while (cursor);
    expect(seen).toBe(10_000);
  });

  it('keeps history and the versions across a restart, numbering on', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gatemap-history-')), 'history.sqlite');
    const first = boot(path);
    first.sync(estate({ labelled: true }));
    first.apply(changesOf(namespace({ name: 'shop' })));
    const before = first.history.page({ cluster: 'prod', limit: 100 }).entries;
    first.history.close();
    services.splice(0);

    const second = boot(path);
    expect(second.history.page({ cluster: 'prod', limit: 100 }).entries).toEqual(before);
    // The same objects again: no storm; one changed while the server was down: only its version.
    second.sync(estate({ labelled: false, hostname: 'shop.example.com' }));
    expect(second.published).toEqual([]);
    second.apply(changesOf(namespace({ name: 'shop', labels: { team: 'shop' } })));
    const next = second.published.flat();
    expect(Math.min(...next.map((entry) => entry.seq))).toBeGreaterThan(
      Math.max(...before.map((entry) => entry.seq)),
    );
  });
});

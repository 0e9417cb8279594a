/**
 * `serve -f DIR`: manifests are read from disk and reloaded when a file changes; only what
 * changed reaches the engine, and broken files are reported without losing the good objects.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, ClusterStatus } from '@gatemap/topology';
import { createFilesSource } from '../src/sources/files-source.ts';
import type { Source } from '../src/sources/source.ts';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: default}
spec:
  gatewayClassName: example
  listeners: [{name: http, port: 80, protocol: HTTP}]
`;
const ROUTE = (backend: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: default}
spec:
  parentRefs: [{name: web}]
  rules: [{backendRefs: [{name: ${backend}, port: 80}]}]
`;

let source: Source | undefined;
let directory: string | undefined;
afterEach(async () => {
  await source?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

function collect(): { batches: Change[][]; statuses: ClusterStatus[]; next: () => Promise<Change[]> } {
  const batches: Change[][] = [];
  const statuses: ClusterStatus[] = [];
  let waiting: ((changes: Change[]) => void) | undefined;
  source!.start(
    (changes) => {
      if (waiting) {
        waiting(changes);
        waiting = undefined;
      } else batches.push(changes);
    },
    (status) => statuses.push(status),
  );
  return {
    batches,
    statuses,
    next: () =>
      new Promise((resolve, reject) => {
        const queued = batches.shift();
        if (queued) return resolve(queued);
        const timer = setTimeout(() => reject(new Error('no reload within 5 s')), 5000);
        waiting = (changes) => (clearTimeout(timer), resolve(changes));
      }),
  };
}

describe('files source', () => {
  it('loads a directory, then sends only what changed when a file changes', async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
    writeFileSync(join(directory, 'gateway.yaml'), GATEWAY);
    writeFileSync(join(directory, 'route.yaml'), ROUTE('shop'));
    source = createFilesSource({ name: 'files', directory, kind: 'files', watch: true });
    const events = collect();
    const first = await events.next();
    expect(first.filter((change) => change.type === 'upsert')).toHaveLength(2);
    expect(events.statuses.at(-1)?.state).toBe('synced');

    writeFileSync(join(directory, 'route.yaml'), ROUTE('cart'));
    const second = await events.next();
    const upserts = second.filter((change) => change.type === 'upsert');
    expect(upserts.map((change) => change.type === 'upsert' && change.object.key)).toEqual([
      'HTTPRoute/default/shop',
    ]);

    rmSync(join(directory, 'route.yaml'));
    const third = await events.next();
    expect(third.filter((change) => change.type === 'delete')).toEqual([
      { type: 'delete', key: 'HTTPRoute/default/shop' },
    ]);
  });

  it('reports a broken file with its name and line and keeps the good objects', async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
    writeFileSync(join(directory, 'gateway.yaml'), GATEWAY);
    writeFileSync(join(directory, 'broken.yaml'), `${ROUTE('shop')}---\nkind: [unclosed\n`);
    source = createFilesSource({ name: 'files', directory, kind: 'files', watch: false });
    const events = collect();
    const changes = await events.next();
    expect(changes.filter((change) => change.type === 'upsert')).toHaveLength(2);
    const issues = changes.find((change) => change.type === 'input-issues');
    expect(issues?.type === 'input-issues' && issues.findings[0]?.message).toMatch(/broken\.yaml:\d+/);
  });
});

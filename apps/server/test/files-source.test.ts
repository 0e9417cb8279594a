/**
 * `serve -f DIR`: manifests are read from disk and reloaded when a file changes; only what
 * changed reaches the engine, and broken files are reported without losing the good objects.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { policyKindsFromNames, type Change, type ClusterStatus } from '@gatemap/topology';
import { createFilesSource } from '../src/sources/files-source.ts';
import type { Source } from '../src/sources/source.ts';
import { policyCrd } from './helpers/policies.ts';

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
/** The policy kind the files define with a CRD. */
const TEST_POLICY = { group: 'example.com', kind: 'TestPolicy', plural: 'testpolicies' };

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

  it('reads policy kinds from the CRDs among the files, before the objects, and drops them with their CRD', async () => {
    const kindsOf = (changes: Change[]) =>
      changes.flatMap((change) =>
        change.type === 'policy-kinds' ? [change.kinds.map((kind) => `${kind.kind}.${kind.group}`)] : [],
      );
    directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
    writeFileSync(join(directory, 'gateway.yaml'), GATEWAY);
    writeFileSync(join(directory, 'crd.yaml'), policyCrd(TEST_POLICY));
    source = createFilesSource({ name: 'files', directory, kind: 'files', watch: true });
    const events = collect();
    const first = await events.next();
    expect(kindsOf(first)).toEqual([['TestPolicy.example.com']]);
    expect(first[0]?.type).toBe('policy-kinds');
    // The kind's CRD is its definition, not an object of the graph.
    const crdChanges = (changes: Change[]) =>
      changes.flatMap((change) =>
        change.type === 'upsert-unknown' && change.object.object.kind === 'CustomResourceDefinition'
          ? ['upsert']
          : change.type === 'delete' && change.key.startsWith('CustomResourceDefinition')
            ? ['delete']
            : [],
      );
    expect(crdChanges(first)).toEqual([]);

    // A reload that leaves the CRDs alone sends no kinds; one that removes the CRD sends none left.
    writeFileSync(join(directory, 'gateway.yaml'), GATEWAY.replace('80', '8080'));
    expect(kindsOf(await events.next())).toEqual([]);
    // Without its label and a policy's schema, the CRD defines no policy kind: an object again.
    writeFileSync(join(directory, 'crd.yaml'), policyCrd({ ...TEST_POLICY, labelled: false }));
    const unlabelled = await events.next();
    expect(kindsOf(unlabelled)).toEqual([[]]);
    expect(crdChanges(unlabelled)).toEqual(['upsert']);
    writeFileSync(join(directory, 'crd.yaml'), policyCrd(TEST_POLICY));
    const labelled = await events.next();
    expect(kindsOf(labelled)).toEqual([['TestPolicy.example.com']]);
    expect(crdChanges(labelled)).toEqual(['delete']);
    rmSync(join(directory, 'crd.yaml'));
    expect(kindsOf(await events.next())).toEqual([[]]);
  });

  it('reads kinds named with --policy-kinds beside those of the CRDs among the files', async () => {
    const named = policyKindsFromNames(['NamedPolicy.example.com', 'TestPolicy.example.com']).kinds;
    directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
    writeFileSync(join(directory, 'gateway.yaml'), GATEWAY);
    writeFileSync(join(directory, 'crd.yaml'), policyCrd(TEST_POLICY));
    source = createFilesSource({ name: 'files', directory, kind: 'files', watch: false, policyKinds: named });
    const first = await collect().next();
    const kinds = first.flatMap((change) => (change.type === 'policy-kinds' ? change.kinds : []));
    // A kind both named and defined by a CRD among the files is read as its CRD describes it.
    expect(kinds.map((kind) => `${kind.kind}.${kind.group} ${kind.basis}`)).toEqual([
      'TestPolicy.example.com label',
      'NamedPolicy.example.com named',
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

  const keys = (changes: Change[]) =>
    changes.flatMap((change) => (change.type === 'upsert' ? [change.object.key] : [])).sort();
  const inputMessages = (changes: Change[]) =>
    changes.flatMap((change) =>
      change.type === 'input-issues' ? change.findings.map((item) => item.message) : [],
    );
  const QUOTED_10MB = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: default\n  annotations:\n    team: "web"\n    tier: "edge"\ndata:\n  big: "${'x'.repeat(10 * 1024 * 1024)}"\n`;

  it('reports a file too large to read and keeps every other file', async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
    // Sorted first, so that a failure to read it would lose the files after it.
    writeFileSync(join(directory, '0-huge.yaml'), '');
    truncateSync(join(directory, '0-huge.yaml'), 600 * 1024 * 1024);
    writeFileSync(join(directory, 'gateway.yaml'), GATEWAY);
    writeFileSync(join(directory, 'route.yaml'), ROUTE('shop'));
    source = createFilesSource({ name: 'files', directory, kind: 'files', watch: false });
    const events = collect();
    const changes = await events.next();
    expect(keys(changes)).toEqual(['Gateway/default/web', 'HTTPRoute/default/shop']);
    expect(inputMessages(changes)).toEqual([
      expect.stringMatching(/0-huge\.yaml: cannot be read: 600 MiB, over the file size limit of 256 MiB/),
    ]);
  });

  it('reports a document that once overflowed the reader, on start and on reload, and keeps the rest', async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
    // After the Gateway's file: the reader's patterns have run once, as they have in use.
    writeFileSync(join(directory, 'gateway.yaml'), GATEWAY);
    writeFileSync(join(directory, 'z-big.yaml'), QUOTED_10MB);
    source = createFilesSource({ name: 'files', directory, kind: 'files', watch: true });
    const events = collect();
    const first = await events.next();
    expect(keys(first)).toEqual(['Gateway/default/web']);
    expect(inputMessages(first)).toEqual([
      expect.stringMatching(
        /z-big\.yaml:1: the document is 10\.0 MiB, over the document size limit of 3 MiB/,
      ),
    ]);

    writeFileSync(join(directory, 'route.yaml'), ROUTE('shop'));
    writeFileSync(join(directory, 'z-big2.yaml'), QUOTED_10MB.replace('name: big\n', 'name: big2\n'));
    const second = await events.next();
    expect(keys(second)).toEqual(['HTTPRoute/default/shop']);
    expect(second.filter((change) => change.type === 'delete')).toEqual([]);
    expect(inputMessages(second)).toHaveLength(2);
  });

  it('reads a large document when the limit allows it', async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
    writeFileSync(join(directory, 'big.yaml'), QUOTED_10MB);
    source = createFilesSource({
      name: 'files',
      directory,
      kind: 'files',
      watch: false,
      limits: { maxFileBytes: 64 * 1024 * 1024, maxDocumentSize: 16 * 1024 * 1024, maxObjects: 10 },
    });
    const changes = await collect().next();
    expect(keys(changes)).toEqual(['ConfigMap/default/big']);
    expect(inputMessages(changes)).toEqual([]);
  });

  it('lets other work run while it decodes the documents of a large file', async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
    const documents = Array.from(
      { length: 2000 },
      (_, index) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${index}, namespace: default}\n`,
    );
    writeFileSync(join(directory, 'services.yaml'), documents.join('---\n'));
    // With no time slice, the reload pauses after every batch of a hundred documents decoded and
    // of a hundred objects compared.
    let pauses = 0;
    const pause = async () => {
      pauses++;
      await nextTurn();
    };
    source = createFilesSource({ name: 'files', directory, kind: 'files', watch: false, sliceMs: 0, pause });
    const changes = await collect().next();
    expect(keys(changes)).toHaveLength(2000);
    expect(pauses).toBeGreaterThanOrEqual(40);
  });
});

/**
 * The policy kinds of a cluster against a scripted API server: which CRDs count (established
 * ones, read by the core's discovery), the order of what reaches the engine (a kind's set before
 * its objects, a dropped kind's deletes before the set without it), and kinds named by
 * `--policy-kinds` located through API discovery when the CRD list is forbidden.
 * policies.integration.test.ts runs the same against a real API server.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { policyKindsFromNames, type Change } from '@gatemap/topology';
import { KubeApiError, type KubeClient, type WatchEvent } from './kube-client.ts';
import { PolicyKindsSync } from './policy-kinds-sync.ts';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const WAIT = { timeout: 5_000, interval: 5 };

/** A CRD of a labelled policy kind `<Kind>.example.com`, established unless told. */
function crd(kind: string, { established = true, resourceVersion = '1' } = {}): Record<string, unknown> {
  const plural = kind.toLowerCase().replace(/y$/, 'ies');
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.example.com`,
      resourceVersion,
      labels: { 'gateway.networking.k8s.io/policy': 'Direct' },
    },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind, plural },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
    },
    status: { conditions: [{ type: 'Established', status: established ? 'True' : 'False' }] },
  };
}

function policy(kind: string, name: string): Record<string, unknown> {
  return {
    apiVersion: 'example.com/v1',
    kind,
    metadata: { name, namespace: 'shop', resourceVersion: '1' },
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' }] },
  };
}

/** An API server answering from these tables; watches stay open until pushed to or stopped. */
class ScriptedServer implements KubeClient {
  readonly server = 'https://scripted.invalid';
  readonly lists = new Map<string, Record<string, unknown>[] | KubeApiError>();
  readonly documents = new Map<string, unknown>();
  private readonly watches = new Map<string, (event: WatchEvent) => void>();

  async get(path: string): Promise<unknown> {
    const [base = ''] = path.split('?');
    const list = this.lists.get(base);
    if (list instanceof KubeApiError) throw list;
    if (list) return { items: list, metadata: { resourceVersion: '1' } };
    if (this.documents.has(base)) return this.documents.get(base);
    throw new KubeApiError(404, `${base} not found`, 'NotFound');
  }

  send(): Promise<unknown> {
    return Promise.reject(new Error('read only'));
  }

  watch(path: string, options: { signal: AbortSignal; onEvent: (event: WatchEvent) => void }): Promise<void> {
    const [base = ''] = path.split('?');
    this.watches.set(base, options.onEvent);
    return new Promise((resolve) =>
      options.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }

  /** Sends a watch event, once the watch of `base` is open. */
  async push(base: string, event: WatchEvent): Promise<void> {
    await vi.waitFor(() => expect(this.watches.has(base), `watch of ${base}`).toBe(true), WAIT);
    this.watches.get(base)?.(event);
  }

  close(): void {}
}

const controllers: AbortController[] = [];
const syncs: PolicyKindsSync[] = [];

function start(server: ScriptedServer, named: readonly string[] = []) {
  const sent: Change[] = [];
  const controller = new AbortController();
  controllers.push(controller);
  const send = (changes: readonly Change[]) => sent.push(...changes);
  const sync = new PolicyKindsSync({
    context: {
      client: server,
      tuning: { pageSize: 500, inactivityMs: 60_000, forbiddenRetryMs: 600_000, notFoundRetryMs: 60_000 },
      maxNamespaces: 10,
      sink: { changes: send, invalid: () => {}, stateChanged: () => {} },
      log: () => {},
      signal: controller.signal,
      namespaces: () => ({ state: 'unavailable', reason: 'not in this test' }),
    },
    named: policyKindsFromNames(named).kinds,
    send,
    stateChanged: () => {},
  });
  syncs.push(sync);
  sync.start();
  /** What was sent, each change as `kinds:<Kind,…>`, `upsert:<key>` or `delete:<key>`. */
  const trace = () =>
    sent.map((change) => {
      switch (change.type) {
        case 'policy-kinds':
          return `kinds:${change.kinds.map((kind) => kind.kind).join(',')}`;
        case 'upsert-unknown':
        case 'upsert':
          return `upsert:${change.object.key}`;
        case 'delete':
          return `delete:${change.key}`;
        default:
          return change.type;
      }
    });
  return { sync, trace, controller };
}

afterEach(async () => {
  for (const controller of controllers.splice(0)) controller.abort();
  await Promise.all(syncs.splice(0).map((sync) => sync.stop()));
});

describe('policy kinds of a cluster', () => {
  it('reads established CRDs only, and sends a kind before its objects', async () => {
    const server = new ScriptedServer();
    server.lists.set(CRDS, [crd('WidgetPolicy'), crd('PendingPolicy', { established: false })]);
    server.lists.set('/apis/example.com/v1/widgetpolicies', [policy('WidgetPolicy', 'one')]);
    const { sync, trace } = start(server);
    await vi.waitFor(
      () => expect(trace()).toEqual(['kinds:WidgetPolicy', 'upsert:WidgetPolicy.example.com/shop/one']),
      WAIT,
    );
    await vi.waitFor(
      () =>
        expect(sync.statuses().map((status) => [status.kind, status.state])).toEqual([
          ['CustomResourceDefinition', 'synced'],
          ['WidgetPolicy', 'synced'],
        ]),
      WAIT,
    );
  });

  it('picks a CRD up once it is established, and drops its objects before the kind when it goes', async () => {
    const server = new ScriptedServer();
    server.lists.set(CRDS, [crd('LatePolicy', { established: false })]);
    server.lists.set('/apis/example.com/v1/latepolicies', [policy('LatePolicy', 'one')]);
    const { sync, trace } = start(server);
    await vi.waitFor(
      () => expect(sync.statuses()).toEqual([expect.objectContaining({ state: 'synced' })]),
      WAIT,
    );
    expect(trace()).toEqual([]);
    await server.push(CRDS, { type: 'MODIFIED', object: crd('LatePolicy', { resourceVersion: '2' }) });
    await vi.waitFor(
      () => expect(trace()).toEqual(['kinds:LatePolicy', 'upsert:LatePolicy.example.com/shop/one']),
      WAIT,
    );
    await server.push(CRDS, { type: 'DELETED', object: crd('LatePolicy', { resourceVersion: '3' }) });
    await vi.waitFor(
      () => expect(trace().slice(2)).toEqual(['delete:LatePolicy.example.com/shop/one', 'kinds:']),
      WAIT,
    );
  });

  it('says when the CRD list is forbidden, and watches the named kinds that API discovery locates', async () => {
    const server = new ScriptedServer();
    server.lists.set(CRDS, new KubeApiError(403, 'customresourcedefinitions is forbidden', 'Forbidden'));
    server.documents.set('/apis/example.com', {
      preferredVersion: { version: 'v1' },
      versions: [{ version: 'v1beta1' }, { version: 'v1' }],
    });
    server.documents.set('/apis/example.com/v1', {
      resources: [
        { name: 'widgetpolicies', kind: 'WidgetPolicy', namespaced: true },
        { name: 'widgetpolicies/status', kind: 'WidgetPolicy', namespaced: true },
      ],
    });
    server.documents.set('/apis/example.com/v1beta1', { resources: [] });
    server.lists.set('/apis/example.com/v1/widgetpolicies', [policy('WidgetPolicy', 'one')]);
    const { sync, trace, controller } = start(server, ['WidgetPolicy.example.com', 'GonePolicy.example.com']);
    expect(await sync.resolveNamed(controller.signal)).toEqual([]);
    await vi.waitFor(() => expect(trace()).toContain('upsert:WidgetPolicy.example.com/shop/one'), WAIT);
    const states = new Map(sync.statuses().map((status) => [status.kind, status]));
    expect(states.get('CustomResourceDefinition')).toMatchObject({
      state: 'forbidden',
      message:
        'customresourcedefinitions is forbidden; policy kinds are not discovered; only those --policy-kinds names are watched',
    });
    expect(states.get('GonePolicy')).toMatchObject({
      state: 'not-installed',
      message: 'GonePolicy.example.com, named by --policy-kinds, is not served by the API server',
    });
    await vi.waitFor(
      () =>
        expect(sync.statuses().find((status) => status.kind === 'WidgetPolicy')).toMatchObject({
          state: 'synced',
          version: 'v1',
        }),
      WAIT,
    );
  });

  it('says how to name policy kinds when the CRD list is forbidden and none are named', async () => {
    const server = new ScriptedServer();
    server.lists.set(CRDS, new KubeApiError(403, 'customresourcedefinitions is forbidden', 'Forbidden'));
    const { sync, trace } = start(server);
    await vi.waitFor(
      () =>
        expect(sync.statuses()).toEqual([
          expect.objectContaining({
            kind: 'CustomResourceDefinition',
            state: 'forbidden',
            message:
              'customresourcedefinitions is forbidden; policy kinds are not discovered; name them with --policy-kinds',
          }),
        ]),
      WAIT,
    );
    expect(trace()).toEqual([]);
  });

  it('reports a CRD list that fails for another reason as an error to retry', async () => {
    const server = new ScriptedServer();
    server.lists.set(CRDS, new KubeApiError(500, 'etcdserver: request timed out'));
    const { sync } = start(server);
    await vi.waitFor(
      () =>
        expect(sync.statuses()).toEqual([
          expect.objectContaining({ state: 'error', message: 'etcdserver: request timed out' }),
        ]),
      WAIT,
    );
    expect(sync.retryError()).toBe('customresourcedefinitions: etcdserver: request timed out');
  });

  it('reports a policy kind whose list is forbidden as forbidden', async () => {
    const server = new ScriptedServer();
    server.lists.set(CRDS, [crd('WidgetPolicy')]);
    server.lists.set(
      '/apis/example.com/v1/widgetpolicies',
      new KubeApiError(403, 'widgetpolicies.example.com is forbidden', 'Forbidden'),
    );
    const { sync } = start(server);
    await vi.waitFor(
      () =>
        expect(sync.statuses().find((status) => status.kind === 'WidgetPolicy')).toMatchObject({
          state: 'forbidden',
          message: expect.stringContaining('widgetpolicies.example.com is forbidden'),
        }),
      WAIT,
    );
  });
});

/**
 * Properties of the analyzer over generated input: the pipeline never throws, attachedRoutes is
 * exactly the number of Routes accepted on a listener, incremental analysis equals a fresh one,
 * and removing everything leaves nothing behind, with policies of a discovered kind among the
 * objects. Objects are drawn from small pools of names, namespaces, ports and hostnames so that
 * references collide and resolve often.
 */
import { gateway, gatewayClass, service } from '@gatemap/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeObject,
  policyKindsFromNames,
  predictStatus,
  TopologyEngine,
  TopologyView,
  type Change,
  type ObjectKey,
  type TopologySnapshot,
} from '../src/index.ts';
import { isValidHostname } from '../src/hostnames.ts';

// ---- arbitraries -----------------------------------------------------------------------------

const GW = 'gateway.networking.k8s.io';
const LISTENER_NAMES = ['http', 'https', 'tls', 'tcp', 'x'] as const;
const TIMESTAMPS = ['2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'not a date'] as const;

/** One of the values, the first in three cases out of four. */
function usually<Value>(first: Value, ...others: Value[]): fc.Arbitrary<Value> {
  return others.length === 0
    ? fc.constant(first)
    : fc.oneof(
        { weight: 3, arbitrary: fc.constant(first) },
        { weight: 1, arbitrary: fc.constantFrom(...others) },
      );
}

/** Mostly `arbitrary`, rarely any JSON value at all (a field of the wrong type). */
function sometimesJunk<Value>(arbitrary: fc.Arbitrary<Value>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 200, arbitrary }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
}

type Shape = Record<string, fc.Arbitrary<unknown>>;

/** An object with the `required` keys always and each `optional` key sometimes; any value may be junk. */
function shaped(required: Shape, optional: Shape = {}): fc.Arbitrary<Record<string, unknown>> {
  const all: Shape = Object.fromEntries(
    Object.entries({ ...required, ...optional }).map(([key, arbitrary]) => [key, sometimesJunk(arbitrary)]),
  );
  return fc.record(all, { requiredKeys: Object.keys(required) });
}

const few = <Value>(arbitrary: fc.Arbitrary<Value>, maxLength = 2, minLength = 0) =>
  fc.array(arbitrary, { minLength, maxLength });

const name = usually('gateway', 'a', 'b');
const ns = usually('default', 'apps');
const port = usually(80, 443, 8080);
const hostname = fc.constantFrom(
  'a.example.com',
  'foo.bar.example.com',
  '*.example.com',
  '*.com',
  'example.com',
  'other.io',
  'Bad_Host',
);
const labels = fc.dictionary(
  fc.constantFrom('team', 'env', 'kubernetes.io/metadata.name'),
  fc.constantFrom('a', 'apps', 'default'),
  { maxKeys: 2 },
);
const selector = shaped(
  {},
  {
    matchLabels: labels,
    matchExpressions: few(
      shaped(
        {
          key: fc.constantFrom('team', 'env'),
          operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Near'),
        },
        { values: few(fc.constantFrom('a', 'apps')) },
      ),
    ),
  },
);
const namespaces = shaped({ from: usually('All', 'Same', 'Selector', 'None', 'Bogus') }, { selector });
const secretRef = shaped(
  { name: usually('tls', 'missing') },
  { namespace: ns, group: usually('', 'example.com'), kind: usually('Secret', 'ConfigMap') },
);
const listenerArb = shaped(
  {
    name: fc.constantFrom(...LISTENER_NAMES),
    protocol: usually('HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP', 'INVALID'),
    port,
  },
  {
    hostname,
    tls: shaped({}, { mode: usually('Terminate', 'Passthrough'), certificateRefs: few(secretRef) }),
    allowedRoutes: shaped(
      {},
      {
        namespaces,
        kinds: few(
          shaped(
            { kind: fc.constantFrom('HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'Bogus') },
            { group: usually(GW, 'example.com') },
          ),
        ),
      },
    ),
  },
);
const caRefs = few(
  shaped(
    {
      group: usually('', 'example.com'),
      kind: usually('ConfigMap', 'Service'),
      name: usually('ca', 'missing'),
    },
    { namespace: ns },
  ),
  2,
  1,
);
const validation = shaped(
  { caCertificateRefs: caRefs },
  { mode: fc.constantFrom('AllowValidOnly', 'AllowInsecureFallback') },
);
const conditionArb = shaped(
  {
    type: fc.constantFrom('Accepted', 'ResolvedRefs', 'Programmed', 'Conflicted'),
    status: fc.constantFrom('True', 'False', 'Unknown'),
  },
  {
    reason: fc.constantFrom('Accepted', 'Pending', 'NotAllowedByListeners', 'Invalid'),
    message: fc.constant(''),
    observedGeneration: fc.nat(3),
  },
);
/** `arbitrary` in one case out of four, otherwise absent (undefined fields are dropped when decoding). */
const rarely = <Value>(arbitrary: fc.Arbitrary<Value>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const parentTarget = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.constant({ group: GW, kind: 'ListenerSet' }) },
  { weight: 1, arbitrary: fc.constant({ group: '', kind: 'Service' }) },
  { weight: 1, arbitrary: fc.constant({ group: 'example.com', kind: 'Mesh' }) },
);
const parentRef = fc
  .tuple(
    parentTarget,
    shaped(
      { name },
      {
        namespace: rarely(ns),
        sectionName: rarely(fc.constantFrom(...LISTENER_NAMES)),
        port: rarely(port),
      },
    ),
  )
  .map(([target, ref]) => ({ ...target, ...ref }));
const mirror = shaped({
  backendRef: shaped({ name: usually('backend', 'a') }, { namespace: ns, port: fc.constant(80) }),
});
const backendRef = shaped(
  { name: usually('backend', 'a', 'missing') },
  {
    namespace: ns,
    port: usually(80, 443),
    group: usually('', 'example.com'),
    kind: usually('Service', 'Bucket'),
    weight: fc.nat(3),
    filters: few(
      shaped({ type: usually('RequestMirror', 'ExtensionRef', 'Bogus') }, { requestMirror: mirror }),
      1,
    ),
  },
);
const rule = shaped(
  {},
  {
    matches: few(
      shaped(
        {},
        { path: shaped({}, { type: usually('PathPrefix', 'Exact', 'Bogus'), value: usually('/', 'x') }) },
      ),
    ),
    filters: few(
      shaped(
        { type: fc.constantFrom('RequestRedirect', 'URLRewrite', 'RequestMirror', 'Bogus') },
        { requestMirror: mirror },
      ),
    ),
    backendRefs: few(backendRef, 2, 1),
  },
);
const routeSpec = shaped(
  { parentRefs: few(parentRef, 2, 1) },
  { hostnames: few(hostname, 2), rules: few(rule, 2, 1) },
);
const listenerSetSpec = shaped({
  parentRef: shaped({ name }, { namespace: ns, kind: usually('Gateway', 'Other') }),
  listeners: few(listenerArb, 2, 1),
});
const params = shaped({
  group: usually('', 'example.com'),
  kind: usually('ConfigMap', 'Params'),
  name: usually('ca', 'p'),
});

/** Per kind: apiVersions, the spec, and other top-level fields. */
const KINDS: Readonly<
  Record<
    string,
    {
      apiVersions: readonly string[];
      spec?: fc.Arbitrary<unknown>;
      top?: fc.Arbitrary<Record<string, unknown>>;
    }
  >
> = {
  GatewayClass: {
    apiVersions: [`${GW}/v1`],
    spec: shaped(
      { controllerName: usually('example.com/controller', 'other.io/controller') },
      {
        parametersRef: shaped({ namespace: ns }).chain((extra) =>
          params.map((ref) => ({ ...ref, ...extra })),
        ),
      },
    ),
  },
  Gateway: {
    apiVersions: [`${GW}/v1`, `${GW}/v1beta1`],
    spec: shaped(
      { gatewayClassName: name, listeners: few(listenerArb, 3, 1) },
      {
        addresses: few(
          shaped({ type: usually('IPAddress', 'Hostname', 'test/custom'), value: fc.constant('10.0.0.1') }),
          1,
        ),
        infrastructure: shaped({ parametersRef: params }),
        tls: shaped(
          {},
          {
            backend: shaped({ clientCertificateRef: secretRef }),
            frontend: shaped(
              {},
              {
                default: shaped({ validation }),
                perPort: few(shaped({ port }, { tls: shaped({ validation }) })),
              },
            ),
          },
        ),
        allowedListeners: shaped({ namespaces }),
      },
    ),
  },
  HTTPRoute: { apiVersions: [`${GW}/v1`], spec: routeSpec },
  GRPCRoute: { apiVersions: [`${GW}/v1`], spec: routeSpec },
  TLSRoute: { apiVersions: [`${GW}/v1alpha2`, `${GW}/v1`], spec: routeSpec },
  TCPRoute: { apiVersions: [`${GW}/v1alpha2`], spec: routeSpec },
  UDPRoute: { apiVersions: [`${GW}/v1alpha2`], spec: routeSpec },
  ReferenceGrant: {
    apiVersions: [`${GW}/v1beta1`, `${GW}/v1`],
    spec: shaped({
      from: few(
        shaped({
          group: usually(GW, ''),
          kind: usually('HTTPRoute', 'Gateway', 'ListenerSet', 'TCPRoute'),
          namespace: usually('apps', 'default'),
        }),
        2,
        1,
      ),
      to: few(
        shaped(
          { group: usually('', GW), kind: usually('Service', 'Secret', 'ConfigMap') },
          { name: fc.constantFrom('backend', 'tls', 'ca') },
        ),
        2,
        1,
      ),
    }),
  },
  ListenerSet: { apiVersions: [`${GW}/v1`], spec: listenerSetSpec },
  XListenerSet: { apiVersions: ['gateway.networking.x-k8s.io/v1alpha1'], spec: listenerSetSpec },
  BackendTLSPolicy: {
    apiVersions: [`${GW}/v1`, `${GW}/v1alpha3`],
    spec: shaped(
      {
        targetRefs: few(
          shaped(
            { group: fc.constant(''), kind: usually('Service', 'Bucket'), name: usually('backend', 'a') },
            { sectionName: fc.constantFrom('http', 'https') },
          ),
          2,
          1,
        ),
      },
      {
        validation: shaped(
          { hostname: fc.constant('backend.example.com') },
          { caCertificateRefs: caRefs, wellKnownCACertificates: usually('System', 'Bogus') },
        ),
      },
    ),
  },
  Service: {
    apiVersions: ['v1'],
    spec: shaped(
      {},
      {
        type: usually('ClusterIP', 'ExternalName'),
        ports: few(
          shaped(
            { port: usually(80, 443) },
            { name: fc.constantFrom('http', 'https'), protocol: usually('TCP', 'UDP') },
          ),
          2,
          1,
        ),
      },
    ),
  },
  ServiceImport: {
    apiVersions: ['multicluster.x-k8s.io/v1alpha1'],
    spec: shaped({}, { ports: few(shaped({ port: fc.constant(80) }), 1) }),
  },
  Namespace: { apiVersions: ['v1'] },
  Secret: {
    apiVersions: ['v1'],
    top: shaped(
      {},
      {
        type: usually('kubernetes.io/tls', 'Opaque'),
        data: fc.dictionary(fc.constantFrom('tls.crt', 'tls.key'), fc.constantFrom('', 'Z2FyYmFnZQ==')),
      },
    ),
  },
  ConfigMap: {
    apiVersions: ['v1'],
    top: shaped(
      {},
      {
        data: fc.dictionary(
          fc.constantFrom('ca.crt', 'x'),
          fc.constantFrom('garbage', '-----BEGIN CERTIFICATE-----'),
        ),
      },
    ),
  },
  Widget: { apiVersions: ['example.com/v1'], spec: fc.anything() },
};

/** Reported status in the shapes controllers write, for the status comparison and staleness. */
const statusArb = shaped(
  {},
  {
    conditions: few(conditionArb),
    listeners: few(
      shaped({
        name: fc.constantFrom(...LISTENER_NAMES),
        attachedRoutes: fc.nat(3),
        conditions: few(conditionArb),
      }),
      2,
    ),
    parents: few(
      shaped({
        parentRef,
        controllerName: usually('example.com/controller', 'x'),
        conditions: few(conditionArb),
      }),
      2,
    ),
    ancestors: few(
      shaped({
        ancestorRef: parentRef,
        controllerName: fc.constant('example.com/controller'),
        conditions: few(conditionArb, 1),
      }),
      1,
    ),
  },
);

/** An object shaped like one of the kinds gatemap reads, with colliding names and some junk. */
const plausibleObject: fc.Arbitrary<unknown> = fc
  .oneof(
    ...Object.keys(KINDS).map((kind) => ({
      weight:
        (
          {
            GatewayClass: 2,
            Gateway: 3,
            HTTPRoute: 6,
            Service: 3,
            ReferenceGrant: 3,
            ListenerSet: 3,
            BackendTLSPolicy: 2,
          } as Record<string, number>
        )[kind] ?? 1,
      arbitrary: fc.constant(kind),
    })),
  )
  .chain((kind) => {
    const entry = KINDS[kind];
    if (!entry) throw new Error(kind);
    const special: Record<string, fc.Arbitrary<string>> = {
      Service: usually('backend', 'a'),
      Secret: usually('tls', 'a'),
      ConfigMap: usually('ca', 'a'),
      GatewayClass: usually('gateway', 'a'),
      Namespace: usually('apps', 'default'),
    };
    return fc.record(
      {
        apiVersion: fc.oneof(
          { weight: 20, arbitrary: fc.constantFrom(...entry.apiVersions) },
          { weight: 1, arbitrary: fc.constant(`${GW}/v9`) },
        ),
        kind: fc.constant(kind),
        metadata: shaped(
          { name: special[kind] ?? name },
          {
            namespace: ns,
            generation: fc.integer({ min: 1, max: 3 }),
            creationTimestamp: fc.constantFrom(...TIMESTAMPS),
            labels,
          },
        ),
        spec: entry.spec ?? fc.constant(undefined),
        status: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: statusArb }),
        extra: entry.top ?? fc.constant({}),
      },
      { requiredKeys: ['apiVersion', 'kind', 'metadata', 'spec', 'extra'] },
    );
  })
  .map(({ extra, status, ...object }) => ({
    ...object,
    ...(status === null ? {} : { status }),
    ...(extra as Record<string, unknown>),
  }));

/**
 * A valid base every world starts from, so that random Routes and ListenerSets find a parent;
 * random objects with the same keys replace it.
 */
const ANCHOR: readonly unknown[] = [
  gatewayClass({ name: 'gateway', controllerName: 'example.com/controller' }),
  gateway({
    className: 'gateway',
    listeners: [
      { name: 'http', allowedRoutes: { namespaces: { from: 'All' } } },
      { name: 'x', port: 8080, hostname: '*.example.com' },
      { name: 'tcp', protocol: 'TCP', port: 9000 },
    ],
    spec: { allowedListeners: { namespaces: { from: 'All' } } },
  }),
  service(),
];
/**
 * A policy of the discovered kind `TestPolicy.example.com` (see `POLICY_KINDS`), targeting the
 * names and sections the other objects use, with defaults and status sometimes.
 */
const policyTarget = shaped(
  {
    group: usually(GW, '', 'example.com'),
    kind: usually('Gateway', 'HTTPRoute', 'Service', 'ListenerSet', 'Widget'),
    name,
  },
  { sectionName: rarely(usually('http', 'x', 'a')), namespace: rarely(ns) },
);
const policyObject: fc.Arbitrary<unknown> = fc.record(
  {
    apiVersion: fc.constant('example.com/v1'),
    kind: fc.constant('TestPolicy'),
    metadata: fc.record(
      { name, namespace: ns, creationTimestamp: fc.constantFrom(...TIMESTAMPS), generation: usually(1, 2) },
      { requiredKeys: ['name', 'namespace'] },
    ),
    spec: shaped(
      { targetRefs: few(policyTarget, 3) },
      { targetRef: rarely(policyTarget), defaults: rarely(fc.record({ timeout: usually('1s', '2s') })) },
    ),
    status: rarely(
      fc.record({
        ancestors: few(fc.record({ ancestorRef: fc.record({ name }), conditions: few(conditionArb) })),
      }),
    ),
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata', 'spec'] },
);
/** The change that makes `TestPolicy.example.com` a policy kind, first in every engine here. */
const POLICY_KINDS: Change = {
  type: 'policy-kinds',
  kinds: policyKindsFromNames(['TestPolicy.example.com']).kinds,
};
const world = fc
  .array(fc.oneof({ weight: 5, arbitrary: plausibleObject }, { weight: 1, arbitrary: policyObject }), {
    maxLength: 16,
  })
  .map((objects) => [...ANCHOR, ...objects]);

const anyObject = fc.oneof(
  { weight: 6, arbitrary: plausibleObject },
  { weight: 1, arbitrary: policyObject },
  { weight: 1, arbitrary: fc.anything() },
);

// ---- helpers ---------------------------------------------------------------------------------

type Entry = { key: ObjectKey; change: Change };

/** The objects that decode, as upserts with their keys. */
function decodeAll(raws: readonly unknown[]): Entry[] {
  const out: Entry[] = [];
  for (const raw of raws) {
    const result = decodeObject(raw);
    if (!result.ok) continue;
    out.push(
      'value' in result
        ? { key: result.value.key, change: { type: 'upsert', object: result.value } }
        : { key: result.unknown.key, change: { type: 'upsert-unknown', object: result.unknown } },
    );
  }
  return out;
}

function allKeys(engine: TopologyEngine): ObjectKey[] {
  return [
    ...[...engine.allObjects()].map((item) => item.key),
    ...[...engine.allUnknown()].map((item) => item.key),
  ];
}

/** A snapshot in a canonical form: each list sorted by id. */
function canonical(snapshot: TopologySnapshot): { nodes: string[]; edges: string[]; findings: string[] } {
  const sorted = (items: readonly { id: string }[]) =>
    [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((item) => JSON.stringify(item));
  return {
    nodes: sorted(snapshot.nodes),
    edges: sorted(snapshot.edges),
    findings: sorted(snapshot.findings),
  };
}

function freshSnapshot(changes: readonly Change[]) {
  const engine = new TopologyEngine();
  engine.apply([POLICY_KINDS, ...changes]);
  return canonical(new TopologyView(engine).snapshot());
}

// ---- properties ------------------------------------------------------------------------------

describe('analyzer properties', () => {
  it('never throws from decoding to predicted status, on plausible or arbitrary input', () => {
    fc.assert(
      fc.property(fc.array(anyObject, { maxLength: 14 }), (raws) => {
        const engine = new TopologyEngine();
        const entries = decodeAll(raws);
        engine.apply([POLICY_KINDS, ...entries.map((entry) => entry.change)]);
        const view = new TopologyView(engine);
        view.snapshot();
        for (const key of allKeys(engine)) {
          predictStatus(engine, key);
          engine.findingsFor(key);
        }
        engine.allFindings();
        // Half the objects again, then deletes: the incremental paths must not throw either.
        view.update(engine.apply(entries.filter((_, index) => index % 2 === 0).map((entry) => entry.change)));
        view.update(
          engine.apply(
            entries
              .filter((_, index) => index % 3 === 0)
              .map((entry): Change => ({ type: 'delete', key: entry.key })),
          ),
        );
        view.snapshot();
      }),
      { numRuns: 300 },
    );
  });

  it('counts in attachedRoutes exactly the Routes accepted on each listener', () => {
    fc.assert(
      fc.property(world, (raws) => {
        const engine = new TopologyEngine();
        engine.apply(decodeAll(raws).map((entry) => entry.change));
        const routes = [...engine.allObjects()].filter((object) => object.info.role === 'route');
        for (const object of engine.allObjects()) {
          if (object.info.role !== 'gateway') continue;
          const status = predictStatus(engine, object.key);
          if (status?.kind !== 'gateway') continue;
          for (const listener of status.status.listeners) {
            const expected = routes.filter((route) =>
              (engine.route(route.key)?.parents ?? []).some(
                (parent) =>
                  parent.parent.key === object.key &&
                  parent.conditions.some((item) => item.type === 'Accepted' && item.status === 'True') &&
                  parent.listeners.includes(listener.name),
              ),
            ).length;
            expect(listener.attachedRoutes, `${object.key} listener ${listener.name}`).toBe(expected);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('analyzes incrementally exactly as from scratch, whatever the order, deletes and re-adds', () => {
    const step = fc.record({ index: fc.nat(), remove: fc.boolean(), flush: fc.boolean() });
    fc.assert(
      fc.property(world, fc.array(step, { minLength: 1, maxLength: 40 }), (raws, steps) => {
        const entries = decodeAll(raws);
        if (entries.length === 0) return;
        const engine = new TopologyEngine();
        engine.apply([POLICY_KINDS]);
        const view = new TopologyView(engine);
        const present = new Map<ObjectKey, Change>();
        let batch: Change[] = [];
        const flush = () => {
          view.update(engine.apply(batch));
          batch = [];
        };
        for (const { index, remove, flush: now } of steps) {
          const entry = entries[index % entries.length];
          if (!entry) continue;
          if (remove) {
            batch.push({ type: 'delete', key: entry.key });
            present.delete(entry.key);
          } else {
            batch.push(entry.change);
            // A re-add under the same key replaces the object; keep insertion order of the last write.
            present.delete(entry.key);
            present.set(entry.key, entry.change);
          }
          if (now) flush();
        }
        flush();
        const expected = freshSnapshot([...present.values()]);
        expect(canonical(view.snapshot())).toEqual(expected);
        // The indexes hold what a fresh analysis of the same objects holds: nothing stale stays.
        // (The graph keeps its slots in the engine's, so both engines have one.)
        const fresh = new TopologyEngine();
        fresh.apply([POLICY_KINDS, ...present.values()]);
        const freshView = new TopologyView(fresh);
        expect(engine.footprint()).toEqual(fresh.footprint());
        expect(view.footprint()).toEqual(freshView.footprint());
        // The indexes behind drill-down and share scoping agree with the graph.
        const snapshot = view.snapshot();
        const ends = new Set(snapshot.edges.flatMap((edge) => [edge.from, edge.to]));
        for (const id of new Set([...snapshot.nodes.map((node) => node.id), ...ends])) {
          const expectedIds = snapshot.edges
            .filter((edge) => edge.from === id || edge.to === id)
            .map((edge) => edge.id)
            .sort();
          expect(
            view
              .edgesOf(id)
              .map((edge) => edge.id)
              .sort(),
          ).toEqual(expectedIds);
        }
        // A new graph of the same engine replaces the incremental one, entries and all: it
        // matches a fresh one, and the one it replaced refuses to answer.
        const second = new TopologyView(engine);
        // Its first snapshot is the one listed while building; the next is read from its slots.
        expect(canonical(second.snapshot())).toEqual(expected);
        expect(canonical(second.snapshot())).toEqual(expected);
        expect(engine.footprint()).toEqual(fresh.footprint());
        expect(second.footprint()).toEqual(freshView.footprint());
        expect(() => view.snapshot()).toThrow(/newer graph/);
      }),
      { numRuns: 250 },
    );
  });

  it('accepts exactly the hostnames that the spec pattern accepts', () => {
    // The Hostname pattern of the Gateway API types, with its length limit.
    const pattern = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
    const character = fc.constantFrom('a', 'z', '0', '9', '-', '.', '*', 'A', '_', ' ', 'é');
    const text = fc.oneof(
      fc.array(character, { maxLength: 12 }).map((characters) => characters.join('')),
      fc
        .tuple(
          fc.constantFrom('*.', ''),
          // Around the length limit of 253 as often as well below it.
          fc.oneof(
            fc.array(fc.constantFrom('a', 'ab', 'a-b', 'a1'), { maxLength: 12 }),
            fc.array(fc.constantFrom('a', 'ab', 'a-b', 'a1'), { minLength: 60, maxLength: 130 }),
          ),
        )
        .map(([prefix, labels]) => prefix + labels.join('.')),
    );
    fc.assert(
      fc.property(text, (hostname) => {
        expect(isValidHostname(hostname)).toBe(hostname.length <= 253 && pattern.test(hostname));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves an empty topology once every object is removed', () => {
    fc.assert(
      fc.property(fc.array(anyObject, { maxLength: 14 }), (raws) => {
        const engine = new TopologyEngine();
        const view = new TopologyView(engine);
        view.update(engine.apply([POLICY_KINDS, ...decodeAll(raws).map((entry) => entry.change)]));
        view.update(engine.apply(allKeys(engine).map((key): Change => ({ type: 'delete', key }))));
        const empty = { nodes: [], edges: [], findings: [] };
        expect(view.snapshot()).toEqual(empty);
        expect(engine.size).toBe(0);
        expect(engine.allFindings()).toEqual([]);
        // Nothing stays behind in the indexes either: no slot, tally or unit, no graph slot.
        expect(engine.footprint()).toEqual({ slots: 0, tallies: 0, units: 0 });
        expect(view.footprint()).toEqual({ slots: 0 });
        expect(new TopologyView(engine).snapshot()).toEqual(empty);
      }),
      { numRuns: 200 },
    );
  });
});

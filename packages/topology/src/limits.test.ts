/**
 * The Gateway API CRDs' list limits (`maxItems`, sigs.k8s.io/gateway-api v1.6.1): one row per
 * limit. A list one entry over its limit is reported (GM102, with its field) and cut to the limit
 * for the analysis; a list at its limit is not reported.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeObject,
  listLimits,
  TopologyEngine,
  type DecodedObject,
  type Finding,
  type KnownKind,
} from './index.ts';

const GW = 'gateway.networking.k8s.io';

/** The smallest object of each kind that decodes, before the list under test is put in. */
const BASES: Readonly<Record<string, Record<string, unknown>>> = {
  HTTPRoute: { spec: {} },
  GRPCRoute: { spec: {} },
  TLSRoute: { spec: {} },
  TCPRoute: { spec: {} },
  UDPRoute: { spec: {} },
  Gateway: { spec: { gatewayClassName: 'example' } },
  ListenerSet: { spec: { parentRef: { name: 'gateway' } } },
  XListenerSet: { spec: { parentRef: { name: 'gateway' } } },
  ReferenceGrant: { spec: { from: [], to: [] } },
  BackendTLSPolicy: { spec: {} },
};

/** An entry of each limited list, by the list's name, that the schema accepts. */
const ENTRIES: Readonly<Record<string, unknown>> = {
  parentRefs: { name: 'gateway' },
  hostnames: 'app.example.com',
  rules: {},
  matches: {},
  headers: { name: 'x-env', value: 'canary' },
  queryParams: { name: 'env', value: 'canary' },
  filters: { type: 'RequestHeaderModifier' },
  backendRefs: { name: 'backend', port: 80 },
  listeners: { name: 'http', port: 80, protocol: 'HTTP' },
  kinds: { kind: 'HTTPRoute' },
  certificateRefs: { name: 'cert' },
  addresses: { type: 'IPAddress', value: '10.0.0.1' },
  caCertificateRefs: { group: '', kind: 'ConfigMap', name: 'ca' },
  perPort: { port: 443 },
  from: { group: GW, kind: 'HTTPRoute', namespace: 'apps' },
  to: { group: '', kind: 'Service' },
  targetRefs: { group: '', kind: 'Service', name: 'backend' },
  subjectAltNames: { type: 'Hostname', hostname: 'backend.example.com' },
};

const API_GROUPS: Readonly<Record<string, string>> = { XListenerSet: 'gateway.networking.x-k8s.io' };

/** The object with the list at `path` holding `count` entries (one entry in each list above it). */
function objectWith(kind: KnownKind, version: string, path: string, count: number): Record<string, unknown> {
  const steps = path.split('.');
  const build = (at: number): unknown => {
    const step = steps[at]!;
    const name = step.replace('[]', '');
    if (at === steps.length - 1) return { [name]: Array.from({ length: count }, () => ENTRIES[name]) };
    const inner = build(at + 1);
    return { [name]: step.endsWith('[]') ? [{ ...(ENTRIES[name] as object), ...(inner as object) }] : inner };
  };
  const built = build(0) as { spec: Record<string, unknown> };
  const base = BASES[kind]!;
  return {
    apiVersion: `${API_GROUPS[kind] ?? GW}/${version}`,
    kind,
    metadata: { name: 'subject', namespace: 'default' },
    ...base,
    spec: { ...(base['spec'] as object), ...built.spec },
  };
}

function decoded(raw: unknown): DecodedObject {
  const result = decodeObject(raw);
  if (!result.ok || !('value' in result)) throw new Error(`does not decode: ${JSON.stringify(result)}`);
  return result.value;
}

function findingsOf(object: DecodedObject): Finding[] {
  const engine = new TopologyEngine();
  engine.apply([{ type: 'upsert', object }]);
  return engine.allFindings().filter((item) => item.slug === 'admission-rejected');
}

/** `spec.rules[].matches` → `spec.rules[0].matches`: where the over-long list stands. */
const fieldOf = (path: string) => path.replaceAll('[]', '[0]');

const KINDS_AND_VERSIONS: readonly (readonly [KnownKind, string])[] = [
  ['HTTPRoute', 'v1'],
  ['GRPCRoute', 'v1'],
  ['TLSRoute', 'v1'],
  ['TLSRoute', 'v1alpha2'],
  ['TCPRoute', 'v1'],
  ['TCPRoute', 'v1alpha2'],
  ['UDPRoute', 'v1'],
  ['Gateway', 'v1'],
  ['ListenerSet', 'v1'],
  ['XListenerSet', 'v1alpha1'],
  ['ReferenceGrant', 'v1beta1'],
  ['BackendTLSPolicy', 'v1'],
];
const ROWS = KINDS_AND_VERSIONS.flatMap(([kind, version]) =>
  listLimits(kind, version).map((limit) => ({ kind, version, ...limit })),
);

describe('CRD list limits', () => {
  it('knows the limits of the CRDs, parentRefs at 32 and an HTTPRoute`s rules at 16 among them', () => {
    const route = listLimits('HTTPRoute', 'v1');
    expect(route).toContainEqual({ path: 'spec.parentRefs', maxItems: 32 });
    expect(route).toContainEqual({ path: 'spec.rules', maxItems: 16 });
    expect(route).toContainEqual({ path: 'spec.rules[].matches', maxItems: 64 });
    expect(listLimits('TCPRoute', 'v1')).toContainEqual({ path: 'spec.rules', maxItems: 1 });
    expect(listLimits('Gateway', 'v1')).toContainEqual({ path: 'spec.listeners', maxItems: 64 });
  });

  it.each(ROWS)(
    '$kind $version: $path over $maxItems is GM102 and cut',
    ({ kind, version, path, maxItems }) => {
      const over = decoded(objectWith(kind, version, path, maxItems + 1));
      expect(over.overLimit).toContainEqual({ field: fieldOf(path), count: maxItems + 1, maxItems });
      const found = findingsOf(over).filter((item) => item.field === fieldOf(path));
      expect(found).toHaveLength(1);
      expect(found[0]!.message).toContain(`at most ${maxItems}`);

      const at = decoded(objectWith(kind, version, path, maxItems));
      expect(at.overLimit).toBeUndefined();
      expect(findingsOf(at).filter((item) => item.field === fieldOf(path))).toEqual([]);
    },
  );

  it('reports 33 parentRefs of an HTTPRoute as an object the API server rejects', () => {
    const route = decoded(objectWith('HTTPRoute', 'v1', 'spec.parentRefs', 33));
    expect(findingsOf(route).map((item) => [item.code, item.field])).toContainEqual([
      'GM102',
      'spec.parentRefs',
    ]);
  });

  it('analyzes a Route with 200,000 rules as one with its first 16, reporting GM102', () => {
    const rules = Array.from({ length: 200_000 }, (_, index) => ({
      backendRefs: [{ name: `missing-${index}`, port: 80 }],
    }));
    const route = decoded({
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: { name: 'huge', namespace: 'default' },
      spec: { parentRefs: [{ name: 'gateway' }], rules },
    });
    expect((route.object['spec'] as { rules: unknown[] }).rules).toHaveLength(16);
    const engine = new TopologyEngine();
    engine.apply([{ type: 'upsert', object: route }]);
    const findings = engine.allFindings();
    expect(findings.filter((item) => item.slug === 'backend-not-found')).toHaveLength(16);
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'GM102', field: 'spec.rules', subject: 'HTTPRoute/default/huge' }),
    );
  });
});

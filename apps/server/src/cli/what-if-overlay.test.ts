import { parseManifests } from '@gatemap/manifests';
import { describe, expect, it } from 'vitest';
import { discoverPolicyKinds } from '@gatemap/topology';
import {
  buildOverlay,
  createdAt,
  mergePolicyKinds,
  parseDeleteFlag,
  withPolicies,
} from './what-if-overlay.ts';

describe('parseDeleteFlag', () => {
  it.each([
    ['HTTPRoute/shop/web', 'HTTPRoute/shop/web'],
    ['httproute/shop/web', 'HTTPRoute/shop/web'],
    ['httproutes/shop/web', 'HTTPRoute/shop/web'],
    ['httproutes.gateway.networking.k8s.io/shop/web', 'HTTPRoute/shop/web'],
    ['referencegrant/infra/grant', 'ReferenceGrant/infra/grant'],
    ['namespace/shop', 'Namespace/shop'],
    ['GatewayClass/example', 'GatewayClass/example'],
  ])('reads %s as kubectl spells the kind', (text, key) => {
    expect(parseDeleteFlag(text)).toBe(key);
  });

  it.each([
    ['web', 'give KIND/NAMESPACE/NAME, or KIND/NAME for a cluster-scoped kind'],
    ['HTTPRoute/shop/web/extra', 'give KIND/NAMESPACE/NAME'],
    ['HTTPRoute//web', 'give KIND/NAMESPACE/NAME'],
    ['HTTPRoute/web', 'HTTPRoute is namespaced: give HTTPRoute/NAMESPACE/NAME'],
    ['namespace/a/b', 'Namespace is cluster-scoped: give Namespace/NAME'],
    ['deployment/shop/web', 'gatemap reads no kind "deployment"; it reads GatewayClass, Gateway, HTTPRoute'],
  ])('refuses %s, saying what to give', (text, message) => {
    const result = parseDeleteFlag(text);
    expect(typeof result === 'string' ? result : result.error).toContain(message);
  });
});

describe('buildOverlay', () => {
  const parse = (text: string) => [parseManifests(text, 'change.yaml', { maxDocumentSize: 1 << 20 })];

  it('applies documents, deletes those marked `$patch: delete`, and adds the --delete keys', () => {
    const built = buildOverlay({
      parsed: parse(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web }
spec: { parentRefs: [{ name: gw }] }
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: grant, namespace: infra }
$patch: delete
`),
      deletes: ['Gateway/infra/old' as never],
      defaultNamespace: 'shop',
      maxObjects: 100,
    });
    expect(built.overlay.upserts.map((object) => object.key)).toEqual(['HTTPRoute/shop/web']);
    expect(built.overlay.deletes).toEqual(['Gateway/infra/old', 'ReferenceGrant/infra/grant']);
    expect(built.sources.get(built.overlay.upserts[0]!.key)).toEqual({ file: 'change.yaml', line: 1 });
    expect(built.issues).toEqual([]);
  });

  it('leaves out kinds gatemap does not read, and reports malformed documents', () => {
    const built = buildOverlay({
      parsed: parse(`apiVersion: apps/v1
kind: Deployment
metadata: { name: app, namespace: shop }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: 7 }
`),
      deletes: [],
      defaultNamespace: 'default',
      maxObjects: 100,
    });
    expect(withPolicies(built, []).leftOut).toEqual(['Deployment.apps/shop/app']);
    expect(built.issues.map((issue) => issue.message).join('\n')).toContain('change.yaml:5');
  });
});

/** A minimal policy CRD: discovery finds its kind by the policy label. */
const crd = (kind: string, group = 'example.com') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${kind.toLowerCase()}s.${group}
  labels: { gateway.networking.k8s.io/policy: Direct }
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: ${kind}, plural: ${kind.toLowerCase()}s }
  versions: [{ name: v1, served: true, storage: true }]
`;
const policyDocument = (kind: string, name: string) => `apiVersion: example.com/v1
kind: ${kind}
metadata: { name: ${name}, namespace: shop }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: web }] }
`;

describe('withPolicies', () => {
  const build = (text: string) =>
    buildOverlay({
      parsed: [parseManifests(text, 'change.yaml', { maxDocumentSize: 1 << 20 })],
      deletes: [],
      defaultNamespace: 'shop',
      maxObjects: 100,
    });

  it("applies objects of the cluster's policy kinds and of those the files' CRDs define; leaves out the rest", () => {
    const built = build(
      [
        crd('FilePolicy'),
        policyDocument('FilePolicy', 'from-file'),
        policyDocument('ClusterPolicy', 'from-cluster'),
        policyDocument('OtherThing', 'other'),
      ].join('---\n'),
    );
    expect(built.policyKinds.map((kind) => kind.kind)).toEqual(['FilePolicy']);
    const cluster = discoverPolicyKinds([
      JSON.parse(JSON.stringify(parseManifests(crd('ClusterPolicy'), 'crd.yaml').documents[0]?.value)),
    ]).kinds;
    const kinds = mergePolicyKinds(cluster, built.policyKinds);
    expect(kinds.map((kind) => kind.kind)).toEqual(['ClusterPolicy', 'FilePolicy']);
    const { overlay, leftOut } = withPolicies(built, kinds);
    expect(overlay.policies?.map((object) => object.key)).toEqual([
      'FilePolicy.example.com/shop/from-file',
      'ClusterPolicy.example.com/shop/from-cluster',
    ]);
    // The CRD is the kind's definition, applied with it: neither a policy nor left out.
    expect(leftOut).toEqual(['OtherThing.example.com/shop/other']);
  });

  it('places a policy of a namespaced kind that names no namespace where kubectl apply would', () => {
    const built = build(
      [crd('FilePolicy'), policyDocument('FilePolicy', 'somewhere').replace(', namespace: shop', '')].join(
        '---\n',
      ),
    );
    const { overlay, sources } = withPolicies(built, built.policyKinds);
    expect(overlay.policies?.map((object) => [object.key, object.object.metadata.namespace])).toEqual([
      ['FilePolicy.example.com/shop/somewhere', 'shop'],
    ]);
    expect(sources.get('FilePolicy.example.com/shop/somewhere' as never)).toEqual({
      file: 'change.yaml',
      line: 12,
    });
  });

  it("keeps the cluster's description of a kind the files' CRD also defines", () => {
    const [cluster] = discoverPolicyKinds([
      JSON.parse(JSON.stringify(parseManifests(crd('SamePolicy'), 'crd.yaml').documents[0]?.value)),
    ]).kinds;
    if (cluster === undefined) throw new Error('the CRD defines no policy kind');
    const kinds = mergePolicyKinds(
      [{ ...cluster, versions: ['v2', 'v1'] }],
      build(crd('SamePolicy')).policyKinds,
    );
    expect(kinds.map((kind) => kind.versions)).toEqual([['v2', 'v1']]);
  });
});

describe('createdAt', () => {
  it('makes a policy the change creates the newest, and leaves one it replaces its age', () => {
    const built = buildOverlay({
      parsed: [
        parseManifests(
          [crd('TestPolicy'), policyDocument('TestPolicy', 'new'), policyDocument('TestPolicy', 'old')].join(
            '---\n',
          ),
          'change.yaml',
          { maxDocumentSize: 1 << 20 },
        ),
      ],
      deletes: [],
      defaultNamespace: 'shop',
      maxObjects: 100,
    });
    const { overlay } = withPolicies(built, built.policyKinds);
    const dated = createdAt(
      overlay,
      new Set(['TestPolicy.example.com/shop/old' as never]),
      new Date('2026-12-07T01:02:03.456Z'),
    );
    expect(dated.policies?.map((object) => [object.key, object.object.metadata.creationTimestamp])).toEqual([
      ['TestPolicy.example.com/shop/new', '2026-12-07T01:02:03Z'],
      ['TestPolicy.example.com/shop/old', undefined],
    ]);
  });

  it('makes the objects the change creates the newest, and leaves the ones it replaces their age', () => {
    const built = buildOverlay({
      parsed: [
        parseManifests(
          `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: new, creationTimestamp: "2020-01-01T00:00:00Z" }
spec: { parentRefs: [{ name: gw }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: old }
spec: { parentRefs: [{ name: gw }] }
`,
          'change.yaml',
          { maxDocumentSize: 1 << 20 },
        ),
      ],
      deletes: [],
      defaultNamespace: 'shop',
      maxObjects: 100,
    });
    const overlay = createdAt(
      built.overlay,
      new Set(['HTTPRoute/shop/old' as never]),
      new Date('2026-12-07T01:02:03.456Z'),
    );
    expect(overlay.upserts.map((object) => [object.key, object.object.metadata.creationTimestamp])).toEqual([
      ['HTTPRoute/shop/new', '2026-12-07T01:02:03Z'],
      ['HTTPRoute/shop/old', undefined],
    ]);
  });
});

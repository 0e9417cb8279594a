import { parseManifests } from '@gatemap/manifests';
import { describe, expect, it } from 'vitest';
import { buildOverlay, createdAt, parseDeleteFlag } from './what-if-overlay.ts';

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
    expect(built.leftOut).toEqual(['Deployment.apps/shop/app']);
    expect(built.issues.map((issue) => issue.message).join('\n')).toContain('change.yaml:5');
  });
});

describe('createdAt', () => {
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

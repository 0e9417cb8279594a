/**
 * References to Secrets and ConfigMaps that gatemap may not read (RBAC denies them by default in a
 * cluster install) are "not checked: no read access" with basis `rbac`, never "does not exist";
 * and they are judged again as soon as the source can read them.
 */
import { gateway, gatewayClass } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { TopologyEngine, type ObjectKey, type PredictedCondition } from './index.ts';
import { upsert } from './test-support.ts';

const GATEWAY = 'Gateway/shop/web' as ObjectKey;
const POLICY = 'BackendTLSPolicy/shop/backend' as ObjectKey;

const objects = [
  gatewayClass(),
  gateway({
    name: 'web',
    namespace: 'shop',
    listeners: [
      { name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'shop-tls' }] } },
    ],
  }),
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'BackendTLSPolicy',
    metadata: { name: 'backend', namespace: 'shop', generation: 1 },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: 'backend' }],
      validation: {
        hostname: 'backend.example.com',
        caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }],
      },
    },
  },
];

const resolvedRefs = (conditions: readonly PredictedCondition[] | undefined) =>
  conditions?.find((condition) => condition.type === 'ResolvedRefs');

function listenerRefs(engine: TopologyEngine) {
  return resolvedRefs(engine.gateway(GATEWAY)?.listeners[0]?.conditions);
}

function policyRefs(engine: TopologyEngine) {
  return resolvedRefs(engine.policy(POLICY)?.conditions);
}

describe('references gatemap may not read', () => {
  it('are missing when the source reads every namespace (manifests, or RBAC that allows it)', () => {
    const engine = new TopologyEngine();
    engine.apply(objects.map(upsert));
    expect(listenerRefs(engine)).toMatchObject({
      status: 'False',
      reason: 'InvalidCertificateRef',
      basis: 'spec',
    });
    expect(engine.findingsFor(GATEWAY).map((finding) => finding.slug)).toContain(
      'listener-certificate-invalid',
    );
    expect(policyRefs(engine)).toMatchObject({ status: 'False', reason: 'InvalidCACertificateRef' });
  });

  it('are not checked, with basis rbac and no finding, where the source may not read them', () => {
    const engine = new TopologyEngine();
    engine.apply([
      ...objects.map(upsert),
      { type: 'readable', kind: 'Secret', namespaces: ['gatemap'] },
      { type: 'readable', kind: 'ConfigMap', namespaces: [] },
    ]);
    expect(listenerRefs(engine)).toMatchObject({
      status: 'Unknown',
      reason: 'RefNotChecked',
      basis: 'rbac',
      message: 'certificateRefs[0]: Secret shop/shop-tls not checked: no read access.',
    });
    expect(engine.findingsFor(GATEWAY).map((finding) => finding.slug)).not.toContain(
      'listener-certificate-invalid',
    );
    expect(policyRefs(engine)).toMatchObject({ status: 'Unknown', reason: 'RefNotChecked', basis: 'rbac' });
  });

  it('are judged again when reading is granted', () => {
    const engine = new TopologyEngine();
    engine.apply([...objects.map(upsert), { type: 'readable', kind: 'Secret', namespaces: [] }]);
    expect(listenerRefs(engine)?.basis).toBe('rbac');
    const changed = engine.apply([{ type: 'readable', kind: 'Secret', namespaces: ['shop'] }]);
    expect(changed.changed.has(GATEWAY)).toBe(true);
    expect(listenerRefs(engine)).toMatchObject({ status: 'False', reason: 'InvalidCertificateRef' });
    engine.apply([{ type: 'readable', kind: 'Secret', namespaces: [] }]);
    expect(listenerRefs(engine)?.basis).toBe('rbac');
    engine.apply([{ type: 'readable', kind: 'Secret', namespaces: 'all' }]);
    expect(listenerRefs(engine)?.reason).toBe('InvalidCertificateRef');
  });
});

/**
 * Policies on a live cluster, against the real API server: policy CRDs are discovered from the
 * CustomResourceDefinitions as they are installed and removed (Envoy Gateway's, at the version
 * hack/tools/envoy-gateway pins, and Gateway API's experimental XBackendTrafficPolicy), and the
 * policies of every kind are watched and attached to their targets with the Route's effective
 * stacks. Who may read them: policy-access.integration.test.ts. The tests run in order: each
 * builds on what the one before left.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { routePolicyStacks, servicePolicyStack, type ObjectKey, type PolicyKind } from '@gatemap/topology';
import {
  createNamespace,
  deleteObject,
  emptyNamespace,
  kubectl,
  kubectlRun,
  uniqueSuffix,
} from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';
import {
  applyPolicyEstate,
  deleteEnvoyGatewayCrds,
  EG,
  egKey,
  installEnvoyGatewayCrds,
  WAIT,
  waitSynced,
  watchCluster,
  type Watched,
} from './helpers/policies.ts';

const admin = adminTarget();
const className = `policies-${uniqueSuffix()}`;
const running: Watched[] = [];
let ns = '';

function watch(kubeconfigPath: string, policyKinds: readonly PolicyKind[] = []): Watched {
  const watched = watchCluster(kubeconfigPath, policyKinds);
  running.push(watched);
  return watched;
}

beforeAll(async () => {
  ns = await createNamespace(admin, 'policies');
  // This file installs the CRDs itself, after gatemap started: none may be there before.
  await deleteEnvoyGatewayCrds(admin);
}, 120_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((watched) => watched.source.stop()));
});

afterAll(async () => {
  await deleteEnvoyGatewayCrds(admin);
  await emptyNamespace(admin, ns, ['gateways', 'httproutes', 'services', 'xbackendtrafficpolicies']);
  await kubectlRun(admin, ['delete', 'gatewayclass', className, '--ignore-not-found'], {
    allowFailure: true,
  });
}, 120_000);

describe('policies on a live cluster', () => {
  it('discovers policy CRDs installed after it started, and watches their kinds', async () => {
    const watched = watch(admin.kubeconfig);
    await waitSynced(watched);
    expect(watched.kind('CustomResourceDefinition')).toMatchObject({ state: 'synced', version: 'v1' });
    // The experimental channel's own policy kind, found by its label.
    expect(watched.kind('XBackendTrafficPolicy')).toMatchObject({ state: 'synced', version: 'v1alpha1' });
    expect(watched.kind('ClientTrafficPolicy')).toBeUndefined();

    await installEnvoyGatewayCrds(admin);
    await vi.waitFor(() => {
      for (const kind of [
        'ClientTrafficPolicy',
        'BackendTrafficPolicy',
        'SecurityPolicy',
        'EnvoyExtensionPolicy',
      ])
        expect(watched.kind(kind), kind).toMatchObject({ state: 'synced', version: 'v1alpha1', group: EG });
    }, WAIT);
    const kinds = new Map(watched.engine.policyKinds().map((kind) => [kind.kind, kind]));
    // Envoy Gateway's CRDs carry no policy label: found by their targetRefs and status.ancestors.
    expect(kinds.get('ClientTrafficPolicy')).toMatchObject({
      basis: 'schema',
      plural: 'clienttrafficpolicies',
    });
    expect(kinds.get('XBackendTrafficPolicy')).toMatchObject({ basis: 'label', class: 'Direct' });
    expect(kinds.get('BackendTLSPolicy')).toMatchObject({ basis: 'label' });
  }, 120_000);

  it('attaches policies of two vendors to a Gateway, a listener, a Route and a Service, with the Route stack', async () => {
    await applyPolicyEstate(admin, ns, className);
    const watched = watch(admin.kubeconfig);
    await waitSynced(watched);
    const { engine } = watched;
    const gateway = `Gateway/${ns}/gw` as ObjectKey;
    const route = `HTTPRoute/${ns}/shop` as ObjectKey;
    const expected: [ObjectKey, string, ObjectKey, string | undefined][] = [
      [egKey('ClientTrafficPolicy', ns, 'ctp-gateway'), 'gateway', gateway, undefined],
      [egKey('ClientTrafficPolicy', ns, 'ctp-http'), 'listener', gateway, 'http'],
      [egKey('BackendTrafficPolicy', ns, 'btp-gateway'), 'gateway', gateway, undefined],
      [egKey('BackendTrafficPolicy', ns, 'btp-route'), 'route', route, undefined],
      [egKey('SecurityPolicy', ns, 'sp-route'), 'route', route, undefined],
      [egKey('EnvoyExtensionPolicy', ns, 'eep-gateway'), 'gateway', gateway, undefined],
      [
        `XBackendTrafficPolicy.gateway.networking.x-k8s.io/${ns}/xbtp-app` as ObjectKey,
        'service',
        `Service/${ns}/app` as ObjectKey,
        undefined,
      ],
    ];
    await vi.waitFor(() => {
      for (const [policy, level, target, sectionName] of expected) {
        const targets = engine.genericPolicy(policy)?.targets;
        expect(targets, policy).toHaveLength(1);
        expect(targets?.[0], policy).toMatchObject({
          state: 'attached',
          level,
          target: { key: target },
          ...(sectionName ? { sectionName } : {}),
        });
      }
    }, WAIT);
    // The listener policy's edge names its listener.
    expect(watched.view.edgesOf(egKey('ClientTrafficPolicy', ns, 'ctp-http'))).toEqual([
      expect.objectContaining({ type: 'policy-target', to: gateway, listeners: ['http'], state: 'accepted' }),
    ]);

    // One stack per listener the Route attaches to; the http listener adds its own policy.
    const stacks = routePolicyStacks(engine, route);
    expect(stacks.map((stack) => stack.listener).sort()).toEqual(['admin', 'http']);
    const entries = (listener: string, kind: string) =>
      stacks
        .find((stack) => stack.listener === listener)
        ?.kinds.find((stack) => stack.kind === `${EG}/${kind}`)
        ?.entries.map((entry) => [entry.policy, entry.level]);
    expect(entries('http', 'ClientTrafficPolicy')).toEqual([
      [egKey('ClientTrafficPolicy', ns, 'ctp-gateway'), 'gateway'],
      [egKey('ClientTrafficPolicy', ns, 'ctp-http'), 'listener'],
    ]);
    expect(entries('admin', 'ClientTrafficPolicy')).toEqual([
      [egKey('ClientTrafficPolicy', ns, 'ctp-gateway'), 'gateway'],
    ]);
    expect(entries('http', 'BackendTrafficPolicy')).toEqual([
      [egKey('BackendTrafficPolicy', ns, 'btp-gateway'), 'gateway'],
      [egKey('BackendTrafficPolicy', ns, 'btp-route'), 'route'],
    ]);
    const backendTraffic = stacks
      .find((stack) => stack.listener === 'http')
      ?.kinds.find((stack) => stack.kind === `${EG}/BackendTrafficPolicy`);
    // Envoy Gateway's merge rules are its own: listed, the most specific named, not merged.
    expect(backendTraffic).toMatchObject({
      merge: 'implementation',
      effective: { from: egKey('BackendTrafficPolicy', ns, 'btp-route'), basis: 'implementation' },
    });
    expect(entries('http', 'SecurityPolicy')).toEqual([[egKey('SecurityPolicy', ns, 'sp-route'), 'route']]);
    expect(
      servicePolicyStack(engine, `Service/${ns}/app` as ObjectKey).kinds.map((kind) => kind.kind),
    ).toEqual(['gateway.networking.x-k8s.io/XBackendTrafficPolicy']);
  }, 120_000);

  it('marks a policy target-not-found when its target is deleted', async () => {
    const watched = watch(admin.kubeconfig);
    await waitSynced(watched);
    const policy = egKey('SecurityPolicy', ns, 'sp-route');
    await vi.waitFor(
      () => expect(watched.engine.genericPolicy(policy)?.targets[0]?.state).toBe('attached'),
      WAIT,
    );
    await deleteObject(admin, 'httproute', 'shop', ns);
    await vi.waitFor(
      () => expect(watched.engine.genericPolicy(policy)?.targets[0]?.state).toBe('target-not-found'),
      WAIT,
    );
    expect(watched.view.edgesOf(policy)).toEqual([
      expect.objectContaining({ to: `HTTPRoute/${ns}/shop`, state: 'unresolved', reason: 'TargetNotFound' }),
    ]);
  }, 60_000);

  it('drops a policy kind and its policies when its CRD is deleted', async () => {
    const watched = watch(admin.kubeconfig);
    await waitSynced(watched);
    const policy = egKey('EnvoyExtensionPolicy', ns, 'eep-gateway');
    await vi.waitFor(() => expect(watched.engine.genericPolicy(policy)).toBeDefined(), WAIT);
    await kubectl(admin, 'delete', 'crd', `envoyextensionpolicies.${EG}`, '--wait=true', '--timeout=60s');
    await vi.waitFor(() => {
      expect(watched.kind('EnvoyExtensionPolicy')).toBeUndefined();
      expect(watched.engine.policyKinds().map((kind) => kind.kind)).not.toContain('EnvoyExtensionPolicy');
      expect(watched.engine.unknownObject(policy)).toBeUndefined();
      expect(watched.view.node(policy)).toBeUndefined();
    }, WAIT);
    // The other kinds stay.
    expect(watched.kind('ClientTrafficPolicy')?.state).toBe('synced');
  }, 90_000);
});

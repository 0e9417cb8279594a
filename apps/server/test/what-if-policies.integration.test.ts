/**
 * `gatemap analyze --kubeconfig` reads policies, against the real API server
 * (test/integration/global-setup.ts): the policy kinds are discovered from the cluster's CRDs as
 * the live server discovers them (a minimal policy CRD of this file's own group, labelled as the
 * Gateway API recommends), their objects are in the prediction beside the files' policies and
 * policy CRDs, and what the prediction says is what gatemap reports once the change is applied
 * with kubectl. A policy kind the credentials may not list, or a CRD list they may not read, is
 * said, not a crash.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseObjectKey, type ObjectKey } from '@gatemap/topology';
import { applyYaml, kubectl, kubectlRun } from './helpers/kubectl.ts';
import { policyCrd, routedGateway } from './helpers/policies.ts';
import {
  analyze,
  compared,
  observe,
  observedChanges,
  serviceAccountKubeconfig,
  whatIf as predict,
  whatIfCases,
} from './helpers/what-if.ts';

const { admin, suffix, className, freshNamespace, changeFiles } = whatIfCases({
  name: 'what-if-policies',
  resources: ['httproutes', 'gateways', 'services'],
});
const GROUP = `what-if-${suffix}.example.com`;
const PLURAL = 'whatifpolicies';
const LATER_GROUP = `later-${suffix}.example.com`;

const policy = (name: string, kind: string, target: string) => `apiVersion: ${GROUP}/v1
kind: WhatIfPolicy
metadata: { name: ${name} }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: ${kind}, name: ${target} }] }
`;
const key = (namespace: string, name: string) => `WhatIfPolicy.${GROUP}/${namespace}/${name}` as ObjectKey;

beforeAll(async () => {
  await applyYaml(admin, policyCrd({ group: GROUP, kind: 'WhatIfPolicy', plural: PLURAL }));
  await kubectl(admin, 'wait', '--for=condition=Established', '--timeout=60s', `crd/${PLURAL}.${GROUP}`);
  await vi.waitFor(() => kubectl(admin, 'get', `${PLURAL}.${GROUP}`, '-A'), {
    timeout: 30_000,
    interval: 100,
  });
}, 120_000);

afterAll(async () => {
  await kubectlRun(
    admin,
    [
      'delete',
      'crd',
      `${PLURAL}.${GROUP}`,
      `laterpolicies.${LATER_GROUP}`,
      '--ignore-not-found',
      '--wait=false',
    ],
    { allowFailure: true },
  );
}, 120_000);

/** Gateway `web`, HTTPRoute `shop` on it and its Service, with policies on the Gateway and the Route. */
async function estate(namespace: string): Promise<void> {
  await applyYaml(
    admin,
    [
      ...routedGateway({ gateway: 'web', className }),
      policy('edge', 'Gateway', 'web'),
      policy('retries', 'HTTPRoute', 'shop'),
    ].join('---\n'),
    namespace,
  );
}

describe('what-if with policies of discovered kinds', () => {
  it("predicts a deleted Route's policy losing its target and a new policy Conflicted, as applying them shows", async () => {
    const ns = await freshNamespace();
    await estate(ns);
    const inScope = (candidate: ObjectKey) => parseObjectKey(candidate).namespace === ns;
    const directory = changeFiles({ 'edge-v2.yaml': policy('edge-v2', 'Gateway', 'web') });
    const before = await observe(admin.kubeconfig, inScope);
    const predicted = await predict(
      ['-f', directory, '-n', ns, '--delete', `httproute/${ns}/shop`],
      admin.kubeconfig,
    );
    expect(predicted.report.policyKinds).toContain(`WhatIfPolicy.${GROUP}`);
    expect(predicted.report.objects.map((object) => [object.key, object.change])).toEqual([
      [`HTTPRoute/${ns}/shop`, 'removed'],
      [key(ns, 'edge-v2'), 'added'],
    ]);
    const flips = (name: string) =>
      predicted.report.verdicts
        .filter((change) => change.key === key(ns, name))
        .map((change) => `${change.id.split(':')[0]} ${change.after?.value ?? '-'}`)
        .sort();
    expect(flips('retries')).toEqual(['ancestor -', 'finding raised (warning)']);
    expect(flips('edge-v2')).toEqual(['ancestor False (Conflicted)', 'finding raised (error)']);
    expect(flips('edge')).toEqual([]);

    await kubectl(admin, 'delete', 'httproute', 'shop', '-n', ns, '--wait=true');
    await applyYaml(admin, policy('edge-v2', 'Gateway', 'web'), ns);
    const after = await observe(admin.kubeconfig, inScope);
    expect(predicted.report.verdicts.filter((change) => !inScope(change.key))).toEqual([]);
    expect(predicted.report.verdicts.map(compared)).toEqual(observedChanges(before, after).map(compared));
  });

  it('reads the policies of a kind whose CRD is among the files, applied with it', async () => {
    const ns = await freshNamespace();
    await estate(ns);
    const directory = changeFiles({
      'crd.yaml': policyCrd({ group: LATER_GROUP, kind: 'LaterPolicy', plural: 'laterpolicies' }),
      'later.yaml': `apiVersion: ${LATER_GROUP}/v1
kind: LaterPolicy
metadata: { name: later }
spec: { targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: missing }] }
`,
    });
    const predicted = await predict(['-f', directory, '-n', ns], admin.kubeconfig);
    expect(predicted.report.policyKinds).toContain(`LaterPolicy.${LATER_GROUP}`);
    expect(predicted.report.objects.map((object) => [object.key, object.change])).toEqual([
      [`LaterPolicy.${LATER_GROUP}/${ns}/later`, 'added'],
    ]);
    expect(
      predicted.report.findings.map((finding) => [finding.subject, finding.slug, finding.severity]),
    ).toEqual([[`LaterPolicy.${LATER_GROUP}/${ns}/later`, 'policy-attachment-target-missing', 'warning']]);
    expect(predicted.stderr).not.toContain('left out of the prediction');
  });
});

describe('what-if with credentials that may not read every policy kind', () => {
  /** A ServiceAccount that may list the Gateway API's kinds, Services, Namespaces, and `extra`. */
  async function account(namespace: string, extra: string): Promise<string> {
    const role = `gatemap-what-if-policies-${suffix}-${namespace}`;
    const kubeconfig = await serviceAccountKubeconfig({
      admin,
      namespace,
      path: join(changeFiles({}), 'kubeconfig'),
      rbac: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${role} }
rules:
  - { apiGroups: [gateway.networking.k8s.io], resources: ["*"], verbs: [list] }
  - { apiGroups: [""], resources: [namespaces, services], verbs: [list] }
${extra}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${role} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects: [SUBJECT]
`,
    });
    // RBAC takes effect when the API server's authorizer has seen the bindings.
    await vi.waitFor(
      async () => {
        const result = await kubectlRun(
          admin,
          [
            'auth',
            'can-i',
            'list',
            'gateways.gateway.networking.k8s.io',
            `--as=system:serviceaccount:${namespace}:what-if`,
          ],
          { allowFailure: true },
        );
        expect(result.stdout.trim()).toBe('yes');
      },
      { timeout: 20_000, interval: 50 },
    );
    return kubeconfig;
  }

  it('names a policy kind it may not list, and still predicts', async () => {
    const ns = await freshNamespace();
    await estate(ns);
    const kubeconfig = await account(
      ns,
      '  - { apiGroups: [apiextensions.k8s.io], resources: [customresourcedefinitions], verbs: [list] }\n',
    );
    const limited = await predict(['--delete', `httproute/${ns}/shop`], kubeconfig);
    expect(limited.stderr).toMatch(/WhatIfPolicy predicted without what could not be read: .*forbidden/);
    expect(limited.report.unread.map((kind) => kind.kind)).toContain('WhatIfPolicy');
    expect(limited.report.policyKinds).toContain(`WhatIfPolicy.${GROUP}`);
    expect(limited.report.objects).toEqual([
      expect.objectContaining({ key: `HTTPRoute/${ns}/shop`, change: 'removed' }),
    ]);
  });

  it('says that policy kinds are not discovered when the CRD list is refused', async () => {
    const ns = await freshNamespace();
    await estate(ns);
    const kubeconfig = await account(ns, '');
    const result = await analyze(['--delete', `httproute/${ns}/shop`, '--kubeconfig', kubeconfig]);
    expect(result.stderr).toMatch(
      /CustomResourceDefinition predicted without what could not be read: .*forbidden.*; policy kinds are not discovered; name them with --policy-kinds/,
    );
    expect(result.code).toBeLessThan(2);
  });
});

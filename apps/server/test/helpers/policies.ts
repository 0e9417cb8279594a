/**
 * What the policy tests share: a minimal policy CRD, and a Gateway with a Route and its Service
 * for policies to target; for those against the API server, Envoy Gateway's policy CRDs installed
 * and removed, an estate with policies of two vendors on a Gateway, a listener, a Route and a
 * Service, a kube source feeding an engine as the server's hub does, and ServiceAccounts with
 * chosen RBAC.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import {
  TopologyEngine,
  TopologyView,
  type ClusterStatus,
  type KindStatus,
  type ObjectKey,
  type PolicyKind,
} from '@gatemap/topology';
import { createKubeSource, type KubeSource } from '../../src/kube/kube-source.ts';
import { envoyGatewayCrdDir } from './cluster.ts';
import { applyYaml, kubectl, kubectlRun, type KubectlTarget } from './kubectl.ts';
import { testGatewayClass } from './gateway-manifests.ts';

export const EG = 'gateway.envoyproxy.io';
const EG_PLURALS = [
  'clienttrafficpolicies',
  'backendtrafficpolicies',
  'securitypolicies',
  'envoyextensionpolicies',
];
const EG_CRDS = EG_PLURALS.map((plural) => `${plural}.${EG}`);
/** A deadline for what the watches bring, not a measure of their speed. */
export const WAIT = { timeout: 30_000, interval: 50 };

/**
 * A minimal policy CRD: what discovery reads (group, names, versions, scope, the policy label),
 * and a schema that keeps every field, as the API server requires of a served version. Without
 * the label it defines no policy kind: its schema has no target reference.
 */
export function policyCrd(input: {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly labelled?: boolean;
}): string {
  const { group, kind, plural, labelled = true } = input;
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
${labelled ? '  labels: { gateway.networking.k8s.io/policy: Direct }\n' : ''}spec:
  group: ${group}
  scope: Namespaced
  names: { kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}, listKind: ${kind}List }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
}

/** The key of an Envoy Gateway policy. */
export const egKey = (kind: string, namespace: string, name: string) =>
  `${kind}.${EG}/${namespace}/${name}` as ObjectKey;

/** Installs Envoy Gateway's policy CRDs and waits until kubectl can use them. */
export async function installEnvoyGatewayCrds(admin: KubectlTarget): Promise<void> {
  const dir = await envoyGatewayCrdDir();
  // Server-side: the SecurityPolicy CRD is larger than client-side apply's annotation allows.
  await kubectl(
    admin,
    'apply',
    '--server-side',
    '--force-conflicts',
    '--field-manager=gatemap-test',
    '-f',
    dir,
  );
  await kubectl(
    admin,
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    ...EG_CRDS.map((name) => `crd/${name}`),
  );
  await vi.waitFor(async () => {
    for (const plural of EG_PLURALS) await kubectl(admin, 'get', `${plural}.${EG}`, '-A');
  }, WAIT);
}

/** Removes them, and their objects with them. */
export async function deleteEnvoyGatewayCrds(admin: KubectlTarget): Promise<void> {
  await kubectl(admin, 'delete', 'crd', ...EG_CRDS, '--ignore-not-found', '--wait=true', '--timeout=60s');
}

interface GatewayInput {
  readonly className: string;
  /** Each listener as a YAML flow mapping; by default one, `http`: HTTP on port 80. */
  readonly listeners?: readonly string[];
}

function gatewayYaml(name: string, { className, listeners = [HTTP_LISTENER] }: GatewayInput): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name} }
spec:
  gatewayClassName: ${className}
  listeners:
${listeners.map((listener) => `    - ${listener}\n`).join('')}`;
}
const HTTP_LISTENER = '{ name: http, port: 80, protocol: HTTP }';

/**
 * The documents, for one namespace, of Gateway `gateway` (as `gatewayYaml` makes it), HTTPRoute
 * `shop` on it with rule `main`, and Service `app` (port `http`, 80) the rule sends to.
 */
export function routedGateway(input: GatewayInput & { gateway: string }): string[] {
  return [
    gatewayYaml(input.gateway, input),
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop }
spec:
  parentRefs: [{ name: ${input.gateway} }]
  rules: [{ name: main, backendRefs: [{ name: app, port: 80 }] }]
`,
    `apiVersion: v1
kind: Service
metadata: { name: app }
spec: { ports: [{ name: http, port: 80 }] }
`,
  ];
}

/**
 * In `namespace`: Gateway `gw` (listeners `http`, open to every namespace, and `admin`), Gateway
 * `private`, HTTPRoute `shop` on `gw` and its Service `app`; Envoy Gateway's ClientTrafficPolicy
 * on `gw` (`ctp-gateway`), on its listener `http` (`ctp-http`) and on `private` (`ctp-private`),
 * BackendTrafficPolicy on `gw` and on `shop`, SecurityPolicy on `shop`, EnvoyExtensionPolicy on
 * `gw`; Gateway API's XBackendTrafficPolicy on `app`.
 */
export async function applyPolicyEstate(
  admin: KubectlTarget,
  namespace: string,
  className: string,
): Promise<void> {
  await applyYaml(admin, testGatewayClass(className));
  const target = (kind: string, name: string, section = '') =>
    `{ targetRefs: [{ group: gateway.networking.k8s.io, kind: ${kind}, name: ${name}${section ? `, sectionName: ${section}` : ''} }] }`;
  const eg = (kind: string, name: string, spec: string) =>
    `apiVersion: ${EG}/v1alpha1\nkind: ${kind}\nmetadata: { name: ${name} }\nspec: ${spec}\n`;
  await applyYaml(
    admin,
    [
      ...routedGateway({
        gateway: 'gw',
        className,
        listeners: [
          '{ name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }',
          '{ name: admin, port: 8080, protocol: HTTP }',
        ],
      }),
      gatewayYaml('private', { className }),
      eg('ClientTrafficPolicy', 'ctp-gateway', target('Gateway', 'gw')),
      eg('ClientTrafficPolicy', 'ctp-http', target('Gateway', 'gw', 'http')),
      eg('ClientTrafficPolicy', 'ctp-private', target('Gateway', 'private')),
      eg('BackendTrafficPolicy', 'btp-gateway', target('Gateway', 'gw')),
      eg('BackendTrafficPolicy', 'btp-route', target('HTTPRoute', 'shop')),
      eg('SecurityPolicy', 'sp-route', target('HTTPRoute', 'shop')),
      eg('EnvoyExtensionPolicy', 'eep-gateway', target('Gateway', 'gw')),
      `apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XBackendTrafficPolicy
metadata: { name: xbtp-app }
spec: { targetRefs: [{ group: "", kind: Service, name: app }] }
`,
    ].join('---\n'),
    namespace,
  );
}

export interface Watched {
  readonly engine: TopologyEngine;
  readonly view: TopologyView;
  readonly source: KubeSource;
  status(): ClusterStatus | undefined;
  kind(kind: string): KindStatus | undefined;
}

/** A kube source feeding an engine and its view, as the server's hub does; the caller stops it. */
export function watchCluster(kubeconfigPath: string, policyKinds: readonly PolicyKind[] = []): Watched {
  const engine = new TopologyEngine({ extensionRefs: 'trust' });
  const view = new TopologyView(engine);
  let status: ClusterStatus | undefined;
  const source = createKubeSource({
    name: 'policies',
    kubeconfigPath,
    log: () => {},
    maxNamespaces: 3,
    policyKinds,
  });
  source.start(
    (changes) => view.update(engine.apply(changes)),
    (next) => (status = next),
  );
  return {
    engine,
    view,
    source,
    status: () => status,
    kind: (kind) => status?.kinds.find((entry) => entry.kind === kind),
  };
}

export async function waitSynced(watched: Watched): Promise<void> {
  await vi.waitFor(
    () => expect(watched.status()?.state, JSON.stringify(watched.status())).toBe('synced'),
    WAIT,
  );
}

/** A ServiceAccount of `namespace` bound cluster-wide to these rules (`name-suffix` roles). */
export async function bindServiceAccount(
  admin: KubectlTarget,
  { namespace, name, suffix, rules }: { namespace: string; name: string; suffix: string; rules: string },
): Promise<void> {
  await applyYaml(
    admin,
    `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${name}, namespace: ${namespace} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${name}-${suffix} }
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name}-${suffix} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}-${suffix} }
subjects: [{ kind: ServiceAccount, name: ${name}, namespace: ${namespace} }]
`,
  );
}

/** A kubeconfig holding a fresh token of a ServiceAccount, once RBAC lets it list namespaces. */
export async function serviceAccountKubeconfig(
  admin: KubectlTarget,
  { namespace, name }: { namespace: string; name: string },
): Promise<string> {
  const token = (await kubectl(admin, 'create', 'token', name, '-n', namespace, '--duration=1h')).trim();
  const view = JSON.parse(await kubectl(admin, 'config', 'view', '--raw', '--minify', '-o', 'json')) as {
    clusters: { cluster: Record<string, string> }[];
  };
  const path = join(mkdtempSync(join(tmpdir(), 'gatemap-policies-')), 'kubeconfig');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'cluster', cluster: view.clusters[0]?.cluster ?? {} }],
      users: [{ name, user: { token } }],
      contexts: [{ name, context: { cluster: 'cluster', user: name } }],
      'current-context': name,
    }),
  );
  // RBAC takes effect asynchronously: wait until the grant is seen.
  await vi.waitFor(async () => {
    const answer = await kubectlRun(admin, [
      'auth',
      'can-i',
      'list',
      'namespaces',
      `--as=system:serviceaccount:${namespace}:${name}`,
    ]);
    expect(answer.stdout.trim()).toBe('yes');
  }, WAIT);
  return path;
}

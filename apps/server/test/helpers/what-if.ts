/**
 * `gatemap analyze` with a cluster, for the what-if tests: run in this process, and what gatemap
 * reports of the cluster as it is (the core on a fresh LIST, no overlay), to compare a prediction
 * with; and what a test file of them works in.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { stringify } from 'yaml';
import {
  compareChanges,
  diffVerdicts,
  FINDINGS,
  TopologyEngine,
  verdictsOf,
  type Change,
  type ObjectKey,
  type VerdictChange,
  type Verdicts,
} from '@gatemap/topology';
import { manifestDirectories, runCli } from './run-cli.ts';
import { clusterTarget, readCluster } from '../../src/cli/read-cluster.ts';
import type { PredictedContext, WhatIfReport } from '../../src/cli/what-if-report.ts';
import { adminTarget } from './admin-target.ts';
import {
  applyYaml,
  createNamespace,
  emptyNamespace,
  kubectl,
  uniqueSuffix,
  type KubectlTarget,
} from './kubectl.ts';
import { testGatewayClass } from './gateway-manifests.ts';

/** `gatemap analyze ARGS` in this process: its exit code, stdout and stderr. */
export async function analyze(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(['analyze', ...args]);
}

/** The what-if as a user runs it: `gatemap analyze … --kubeconfig … -o json`. */
export async function whatIf(
  args: readonly string[],
  kubeconfig: string,
): Promise<{ code: number; stderr: string; report: PredictedContext }> {
  const { code, stdout, stderr } = await analyze([...args, '--kubeconfig', kubeconfig, '-o', 'json']);
  expect(code, stderr).toBeLessThan(2);
  const [report] = (JSON.parse(stdout) as WhatIfReport).contexts;
  if (report === undefined || 'error' in report) throw new Error(`no prediction: ${stdout} ${stderr}`);
  return { code, stderr, report };
}

/**
 * What gatemap reports of the cluster now: the verdicts of every object of `inScope`, policies of
 * the cluster's policy kinds among them, from a fresh LIST.
 */
export async function observe(
  kubeconfig: string,
  inScope: (key: ObjectKey) => boolean,
): Promise<Map<ObjectKey, Verdicts>> {
  const cluster = await readCluster(clusterTarget(kubeconfig, undefined));
  const engine = new TopologyEngine({ extensionRefs: 'trust' });
  engine.apply([
    { type: 'policy-kinds', kinds: cluster.policyKinds },
    ...cluster.readable.map(({ kind, namespaces }): Change => ({ type: 'readable', kind, namespaces })),
    ...cluster.objects.map((object): Change => ({ type: 'upsert', object })),
    ...cluster.policies.map((object): Change => ({ type: 'upsert-unknown', object })),
  ]);
  const verdicts = new Map<ObjectKey, Verdicts>();
  for (const object of [...cluster.objects, ...cluster.policies]) {
    if (!inScope(object.key)) continue;
    const found = verdictsOf(engine, object.key);
    if (found) verdicts.set(object.key, found);
  }
  return verdicts;
}

const STATUS_CODES = new Set<string>([FINDINGS['status-disagrees'].code, FINDINGS['status-stale'].code]);

/** The verdict changes between two observations that a what-if reports (not what controllers wrote). */
export function observedChanges(
  before: Map<ObjectKey, Verdicts>,
  after: Map<ObjectKey, Verdicts>,
): VerdictChange[] {
  const changes: VerdictChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()]))
    for (const change of diffVerdicts(key, before.get(key), after.get(key))) {
      const verdict = change.after ?? change.before;
      if (verdict === undefined || verdict.aspect === 'reported' || verdict.aspect === 'stale') continue;
      if (verdict.aspect === 'finding' && STATUS_CODES.has(verdict.type)) continue;
      changes.push(change);
    }
  return changes.sort(compareChanges);
}

/** A change as compared: where, which way, what the core says, and the verdict after. */
export const compared = (change: VerdictChange) => ({
  key: change.key,
  id: change.id,
  direction: change.direction,
  message: change.message,
  after: change.after === undefined ? undefined : { value: change.after.value, ok: change.after.ok },
});

/**
 * A kubeconfig for a new ServiceAccount of `namespace`, which has no grants but those `rbac`
 * gives it (`SUBJECT` in it is replaced by the account).
 */
export async function serviceAccountKubeconfig(input: {
  readonly admin: KubectlTarget;
  readonly namespace: string;
  readonly rbac?: string;
  /** Where to write it. */
  readonly path: string;
}): Promise<string> {
  const { admin, namespace, rbac = '', path } = input;
  await kubectl(admin, 'create', 'serviceaccount', 'what-if', '-n', namespace);
  const subject = `{ kind: ServiceAccount, name: what-if, namespace: ${namespace} }`;
  if (rbac !== '') await applyYaml(admin, rbac.replaceAll('SUBJECT', subject));
  const token = (await kubectl(admin, 'create', 'token', 'what-if', '-n', namespace)).trim();
  const view = JSON.parse(await kubectl(admin, 'config', 'view', '--raw', '--minify', '-o', 'json')) as {
    clusters: { cluster: Record<string, unknown> }[];
  };
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'test', cluster: view.clusters[0]?.cluster }],
      users: [{ name: 'what-if', user: { token } }],
      contexts: [{ name: 'what-if', context: { cluster: 'test', user: 'what-if' } }],
      'current-context': 'what-if',
    }),
  );
  return path;
}

export interface WhatIfCases {
  readonly admin: KubectlTarget;
  /** Carried by the file's cluster-scoped names, so that they are its own. */
  readonly suffix: string;
  /** A GatewayClass of the file's own, there from before its tests until after them. */
  readonly className: string;
  /** A namespace of the case's own; the objects of `resources` in it are deleted after the tests. */
  freshNamespace(): Promise<string>;
  /** A directory holding these files (name → text), removed after the test. */
  changeFiles(entries: Record<string, string>): string;
}

/**
 * What a what-if test file works in, named `name`: namespaces of its own, which are emptied of
 * `resources` after its tests (namespaces never finish deleting on the test control plane), and
 * a GatewayClass of its own.
 */
export function whatIfCases(input: {
  readonly name: string;
  readonly resources: readonly string[];
}): WhatIfCases {
  const admin = adminTarget();
  const suffix = uniqueSuffix();
  const className = `${input.name}-${suffix}`;
  const namespaces: string[] = [];
  beforeAll(async () => {
    await applyYaml(admin, testGatewayClass(className));
  });
  afterAll(async () => {
    await Promise.all(namespaces.map((name) => emptyNamespace(admin, name, input.resources)));
    await kubectl(admin, 'delete', 'gatewayclass', className, '--ignore-not-found', '--wait=false');
  });
  return {
    admin,
    suffix,
    className,
    freshNamespace: async () => {
      const name = await createNamespace(admin, input.name);
      namespaces.push(name);
      return name;
    },
    changeFiles: manifestDirectories(`gatemap-${input.name}-`),
  };
}

import { gateway, gatewayClass, httpRoute, service, type KubeObject } from '@gatemap/fixtures';
import {
  decodeObject,
  predictChange,
  type DecodedObject,
  type ObjectKey,
  type PolicyKind,
  type UnknownObject,
} from '@gatemap/topology';
import { describe, expect, it } from 'vitest';
import type { Palette } from './colors.ts';
import { isControl } from './escape-control.ts';
import { renderWhatIf } from './render-what-if.ts';
import type { PredictedContext } from './what-if-report.ts';

const plain = (text: string) => text;
const PLAIN: Palette = { red: plain, green: plain, yellow: plain, blue: plain, dim: plain, bold: plain };

function decoded(object: KubeObject): DecodedObject {
  const result = decodeObject(object);
  if (!result.ok || !('value' in result)) throw new Error('fixture does not decode');
  return result.value;
}

const web = (hostname: string) =>
  gateway({
    name: 'web',
    namespace: 'infra',
    listeners: [{ hostname, allowedRoutes: { namespaces: { from: 'All' } } }],
  });
const shop = (name: string, hostname: string, backends = ['backend:80']) =>
  httpRoute({
    name,
    namespace: 'shop',
    parentRefs: [{ name: 'web', namespace: 'infra' }],
    hostnames: [hostname],
    backends,
  });

function unknown(object: KubeObject): UnknownObject {
  const result = decodeObject(object);
  if (!result.ok || !('unknown' in result)) throw new Error('fixture is of a kind gatemap reads');
  return result.unknown;
}

/** A Direct policy kind as discovery finds it from its CRD's label. */
const TEST_POLICY: PolicyKind = {
  group: 'example.com',
  kind: 'TestPolicy',
  plural: 'testpolicies',
  versions: ['v1'],
  storageVersion: 'v1',
  namespaced: true,
  class: 'Direct',
  basis: 'label',
  targets: { single: false, list: true, selectors: false, sectionName: true, namespace: false },
  status: 'ancestors',
  stanzas: { defaults: false, overrides: false },
};

const testPolicy = (name: string, target: { kind: string; name: string }, creationTimestamp: string) => ({
  apiVersion: 'example.com/v1',
  kind: 'TestPolicy',
  metadata: { name, namespace: target.kind === 'Gateway' ? 'infra' : 'shop', creationTimestamp },
  spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', ...target }] },
});

/** A report as `analyze --context` makes it, from fixtures. */
function report(input: {
  base: KubeObject[];
  upserts?: KubeObject[];
  deletes?: string[];
  basePolicies?: KubeObject[];
  policies?: KubeObject[];
}): PredictedContext {
  const deletes = (input.deletes ?? []) as ObjectKey[];
  const withPolicies = input.basePolicies !== undefined || input.policies !== undefined;
  const predicted = predictChange({
    base: input.base.map(decoded),
    ...(withPolicies
      ? { basePolicies: (input.basePolicies ?? []).map(unknown), policyKinds: [TEST_POLICY] }
      : {}),
    overlay: {
      upserts: (input.upserts ?? []).map(decoded),
      deletes,
      policies: (input.policies ?? []).map(unknown),
    },
  });
  return {
    context: 'prod',
    server: 'https://10.0.0.1:6443',
    objects: predicted.objects.map((object) =>
      deletes.includes(object.key)
        ? { ...object, requested: 'delete' as const }
        : { ...object, requested: 'apply' as const, source: { file: 'change/all.yaml', line: 1 } },
    ),
    verdicts: predicted.verdicts,
    findings: predicted.findings,
    unread: [],
    policyKinds: withPolicies ? ['TestPolicy.example.com'] : [],
    breaks: predicted.breaks,
  };
}

const scene = [gatewayClass(), service({ name: 'backend', namespace: 'shop' })];

describe('renderWhatIf', () => {
  it("shows policies' attachment changing: a target deleted, a new policy conflicting with an established one", () => {
    const text = renderWhatIf(
      [
        report({
          base: [...scene, web('a.example.com'), shop('checkout', 'a.example.com')],
          basePolicies: [
            testPolicy('edge', { kind: 'Gateway', name: 'web' }, '2026-01-01T00:00:00Z'),
            testPolicy('retries', { kind: 'HTTPRoute', name: 'checkout' }, '2026-01-01T00:00:00Z'),
          ],
          policies: [testPolicy('edge-v2', { kind: 'Gateway', name: 'web' }, '2026-12-07T00:00:00Z')],
          deletes: ['HTTPRoute/shop/checkout'],
        }),
      ],
      PLAIN,
    );
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Context prod  https://10.0.0.1:6443',
      '  policy kinds read: TestPolicy.example.com',
      'Objects (2)',
      '  - removed    HTTPRoute shop/checkout',
      '  + added      TestPolicy.example.com infra/edge-v2  (change/all.yaml:1)',
    ]);
    // The deleted Route's policy loses its target and its ancestor.
    expect(text).toContain(
      '  ✗ TestPolicy.example.com shop/retries: warning GM604 (Policy targets an object that does not exist) raised at spec.targetRefs[0]',
    );
    expect(text).toContain(
      '  • TestPolicy.example.com shop/retries: Accepted True → absent on ancestor Gateway infra/web',
    );
    // The new policy challenges the established one, which keeps the Gateway.
    expect(text).toContain(
      '  ✗ TestPolicy.example.com infra/edge-v2: Accepted absent → False (Conflicted) on ancestor Gateway infra/web',
    );
    expect(text).toContain('TestPolicy.example.com infra/edge is older and targets the same object.');
    expect(text).not.toContain('TestPolicy.example.com infra/edge:');
  });

  it('lists the objects with their changed fields, the verdicts by group, the findings and a summary', () => {
    const text = renderWhatIf(
      [
        report({
          base: [
            ...scene,
            web('a.example.com'),
            shop('old', 'a.example.com'),
            shop('later', 'b.example.com'),
          ],
          upserts: [web('b.example.com'), shop('new', 'b.example.com', ['missing:80'])],
          deletes: ['HTTPRoute/shop/gone'],
        }),
      ],
      PLAIN,
    );
    const lines = text.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'Context prod  https://10.0.0.1:6443',
      'Objects (3)',
      '  ~ replaced   Gateway infra/web  (change/all.yaml:1)',
      '      spec.listeners[http].hostname: "a.example.com" → "b.example.com"',
      '  = unchanged  HTTPRoute shop/gone  (not in the cluster: nothing to delete)',
      '  + added      HTTPRoute shop/new  (change/all.yaml:1)',
    ]);
    const titles = lines.filter((line) => /^[A-Z]/.test(line)).map((line) => line.replace(/ \(\d+\)$/, ''));
    expect(titles).toEqual([
      'Context prod  https://10.0.0.1:6443',
      'Objects',
      'Would break',
      'Other problems',
      'Would recover',
      'Would change',
      'Findings raised',
      'Findings cleared',
    ]);
    expect(text).toContain(
      '  ✗ HTTPRoute shop/old: Accepted True → False (NoMatchingListenerHostname) on parent Gateway infra/web',
    );
    expect(text).toContain(
      '  ✓ HTTPRoute shop/later: Accepted False → True (Accepted) on parent Gateway infra/web',
    );
    // A raised finding as `analyze` prints it: code, object, field, file and line, message, link.
    expect(text).toMatch(
      /error {3}GM305 HTTPRoute\/shop\/new spec\.rules\[0\]\.backendRefs\[0\] {2}\(change\/all\.yaml:1\)\n {8}.*missing/,
    );
    expect(lines.at(-2)).toMatch(
      /^would break \d+, fix \d+, change \d+: something that works today would stop working$/,
    );
  });

  it('shows a field the file leaves out as not in the file (the API server may default it again)', () => {
    const bare = gateway({ name: 'web', namespace: 'infra', listeners: [{ hostname: 'a.example.com' }] });
    const text = renderWhatIf([report({ base: [...scene, web('a.example.com')], upserts: [bare] })], PLAIN);
    expect(text).toContain(
      '      spec.listeners[http].allowedRoutes: {"namespaces":{"from":"All"}} → not in the file\n',
    );
  });

  it('says so when nothing would change', () => {
    const text = renderWhatIf(
      [report({ base: [...scene, web('a.example.com')], upserts: [web('a.example.com')] })],
      PLAIN,
    );
    expect(text).toContain('  = unchanged  Gateway infra/web  (change/all.yaml:1)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('would break 0, fix 0, change 0');
  });

  it('names a context that could not be read, and what was left out of one that was', () => {
    const partial = {
      ...report({ base: scene }),
      unread: [{ kind: 'Secret', group: '', message: 'forbidden' }],
    };
    const text = renderWhatIf([{ context: 'staging', error: 'connect ECONNREFUSED' }, partial], PLAIN);
    expect(text).toContain('Context staging  not read\n  connect ECONNREFUSED\n\nContext prod');
    expect(text).toContain('  predicted without what could not be read: Secret');
  });

  it('prints control characters of names and messages from the cluster as escapes, never raw', () => {
    const hostile = '\u001b]0;owned\u0007';
    const base = report({ base: scene });
    const text = renderWhatIf(
      [
        {
          ...base,
          context: `prod${hostile}`,
          server: `https://x${hostile}`,
          objects: [
            {
              key: `HTTPRoute/shop/a${hostile}` as ObjectKey,
              change: 'removed',
              fields: [],
              requested: 'delete',
            },
          ],
          unread: [{ kind: `Secret${hostile}`, group: '', message: 'forbidden' }],
        },
        { context: `c${hostile}`, error: `no${hostile}` },
      ],
      PLAIN,
    );
    expect(text).toContain('HTTPRoute shop/a\\x1b]0;owned\\x07');
    expect([...text.replaceAll('\n', '')].filter((char) => isControl(char.charCodeAt(0)))).toEqual([]);
  });
});

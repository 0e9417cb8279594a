/**
 * `gatemap analyze` as a user runs it: files, directories and stdin in; the tree, JSON and the
 * predicted status list out; exit codes 0, 1 and 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { isControl } from '../src/cli/escape-control.ts';
import { gatewayManifests } from './helpers/gateway-manifests.ts';
import { policyCrd } from './helpers/policies.ts';
import { manifestDirectories, runCli } from './helpers/run-cli.ts';

const EXAMPLES = join(import.meta.dirname, '../../../examples');
const files = manifestDirectories('gatemap-analyze-');

const GOOD = `${gatewayManifests({
  namespace: 'default',
  service: { name: 'shop', namespace: 'default', port: 80 },
})}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: default}
spec:
  parentRefs: [{name: web}]
  rules: [{backendRefs: [{name: shop, port: 80}]}]
`;

describe('gatemap analyze', () => {
  it('prints each Gateway with its listeners and attached Routes, and exits 0 without errors', async () => {
    const result = await runCli(['analyze', '-f', files({ 'all.yaml': GOOD })]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Gateway default/web');
    expect(result.stdout).toMatch(/listener http HTTP:80.*1 attached/);
    expect(result.stdout).toContain('✓ HTTPRoute default/shop');
    expect(result.stdout).toContain('Findings: 0 errors');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('exits 1 on error findings and explains them with the fix', async () => {
    const result = await runCli(['analyze', '-f', EXAMPLES]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NotAllowedByListeners');
    expect(result.stdout).toMatch(/GM304 HTTPRoute\/payments-ops\/refunds/);
    expect(result.stdout).toContain('kind: ReferenceGrant');
  });

  it('names the file and line of bad YAML, analyzes the rest, and exits 2', async () => {
    const dir = files({
      'good.yaml': GOOD,
      'bad.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: x\n',
    });
    const result = await runCli(['analyze', '-f', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/bad\.yaml:\d+/);
    expect(result.stdout).toContain('✓ HTTPRoute default/shop');
  });

  it('names the object and field of a malformed object', async () => {
    const dir = files({ 'route.yaml': GOOD.replace('port: 80}]}]', 'port: "80"}]}]') });
    const result = await runCli(['analyze', '-f', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /route\.yaml:\d+: HTTPRoute default\/shop is not valid and is skipped: spec\.rules\[0\]\.backendRefs\[0\]\.port must be an integer/,
    );
  });

  it('reads stdin, JSON and kind: List', async () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: parseAllDocuments(GOOD).map((doc) => doc.toJS()),
    });
    const result = await runCli(['analyze', '-f', '-', '-o', 'json'], list);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as {
      nodes: { id: string }[];
      edges: { type: string; state: string }[];
      findings: unknown[];
    };
    expect(body.nodes.map((node) => node.id)).toContain('HTTPRoute/default/shop');
    expect(body.edges.find((edge) => edge.type === 'parent')?.state).toBe('accepted');
  });

  it('prints the predicted status as a Kubernetes List', async () => {
    const directory = files({ 'all.yaml': GOOD });
    const result = await runCli(['analyze', '-f', directory, '--status']);
    expect(result.code).toBe(0);
    const list = parse(result.stdout) as {
      apiVersion: string;
      kind: string;
      items: { kind: string; status: Record<string, unknown> }[];
    };
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items.map((item) => item.kind)).toEqual(['Gateway', 'HTTPRoute']);
    const gateway = list.items[0]!.status as {
      listeners: {
        name: string;
        attachedRoutes: number;
        supportedKinds: unknown[];
        conditions: { type: string; lastTransitionTime: string }[];
      }[];
    };
    expect(gateway.listeners[0]).toMatchObject({ name: 'http', attachedRoutes: 1 });
    expect(gateway.listeners[0]!.conditions[0]!.lastTransitionTime).toMatch(/Z$/);
    expect(JSON.stringify(gateway)).not.toContain('basis');
    const route = list.items[1]!.status as {
      parents: {
        parentRef: unknown;
        controllerName: string;
        conditions: { type: string; status: string }[];
      }[];
    };
    expect(route.parents[0]).toMatchObject({
      parentRef: { name: 'web' },
      controllerName: 'example.com/gateway',
    });
    expect(route.parents[0]!.conditions.map((item) => `${item.type}=${item.status}`)).toEqual([
      'Accepted=True',
      'ResolvedRefs=True',
    ]);
    const json = await runCli(['analyze', '-f', directory, '--status', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'List' });
  });

  it('writes -o sarif and -o github for CI, with the exit codes of the text output', async () => {
    const sarif = await runCli(['analyze', '-f', EXAMPLES, '-o', 'sarif']);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        tool: { driver: { version?: string } };
        results: {
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
        }[];
      }[];
    };
    const packageJson = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as {
      version: string;
    };
    expect(log.runs[0]!.tool.driver.version).toBe(packageJson.version);
    // Files under the working directory (the repository's root, where the tests run) are relative to it.
    for (const result of log.runs[0]!.results)
      expect(result.locations[0]!.physicalLocation.artifactLocation).toMatchObject({
        uri: expect.stringMatching(/^examples\/[^/]+\/[^/]+\.yaml$/) as unknown,
        uriBaseId: '%SRCROOT%',
      });
    const github = await runCli(['analyze', '-f', EXAMPLES, '-o', 'github']);
    expect(github.code).toBe(1);
    expect(github.stdout.split('\n').filter(Boolean)).toHaveLength(log.runs[0]!.results.length);
    expect(github.stdout).toMatch(/^::error file=examples\/[^,]+\.yaml,line=\d+,title=GM\d{3} /);
    const clean = await runCli(['analyze', '-f', files({ 'all.yaml': GOOD }), '-o', 'github']);
    expect(clean).toMatchObject({ code: 0, stdout: '' });
    const unreadable = await runCli(['analyze', '-f', '/no/such/path', '-o', 'sarif']);
    expect(unreadable.code).toBe(2);
    expect(JSON.parse(unreadable.stdout)).toMatchObject({
      runs: [{ invocations: [{ executionSuccessful: false }] }],
    });
  });

  it('rejects bad usage with exit 2 and says why', async () => {
    expect((await runCli(['analyze'])).code).toBe(2);
    const output = await runCli(['analyze', '-f', EXAMPLES, '-o', 'xml']);
    expect(output.code).toBe(2);
    expect(output.stderr).toContain('-o must be text, json, yaml, sarif or github');
    for (const format of ['sarif', 'github']) {
      const status = await runCli(['analyze', '-f', EXAMPLES, '--status', '-o', format]);
      expect(status.code).toBe(2);
      expect(status.stderr).toContain(
        `--status prints a Kubernetes List (YAML, or JSON with -o json), not ${format}`,
      );
    }
    const missing = await runCli(['analyze', '-f', '/no/such/path']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/no/such/path: cannot read: no such file or directory');
    expect((await runCli(['frobnicate'])).code).toBe(2);
  });

  it('writes -o yaml and --status that YAML readers take as they are: no anchors for repeated values', async () => {
    const routes = Array.from(
      { length: 150 },
      (_, index) => `---
apiVersion: v1
kind: Service
metadata: {name: svc-${index}, namespace: default}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: route-${index}, namespace: default, generation: 1}
spec:
  parentRefs: [{name: web}]
  rules: [{backendRefs: [{name: svc-${index}, port: 80}]}]
`,
    ).join('');
    const directory = files({ 'estate.yaml': GOOD + routes });
    for (const args of [['-o', 'yaml'], ['--status']]) {
      const result = await runCli(['analyze', '-f', directory, ...args]);
      expect(result.stdout).not.toMatch(/[&*]a\d+\b/);
      expect(() => parse(result.stdout)).not.toThrow();
    }
  });

  const QUOTED_10MB = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: default\n  annotations:\n    team: "web"\n    tier: "edge"\ndata:\n  big: "${'x'.repeat(10 * 1024 * 1024)}"\n`;

  it('exits 2 naming the file of a 10 MB document, without a stack trace, and reads it under a raised limit', async () => {
    const directory = files({ 'big.yaml': QUOTED_10MB, 'all.yaml': GOOD });
    const result = await runCli(['analyze', '-f', directory]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /GM101\n\s+\S*big\.yaml:1: the document is 10\.0 MiB, over the document size limit of 3 MiB \(--max-document-size\)/,
    );
    expect(result.stdout).toContain('✓ HTTPRoute default/shop');
    expect(result.stderr).toBe('');

    const raised = await runCli(['analyze', '-f', directory, '--max-document-size', '16MiB']);
    expect(raised.code).toBe(0);
    expect(raised.stdout).toContain('Findings: 0 errors');
  });

  it('exits 2 with one line naming a file over the file size limit, and analyzes the rest', async () => {
    const directory = files({ 'all.yaml': GOOD, 'big.yaml': QUOTED_10MB });
    const result = await runCli(['analyze', '-f', directory, '--max-file-size', '1MiB']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^gatemap analyze: \S*big\.yaml: cannot read: 10\.0 MiB, over the file size limit of 1 MiB \(--max-file-size\)\n$/,
    );
    expect(result.stdout).toContain('✓ HTTPRoute default/shop');
  });

  it('reports the objects past --max-objects and skips them', async () => {
    const result = await runCli(['analyze', '-f', files({ 'all.yaml': GOOD }), '--max-objects', '2']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /all\.yaml:\d+: the input holds more than 2 objects, the object limit \(--max-objects\)/,
    );
    expect((await runCli(['analyze', '-f', EXAMPLES, '--max-objects', 'many'])).stderr).toContain(
      '--max-objects must be a positive whole number',
    );
    expect((await runCli(['analyze', '--help'])).stdout).toContain('--max-document-size SIZE');
  });

  it('prints control characters of names and messages as escapes, never raw', async () => {
    const hostile = GOOD.replace(
      'metadata: {name: shop, namespace: default}\nspec:\n  parentRefs',
      'metadata: {name: "shop\\e]0;owned\\a\\e[2J\\u009b31m", namespace: default}\nspec:\n  parentRefs',
    );
    expect(hostile).not.toBe(GOOD);
    const result = await runCli(['analyze', '-f', files({ 'all.yaml': hostile })]);
    expect(result.stdout).toContain('HTTPRoute default/shop\\x1b]0;owned\\x07\\x1b[2J\\x9b31m');
    // Line breaks are the output's own; no other control character may be left.
    expect([...result.stdout.replaceAll('\n', '')].filter((char) => isControl(char.charCodeAt(0)))).toEqual(
      [],
    );
    const missing = await runCli(['analyze', '-f', '/no/such/\u001b[2Jpath']);
    expect(missing.stderr).toContain('/no/such/\\x1b[2Jpath: cannot read');
    expect(missing.stderr).not.toContain('\u001b');
  });

  it('prints bidirectional overrides and line separators of names as escapes, never raw', async () => {
    // U+202E reverses the rest of a line as the terminal shows it; U+2028 breaks it in some.
    const hostile = GOOD.replace(
      'metadata: {name: shop, namespace: default}\nspec:\n  parentRefs',
      'metadata: {name: "shop\\u202egpj.exe\\u2066x\\u2069\\u2028y\\u200f", namespace: default}\nspec:\n  parentRefs',
    );
    expect(hostile).not.toBe(GOOD);
    const result = await runCli(['analyze', '-f', files({ 'all.yaml': hostile })]);
    expect(result.stdout).toContain('HTTPRoute default/shop\\u202egpj.exe\\u2066x\\u2069\\u2028y\\u200f');
    expect(result.stdout).not.toMatch(/[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });

  describe('policies of discovered kinds', () => {
    const CRD = policyCrd({ group: 'example.com', kind: 'TestPolicy', plural: 'testpolicies' });
    const POLICIES = `
apiVersion: example.com/v1
kind: TestPolicy
metadata: {name: on-web, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: web}]
---
apiVersion: example.com/v1
kind: TestPolicy
metadata: {name: on-nothing, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gone}]
`;
    const policyEdges = (stdout: string) =>
      (JSON.parse(stdout) as { edges: { type: string; from: string; state: string; reason: string }[] }).edges
        .filter((edge) => edge.type === 'policy-target')
        .map((edge) => `${edge.from} ${edge.state}/${edge.reason}`);

    it('reads policies of a kind whose CRD is among the files, with their target edges and findings', async () => {
      const directory = files({ 'all.yaml': `${GOOD}---\n${CRD}---${POLICIES}` });
      const json = await runCli(['analyze', '-f', directory, '-o', 'json']);
      expect(policyEdges(json.stdout)).toEqual([
        'TestPolicy.example.com/default/on-web accepted/Attached',
        'TestPolicy.example.com/default/on-nothing unresolved/TargetNotFound',
      ]);
      const text = await runCli(['analyze', '-f', directory]);
      expect(text.stdout).toContain('GM604');
      const status = await runCli(['analyze', '-f', directory, '--status', '-o', 'json']);
      const items = (
        JSON.parse(status.stdout) as {
          items: { kind: string; metadata: { name: string }; status: { ancestors: unknown[] } }[];
        }
      ).items.filter((item) => item.kind === 'TestPolicy');
      expect(items.map((item) => [item.metadata.name, item.status.ancestors.length])).toEqual([
        ['on-web', 1],
        ['on-nothing', 0],
      ]);
    });

    it('reads policies of kinds named by --policy-kinds, and rejects names without a group', async () => {
      const directory = files({ 'all.yaml': `${GOOD}\n---${POLICIES}` });
      const unnamed = await runCli(['analyze', '-f', directory, '-o', 'json']);
      expect(policyEdges(unnamed.stdout)).toEqual([]);
      const named = await runCli([
        'analyze',
        '-f',
        directory,
        '-o',
        'json',
        '--policy-kinds',
        'TestPolicy.example.com',
      ]);
      expect(policyEdges(named.stdout)).toHaveLength(2);
      const bad = await runCli(['analyze', '-f', directory, '--policy-kinds', 'TestPolicy']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--policy-kinds takes Kind.group names');
    });

    it("prints each policy's targets and state, and each Route's effective stack, in text and JSON", async () => {
      const directory = join(EXAMPLES, '08-policies');
      const classFile = join(EXAMPLES, '00-platform', 'gatewayclass.yaml');
      const text = await runCli(['analyze', '-f', directory, '-f', classFile]);
      expect(text.stdout).toContain('Policies (14)');
      // The policy kinds' CRDs are read as their definitions, not reported as kinds not analyzed.
      expect(text.stdout).not.toContain('GM103');
      expect(text.stdout).toMatch(
        /when = \[\{"predicate":"request\.path != '\/healthz'"\}\] from RateLimitPolicy payments\/edge-rate-guard overrides/,
      );
      expect(text.stdout).toMatch(
        /limits = .* from RateLimitPolicy payments\/checkout-rate-limits-burst defaults \(implementation; or .* from RateLimitPolicy payments\/checkout-rate-limits\)/,
      );
      expect(text.stdout).toMatch(
        /SecurityPolicy payments\/checkout-auth-v2 .*\n +✗ → HTTPRoute payments\/checkout Conflicted \(held by SecurityPolicy payments\/checkout-auth\)/,
      );
      expect(text.stdout).toMatch(/✗ → HTTPRoute payments\/legacy-checkout TargetNotFound/);
      expect(text.stdout).toContain(
        'HTTPRoute payments/checkout  on Gateway payments/payments-edge listener internal',
      );
      expect(text.stdout).toContain(
        'ClientTrafficPolicy: edge-clients (Gateway) → internal-clients (listener internal)',
      );
      expect(text.stdout).toContain(
        'BackendTrafficPolicy: edge-defaults (Gateway) → checkout-retries (Route) → checkout-api-limits (rule api)',
      );
      // A Service's stack: BackendTLSPolicy, which gatemap reads itself, beside discovered kinds.
      expect(text.stdout).toMatch(
        /\n {2}Service payments\/checkout-api\n {4}port https:\n {6}BackendTLSPolicy: checkout-api-tls \(port https\)\n/,
      );
      expect(text.stdout).toMatch(
        /\n {2}Service payments\/checkout-web\n {4}XBackendTrafficPolicy: checkout-web-budget \(Service\)\n/,
      );

      const json = JSON.parse(
        (await runCli(['analyze', '-f', directory, '-f', classFile, '-o', 'json'])).stdout,
      ) as {
        policies: { policy: string; targets: { target: string; state: string; sectionName?: string }[] }[];
        policyStacks: {
          route: string;
          stacks: { listener: string; kinds: { kind: string; entries: { policy: string }[] }[] }[];
        }[];
        servicePolicyStacks: {
          service: string;
          ports: { name: string; kinds: { kind: string; entries: { policy: string; state: string }[] }[] }[];
        }[];
      };
      expect(
        json.policies.map((item) => `${item.policy} ${item.targets.map((target) => target.state).join(',')}`),
      ).toContain('SecurityPolicy.gateway.envoyproxy.io/payments/legacy-checkout-auth target-not-found');
      expect(json.policies.find((item) => item.policy.startsWith('BackendTLSPolicy/'))?.targets).toEqual([
        expect.objectContaining({
          target: 'Service/payments/checkout-api',
          sectionName: 'https',
          state: 'attached',
        }),
      ]);
      const checkout = json.policyStacks.find((item) => item.route === 'HTTPRoute/payments/checkout');
      expect(checkout?.stacks.map((stack) => stack.listener)).toEqual(['public', 'internal']);
      expect(
        checkout?.stacks[1]?.kinds
          .find((kind) => kind.kind === 'gateway.envoyproxy.io/ClientTrafficPolicy')
          ?.entries.map((entry) => entry.policy),
      ).toEqual([
        'ClientTrafficPolicy.gateway.envoyproxy.io/payments/edge-clients',
        'ClientTrafficPolicy.gateway.envoyproxy.io/payments/internal-clients',
      ]);
      expect(json.servicePolicyStacks.map((stack) => stack.service)).toEqual([
        'Service/payments/checkout-api',
        'Service/payments/checkout-web',
      ]);
      expect(json.servicePolicyStacks[0]?.ports).toEqual([
        {
          name: 'https',
          kinds: [
            expect.objectContaining({
              kind: 'gateway.networking.k8s.io/BackendTLSPolicy',
              merge: 'none',
              entries: [
                expect.objectContaining({
                  policy: 'BackendTLSPolicy/payments/checkout-api-tls',
                  level: 'service-port',
                  state: 'attached',
                }),
              ],
            }),
          ],
        },
      ]);
    });

    it('adds nothing about policies to the JSON of an input without any', async () => {
      const json = JSON.parse(
        (await runCli(['analyze', '-f', files({ 'all.yaml': GOOD }), '-o', 'json'])).stdout,
      ) as object;
      expect(Object.keys(json)).toEqual(['nodes', 'edges', 'findings']);
    });
  });
});

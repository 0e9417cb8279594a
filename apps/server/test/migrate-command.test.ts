/**
 * `gatemap migrate` and the migration summary of `gatemap analyze`, as a user runs them: Ingresses
 * with the Gateway, Services and Routes in, the coverage report and the checked replacement out;
 * exit codes 0, 1 and 2, and every bad flag or input named.
 */
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { gatewayManifests } from './helpers/gateway-manifests.ts';
import { manifestDirectories, runCli } from './helpers/run-cli.ts';

const files = manifestDirectories('gatemap-migrate-');

const CLUSTER = gatewayManifests({
  namespace: 'infra',
  allNamespaces: true,
  service: { name: 'storefront', namespace: 'shop', port: 8080, portName: 'http' },
});

const INGRESS = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: storefront, port: {name: http}}}}
`;

const ROUTE = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: storefront, namespace: shop}
spec:
  parentRefs: [{name: web, namespace: infra}]
  hostnames: [shop.example.com]
  rules: [{backendRefs: [{name: storefront, port: 8080}]}]
`;

describe('gatemap migrate', () => {
  it('prints the coverage, the checked proposal and its manifests, and exits 0 when nothing is left', async () => {
    const result = await runCli([
      'migrate',
      '-f',
      files({ 'cluster.yaml': CLUSTER, 'ingress.yaml': INGRESS }),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Migration from Ingress: 0 covered, 0 partial, 1 not started (of 1)');
    expect(result.stdout).toContain('✗ shop.example.com/ (Prefix): no HTTPRoute serves this host and path');
    expect(result.stdout).toContain('Replacement on Gateway/infra/web');
    expect(result.stdout).toContain('✓ HTTPRoute/shop/web-shop-example-com');
    expect(result.stdout).toContain('After applying: 1 covered, 0 partial, 0 not started');
    const manifests = result.stdout.slice(result.stdout.indexOf('Manifests\n') + 'Manifests\n'.length);
    expect(parse(manifests)).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web-shop-example-com', namespace: 'shop' },
      spec: {
        parentRefs: [{ name: 'web', namespace: 'infra', sectionName: 'http' }],
        hostnames: ['shop.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'storefront', port: 8080 }],
          },
        ],
      },
    });
  });

  it('proposes nothing for an Ingress already covered, and says it is safe to delete', async () => {
    const result = await runCli([
      'migrate',
      '-f',
      files({ 'all.yaml': `${CLUSTER}---${INGRESS}---${ROUTE}` }),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '✓ Ingress shop/web  covered (every rule served identically: safe to delete)',
    );
    expect(result.stdout).not.toContain('Manifests');
  });

  it('exits 1 and lists an annotation it does not translate, with its meaning', async () => {
    const annotated = INGRESS.replace(
      'metadata: {name: web, namespace: shop}',
      'metadata: {name: web, namespace: shop, annotations: {nginx.ingress.kubernetes.io/enable-cors: "true"}}',
    );
    const result = await runCli([
      'migrate',
      '-f',
      files({ 'cluster.yaml': CLUSTER, 'ingress.yaml': annotated }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'not translated nginx.ingress.kubernetes.io/enable-cors: "true" (answers CORS preflight requests and adds CORS headers)',
    );
  });

  it('exits 1 and shows why a replacement would be rejected, proposing nothing of it', async () => {
    const missing = INGRESS.replace('name: storefront, port: {name: http}', 'name: gone, port: {number: 80}');
    const result = await runCli([
      'migrate',
      '-f',
      files({ 'cluster.yaml': CLUSTER, 'ingress.yaml': missing }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Not proposed (1): would not be accepted');
    expect(result.stdout).toContain('ResolvedRefs=False (BackendNotFound) on Gateway/infra/web');
    expect(result.stdout).not.toContain('Manifests');
  });

  it('-o json: the summary, each Ingress, and the proposed and rejected objects', async () => {
    const result = await runCli([
      'migrate',
      '-f',
      files({ 'cluster.yaml': CLUSTER, 'ingress.yaml': INGRESS }),
      '-o',
      'json',
    ]);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'gateway',
      'summary',
      'ingresses',
      'proposed',
      'rejected',
      'after',
      'breaks',
    ]);
    expect(report['gateway']).toEqual({ key: 'Gateway/infra/web' });
    expect(report['proposed']).toMatchObject([{ key: 'HTTPRoute/shop/web-shop-example-com' }]);
    expect(report['after']).toMatchObject({ covered: 1 });
  });

  it('-o yaml: the manifests to apply, the report as comments', async () => {
    const result = await runCli([
      'migrate',
      '-f',
      files({ 'cluster.yaml': CLUSTER, 'ingress.yaml': INGRESS }),
      '-o',
      'yaml',
    ]);
    expect(result.stdout.startsWith('# summary:\n#   covered: 0\n')).toBe(true);
    const documents = parseAllDocuments(result.stdout).map(
      (document) => document.toJS() as { kind?: string } | null,
    );
    expect(documents.filter((document) => document !== null).map((document) => document.kind)).toEqual([
      'HTTPRoute',
    ]);
  });

  it('picks the Gateway given with --gateway among several', async () => {
    const second = CLUSTER.replace('name: web, namespace: infra', 'name: other, namespace: infra');
    const dir = files({ 'a.yaml': CLUSTER, 'b.yaml': second.split('---')[1]!, 'ingress.yaml': INGRESS });
    const ambiguous = await runCli(['migrate', '-f', dir]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stdout).toContain(
      'No replacement: 2 Gateways are among the objects: pick one with --gateway NAMESPACE/NAME',
    );
    const picked = await runCli(['migrate', '-f', dir, '--gateway', 'infra/other']);
    expect(picked.stdout).toContain('Replacement on Gateway/infra/other');
  });

  it.each([
    [['-o', 'sarif'], 'gatemap migrate: -o must be text, json or yaml, got "sarif"'],
    [['--gateway', 'web'], 'gatemap migrate: --gateway takes NAMESPACE/NAME (e.g. infra/web), got "web"'],
    [['--gateway', 'a/b/c'], 'gatemap migrate: --gateway takes NAMESPACE/NAME (e.g. infra/web), got "a/b/c"'],
    [['--gateway', '/web'], 'gatemap migrate: --gateway takes NAMESPACE/NAME (e.g. infra/web), got "/web"'],
    [['--bogus'], "gatemap migrate: Unknown option '--bogus'"],
    [['--max-objects', 'many'], 'gatemap migrate: --max-objects'],
  ])('exits 2 on a bad flag: %j', async (flags, message) => {
    const result = await runCli(['migrate', '-f', files({ 'cluster.yaml': CLUSTER }), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('exits 2 without -f, on a file it cannot read, and on a Gateway --gateway names that is not given', async () => {
    expect((await runCli(['migrate'])).stderr).toContain('gatemap migrate: give at least one -f PATH');
    const unreadable = await runCli(['migrate', '-f', '/nonexistent/ingress.yaml']);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain(
      'gatemap migrate: /nonexistent/ingress.yaml: cannot read: no such file or directory',
    );
    const missing = await runCli([
      'migrate',
      '-f',
      files({ 'cluster.yaml': CLUSTER, 'ingress.yaml': INGRESS }),
      '--gateway',
      'infra/none',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'gatemap migrate: --gateway: Gateway infra/none is not among the objects',
    );
  });

  it('exits 2 on a malformed Ingress, naming the file, the object and the field, and still reports the rest', async () => {
    const bad = INGRESS.replace('pathType: Prefix', 'pathType: Regex').replace('name: web,', 'name: bad,');
    const result = await runCli([
      'migrate',
      '-f',
      files({ 'cluster.yaml': CLUSTER, 'bad.yaml': bad, 'ingress.yaml': INGRESS }),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /bad\.yaml:2: Ingress shop\/bad is not valid and is skipped: spec\.rules\[0\]\.http\.paths\[0\]\.pathType must be one of Exact, Prefix, ImplementationSpecific, got "Regex"/,
    );
    expect(result.stdout).toContain('Ingress shop/web  not started');
  });
});

describe('gatemap analyze with Ingresses among its inputs', () => {
  it('ends the text with the migration summary', async () => {
    const result = await runCli([
      'analyze',
      '-f',
      files({ 'all.yaml': `${CLUSTER}---${INGRESS}---${ROUTE}` }),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Migration from Ingress: 1 covered, 0 partial, 0 not started (of 1)');
    expect(result.stdout).toContain('  shop  1 covered, 0 partial, 0 not started');
  });

  it('adds the summary and each Ingress to the JSON, and nothing without Ingresses', async () => {
    const withIngress = await runCli([
      'analyze',
      '-o',
      'json',
      '-f',
      files({ 'all.yaml': `${CLUSTER}---${INGRESS}` }),
    ]);
    const document = JSON.parse(withIngress.stdout) as {
      migration: { summary: { notStarted: number }; ingresses: { key: string; state: string }[] };
    };
    expect(document.migration.summary.notStarted).toBe(1);
    expect(document.migration.ingresses.map((item) => [item.key, item.state])).toEqual([
      ['Ingress/shop/web', 'not-started'],
    ]);
    const without = await runCli(['analyze', '-o', 'json', '-f', files({ 'all.yaml': CLUSTER })]);
    expect(Object.keys(JSON.parse(without.stdout) as object)).toEqual(['nodes', 'edges', 'findings']);
  });
});

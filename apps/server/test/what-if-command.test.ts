/**
 * `gatemap analyze --context/--kubeconfig` as a user runs it, up to the cluster: flags, usage
 * errors, and a cluster that cannot be reached (exit 2, and said so). What it predicts of a real
 * cluster is in what-if.integration.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WhatIfReport } from '../src/cli/what-if-report.ts';
import { analyze } from './helpers/what-if.ts';

const directory = mkdtempSync(join(tmpdir(), 'gatemap-what-if-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A kubeconfig whose contexts point at a port nothing listens on. */
const KUBECONFIG = join(directory, 'kubeconfig');
writeFileSync(
  KUBECONFIG,
  `apiVersion: v1
kind: Config
clusters:
  - name: nowhere
    cluster: { server: 'https://127.0.0.1:9', insecure-skip-tls-verify: true }
users:
  - name: alice
    user: { token: alice-token }
contexts:
  - name: prod
    context: { cluster: nowhere, user: alice, namespace: shop }
  - name: staging
    context: { cluster: nowhere, user: alice }
current-context: prod
`,
);
const ROUTE = join(directory, 'route.yaml');
writeFileSync(
  ROUTE,
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web }
spec: { parentRefs: [{ name: gw }] }
`,
);

const run = analyze;

describe('analyze --context/--kubeconfig: usage', () => {
  it.each([
    [['--delete', 'httproute/shop/web'], '--delete removes an object from a live cluster'],
    [
      ['--kubeconfig', KUBECONFIG, '-f', ROUTE, '-o', 'sarif'],
      'with --context or --kubeconfig, -o must be text or json',
    ],
    [
      ['--context', 'prod', '-f', ROUTE, '-o', 'github'],
      '-o must be text or json (what would change), got "github"',
    ],
    [
      ['--kubeconfig', KUBECONFIG, '-f', ROUTE, '--status'],
      '--status prints the files as a controller would see them',
    ],
    [
      ['--kubeconfig', KUBECONFIG],
      'give the change: -f PATH (files to apply) or --delete KIND/NAMESPACE/NAME',
    ],
    [
      ['--kubeconfig', KUBECONFIG, '--delete', 'httproute/web'],
      'HTTPRoute is namespaced: give HTTPRoute/NAMESPACE/NAME',
    ],
    [['--kubeconfig', KUBECONFIG, '--delete', 'widget/a/b'], 'gatemap reads no kind "widget"'],
    [
      ['--kubeconfig', KUBECONFIG, '-f', ROUTE, '--policy-kinds', 'ClientTrafficPolicy'],
      '--policy-kinds takes Kind.group names (e.g. ClientTrafficPolicy.gateway.envoyproxy.io), got "ClientTrafficPolicy"',
    ],
    [
      ['--kubeconfig', KUBECONFIG, '--context', 'prod', '--context', 'qa', '-f', ROUTE],
      `context "qa" is not in ${KUBECONFIG}; it has: prod, staging`,
    ],
  ])('%j exits 2: %s', async (args, message) => {
    const result = await run(args);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('shows a flag with control characters as escapes', async () => {
    const result = await run(['--kubeconfig', KUBECONFIG, '--delete', 'http\u001b[2Jroute/a/b']);
    expect(result.stderr).toContain('http\\x1b[2Jroute');
    expect(result.stderr).not.toContain('\u001b');
  });
});

describe('analyze --context/--kubeconfig: a cluster that cannot be read', () => {
  it('says so per context and exits 2, in text', async () => {
    const result = await run([
      '--kubeconfig',
      KUBECONFIG,
      '--context',
      'prod',
      '--context',
      'staging',
      '-f',
      ROUTE,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /context prod: cannot read the cluster: discovery of .* failed: .*ECONNREFUSED/,
    );
    expect(result.stdout).toMatch(
      /^Context prod {2}not read\n {2}discovery of .*\n\nContext staging {2}not read\n/,
    );
  });

  it('gives each context its error in JSON', async () => {
    const result = await run(['--kubeconfig', KUBECONFIG, '--delete', 'gateway/infra/web', '-o', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as WhatIfReport;
    expect(report.contexts).toEqual([
      { context: 'prod', error: expect.stringContaining('ECONNREFUSED') as string },
    ]);
  });

  it('still names a file that cannot be read', async () => {
    const result = await run(['--kubeconfig', KUBECONFIG, '-f', join(directory, 'missing.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.yaml: cannot read: no such file or directory');
  });
});

describe('analyze --map: a link that opens the change on the map', () => {
  it('carries the files and the deletions in the fragment, which the map reads', async () => {
    const result = await run([
      '--kubeconfig',
      KUBECONFIG,
      '-f',
      ROUTE,
      '--delete',
      'referencegrant/shop/allow-web',
      '--map',
      'https://gatemap.example/?view=changes#old',
      '-o',
      'json',
    ]);
    const report = JSON.parse(result.stdout) as WhatIfReport & { readonly map?: string };
    const link = new URL(report.map ?? '');
    expect(`${link.origin}${link.pathname}${link.search}`).toBe('https://gatemap.example/?view=changes');
    expect(link.hash.startsWith('#what-if=')).toBe(true);
    const manifests = Buffer.from(link.hash.slice('#what-if='.length), 'base64url').toString('utf8');
    expect(manifests).toContain(readFileSync(ROUTE, 'utf8').trimEnd());
    expect(manifests).toContain(
      '{"apiVersion":"gateway.networking.k8s.io/v1","kind":"ReferenceGrant","metadata":{"name":"allow-web","namespace":"shop"},"$patch":"delete"}',
    );
  });

  it('ends the text report with the link', async () => {
    const result = await run(['--kubeconfig', KUBECONFIG, '-f', ROUTE, '--map', 'http://127.0.0.1:7420']);
    expect(result.stdout).toMatch(
      /\nOpen the change on the map \(nothing is applied\): http:\/\/127\.0\.0\.1:7420\/#what-if=[A-Za-z0-9_-]+\n$/,
    );
  });

  it('refuses an address that is not http or https', async () => {
    const result = await run(['--kubeconfig', KUBECONFIG, '-f', ROUTE, '--map', 'javascript:alert(1)']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--map must be an http or https address');
  });
});

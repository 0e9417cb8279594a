/**
 * Large input against the real command, in its own process (where a pattern that recursed over a
 * long scalar overflowed the stack): `analyze` exits 2 and names the file, `serve -f` stays up,
 * answers its health check and reports the file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/run-server.ts';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: default}
spec:
  gatewayClassName: example
  listeners: [{name: http, port: 80, protocol: HTTP}]
`;
const QUOTED_10MB = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: default\n  annotations:\n    team: "web"\n    tier: "edge"\ndata:\n  big: "${'x'.repeat(10 * 1024 * 1024)}"\n`;

let server: RunningServer | undefined;
let directory: string | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  if (directory) rmSync(directory, { recursive: true, force: true });
});

function manifests(entries: Record<string, string>): string {
  directory = mkdtempSync(join(tmpdir(), 'gatemap-large-'));
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(directory, name), text);
  return directory;
}

it('gatemap analyze on a 10 MB quoted string exits 2 and names the file, without a stack trace', async () => {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, '../bin/gatemap.js'), 'analyze', '-f', manifests({ 'big.yaml': QUOTED_10MB })],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(stderr).not.toMatch(/RangeError|\n\s+at /);
  expect(code).toBe(2);
  expect(stdout).toMatch(/big\.yaml:1: the document is 10\.0 MiB, over the document size limit/);
});

it('gatemap serve -f stays up when a 10 MB quoted string is written into its directory, and reports it', async () => {
  server = await startServer(['-f', manifests({ 'gateway.yaml': GATEWAY })]);
  writeFileSync(join(directory!, 'z-big.yaml'), QUOTED_10MB);
  let messages: string[] = [];
  for (let attempt = 0; attempt < 100 && messages.length === 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const topology = (await (await server.fetch('/api/topology')).json()) as {
      nodes: { id: string }[];
      findings: { code: string; message: string }[];
    };
    messages = topology.findings.filter((item) => item.code === 'GM101').map((item) => item.message);
    if (messages.length > 0) expect(topology.nodes.map((node) => node.id)).toContain('Gateway/default/web');
  }
  expect(messages).toEqual([expect.stringMatching(/z-big\.yaml:1: the document is 10\.0 MiB/)]);
  expect((await server.fetch('/healthz')).ok).toBe(true);
  expect(server.process.exitCode).toBeNull();
});

it('gatemap serve -f answers health checks while it parses a file the YAML parser is slow on', async () => {
  server = await startServer(['-f', manifests({ 'gateway.yaml': GATEWAY })]);
  // One HTTPRoute of 1.5 MB in flow mappings: seconds of work for the full YAML parser.
  const rules = Array.from(
    { length: 14_000 },
    (_, index) =>
      `  - matches: [{path: {type: PathPrefix, value: /p${index}}}]\n    backendRefs: [{name: b, port: 80}]\n`,
  );
  const route = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: flow, namespace: default}\nspec:\n  rules:\n${rules.join('')}`;
  writeFileSync(join(directory!, 'route.yaml'), route);
  // Past the watcher's debounce the file is being parsed; health checks answered from then until
  // the Route shows are answered during the parse.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  let answered = 0;
  const shown = async () =>
    ((await (await server!.fetch('/api/topology')).json()) as { nodes: { id: string }[] }).nodes.some(
      (node) => node.id === 'HTTPRoute/default/flow',
    );
  while (!(await shown())) {
    if ((await server.fetch('/healthz')).ok && !(await shown())) answered++;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(answered).toBeGreaterThan(0);
}, 60_000);

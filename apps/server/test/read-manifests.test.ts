/**
 * Manifest files read and parsed in a worker thread: the server's event loop keeps turning while
 * a file the YAML parser is slow on is parsed, and a file gone before it is read is reported as
 * missing, not as an error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { ManifestReader } from '../src/sources/read-manifests.ts';

let reader: ManifestReader | undefined;
let directory: string | undefined;
afterEach(async () => {
  await reader?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** One HTTPRoute of `rules` rules written with flow mappings, which only the full parser reads. */
function flowRoute(rules: number): string {
  const lines = [
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: HTTPRoute',
    'metadata: {name: flow}',
    'spec:',
  ];
  lines.push('  rules:');
  for (let index = 0; index < rules; index++)
    lines.push(
      `  - matches: [{path: {type: PathPrefix, value: /p${index}}}]`,
      `    backendRefs: [{name: b, port: 80}]`,
    );
  return `${lines.join('\n')}\n`;
}

it('parses in another thread: the event loop turns while a slow file is parsed', async () => {
  directory = mkdtempSync(join(tmpdir(), 'gatemap-read-'));
  writeFileSync(join(directory, 'small.yaml'), 'kind: Service\nmetadata: {name: a}\n');
  writeFileSync(join(directory, 'flow.yaml'), flowRoute(5000));
  reader = new ManifestReader();
  const limit = { maxDocumentSize: 3 * 1024 * 1024, maxFileBytes: 16 * 1024 * 1024 };
  // The thread is started by a first read, so that what follows times the parse alone.
  await reader.read({ path: join(directory, 'small.yaml'), name: 'small.yaml', ...limit });

  let settled = false;
  const reading = reader.read({ path: join(directory, 'flow.yaml'), name: 'flow.yaml', ...limit });
  void reading.then(() => (settled = true));
  let turns = 0;
  while (!settled && turns < 1000) {
    await nextTurn();
    turns++;
  }
  // Parsing half a megabyte of flow mappings takes the full parser a good part of a second; a
  // thousand turns of an idle event loop, a few milliseconds.
  expect(turns).toBe(1000);
  const result = await reading;
  expect(result.type === 'parsed' && result.parsed.documents.length).toBe(1);
});

it('reports a file gone before it is read as missing', async () => {
  directory = mkdtempSync(join(tmpdir(), 'gatemap-read-'));
  reader = new ManifestReader();
  const result = await reader.read({
    path: join(directory, 'gone.yaml'),
    name: 'gone.yaml',
    maxDocumentSize: 1024,
    maxFileBytes: 4096,
  });
  expect(result).toEqual({ type: 'missing' });
});

it('reads no more than the file size limit, and only regular files, whatever the path became since it was listed', async () => {
  directory = mkdtempSync(join(tmpdir(), 'gatemap-read-'));
  reader = new ManifestReader();
  const limits = { maxDocumentSize: 1024, maxFileBytes: 4096 };
  // Grown past the limit after its size was checked.
  writeFileSync(join(directory, 'grown.yaml'), `# ${'x'.repeat(10_000)}\n`);
  const grown = await reader.read({ path: join(directory, 'grown.yaml'), name: 'grown.yaml', ...limits });
  expect(grown.type === 'failed' && grown.error).toContain('over the file size limit');
  // Replaced by a FIFO (nothing is ever written to it) or by a link to a device without end.
  execFileSync('mkfifo', [join(directory, 'fifo.yaml')]);
  const fifo = await reader.read({ path: join(directory, 'fifo.yaml'), name: 'fifo.yaml', ...limits });
  expect(fifo.type).toBe('failed');
  symlinkSync('/dev/zero', join(directory, 'zero.yaml'));
  const zero = await reader.read({ path: join(directory, 'zero.yaml'), name: 'zero.yaml', ...limits });
  expect(zero.type).toBe('failed');
  writeFileSync(join(directory, 'ok.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
  const ok = await reader.read({ path: join(directory, 'ok.yaml'), name: 'ok.yaml', ...limits });
  expect(ok.type === 'parsed' && ok.parsed.documents.length).toBe(1);
}, 10_000);

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ManifestReader } from './read-manifests.ts';

const SERVICES = Array.from(
  { length: 3 },
  (_, index) => `apiVersion: v1\nkind: Service\nmetadata: {name: svc-${index}, namespace: shop}\n`,
).join('---\n');

let reader: ManifestReader | undefined;
let directory: string | undefined;
afterEach(async () => {
  await reader?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** A full collection, as `global.gc` would run it with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Reads a file of three Services; only a weak reference to its documents is kept. */
async function readServices(manifests: ManifestReader, path: string): Promise<WeakRef<object>> {
  const request = { path, name: 'services.yaml', maxDocumentSize: 1 << 20, maxFileBytes: 1 << 20 };
  const read = await manifests.read(request);
  if (read.type !== 'parsed') throw new Error(`not parsed: ${read.type}`);
  expect(read.parsed.documents.map((document) => document.source)).toEqual([
    { file: 'services.yaml', line: 1 },
    { file: 'services.yaml', line: 5 },
    { file: 'services.yaml', line: 9 },
  ]);
  return new WeakRef(read.parsed.documents);
}

describe('ManifestReader', () => {
  it('holds no documents of a file it has read', async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-reader-'));
    const path = join(directory, 'services.yaml');
    writeFileSync(path, SERVICES);
    reader = new ManifestReader();
    const documents = await readServices(reader, path);
    await nextTurn();
    collectGarbage();
    expect(documents.deref()).toBeUndefined();
  });

  it('reads again with a new thread once closed (the files source closes it after each reload)', async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatemap-reader-'));
    const path = join(directory, 'services.yaml');
    writeFileSync(path, SERVICES);
    reader = new ManifestReader();
    await readServices(reader, path);
    await reader.close();
    await readServices(reader, path);
  });
});

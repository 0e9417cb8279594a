/**
 * `serve -f DIR` while files come and go: a file listed and gone before it is read (created and
 * deleted in a loop) is simply not there; every other file's objects stay.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterEach, expect, it, vi } from 'vitest';
import type { Change } from '@gatemap/topology';
import { createFilesSource } from '../src/sources/files-source.ts';
import type { Source } from '../src/sources/source.ts';

// Reading a file named `vanishing*.yaml` fails as if it had been deleted after the listing.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const readFile = (async (path: Parameters<typeof actual.readFile>[0], options?: unknown) => {
    if (String(path).includes('vanishing'))
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${String(path)}'`), {
        code: 'ENOENT',
      });
    return actual.readFile(path, options as Parameters<typeof actual.readFile>[1]);
  }) as typeof actual.readFile;
  return { ...actual, readFile, default: { ...actual, readFile } };
});

let source: Source | undefined;
let directory: string | undefined;
afterEach(async () => {
  await source?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

it('ignores a file that disappears between the listing and the read, and keeps every other', async () => {
  directory = mkdtempSync(join(tmpdir(), 'gatemap-files-'));
  writeFileSync(join(directory, '0-vanishing.yaml'), 'kind: Service\n');
  writeFileSync(
    join(directory, 'service.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata: {name: shop, namespace: default}\n',
  );
  source = createFilesSource({ name: 'files', directory, kind: 'files', watch: false });
  const changes = await new Promise<Change[]>((resolve) => source!.start(resolve, () => {}));
  expect(changes.flatMap((change) => (change.type === 'upsert' ? [change.object.key] : []))).toEqual([
    'Service/default/shop',
  ]);
  expect(source.status().state).toBe('synced');
});

/**
 * `serve -f DIR` while files come and go: a file listed and gone before it is read (created and
 * deleted in a loop) is simply not there; every other file's objects stay.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type { Change } from '@gatemap/topology';
import { createFilesSource } from '../src/sources/files-source.ts';
import type { Source } from '../src/sources/source.ts';

// Listing a directory deletes its `0-vanishing.yaml` once listed: the file is gone before it is read.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const readdir = (async (path: Parameters<typeof actual.readdir>[0], options?: unknown) => {
    const entries = await actual.readdir(path, options as Parameters<typeof actual.readdir>[1]);
    await actual.rm(join(String(path), '0-vanishing.yaml'), { force: true });
    return entries;
  }) as typeof actual.readdir;
  return { ...actual, readdir, default: { ...actual, readdir } };
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

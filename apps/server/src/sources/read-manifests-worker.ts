/**
 * The thread `ManifestReader` starts: reads one file at a time and parses it, so that neither a
 * large file nor one the YAML parser is slow on (seconds for a few megabytes of flow mappings)
 * holds the server's event loop. Documents go back in batches, each a message of its own, so that
 * taking them in costs the main thread a little at a time.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { parseManifests } from '@gatemap/manifests';
import { formatSize } from '@gatemap/topology';
import type { ReadReply, ReadRequest } from './read-manifests.ts';

const BATCH = 500;

parentPort!.on('message', (request: ReadRequest) => {
  void read(request).then(
    (replies) => {
      for (const reply of replies) parentPort!.postMessage(reply);
    },
    (error: unknown) => {
      const reply: ReadReply = {
        type: 'failed',
        error: error instanceof Error ? error.message : String(error),
      };
      parentPort!.postMessage(reply);
    },
  );
});

async function read(request: ReadRequest): Promise<ReadReply[]> {
  let text: string;
  try {
    const read = await readBounded(request.path, request.maxFileBytes);
    if (typeof read !== 'string') return [{ type: 'failed', error: read.reason }];
    text = read;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return [{ type: code === 'ENOENT' ? 'missing' : 'failed', error: (error as Error).message, code }];
  }
  const parsed = parseManifests(text, request.name, { maxDocumentSize: request.maxDocumentSize });
  const replies: ReadReply[] = [];
  for (let from = 0; from < parsed.documents.length; from += BATCH)
    replies.push({ type: 'documents', documents: parsed.documents.slice(from, from + BATCH) });
  replies.push({ type: 'done', errors: parsed.errors });
  return replies;
}

/**
 * A file's text, read through one handle: only a regular file, not through a symbolic link (the
 * listing skips those), never waiting on a FIFO, and never more than `maxFileBytes`, however the
 * path changed after it was listed and its size checked.
 */
async function readBounded(
  path: string,
  maxFileBytes: number,
): Promise<string | { readonly reason: string }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) return { reason: 'not a regular file' };
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxFileBytes + 1 - size));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      size += bytesRead;
      if (size > maxFileBytes)
        return { reason: `over the file size limit of ${formatSize(maxFileBytes)} (--max-file-size)` };
    }
    return Buffer.concat(chunks, size).toString('utf8');
  } finally {
    await handle.close();
  }
}

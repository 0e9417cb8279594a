/**
 * The thread `ManifestReader` starts: reads one file at a time and parses it, so that neither a
 * large file nor one the YAML parser is slow on (seconds for a few megabytes of flow mappings)
 * holds the server's event loop. Documents go back in batches, each a message of its own, so that
 * taking them in costs the main thread a little at a time.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { parseManifests } from '@gatemap/topology';
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
    text = await readFile(request.path, 'utf8');
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

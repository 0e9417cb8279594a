/**
 * Reads and parses manifest files in a worker thread (`read-manifests-worker.ts`), one file at a
 * time, for the files source: the server's event loop only takes the documents in, a batch per
 * turn. A worker that fails (out of memory, a crash) fails only the file it was reading; the next
 * file gets a new one.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ManifestDocument, ManifestError, ParsedManifests } from '@gatemap/topology';

export interface ReadRequest {
  readonly path: string;
  /** The file's name in messages. */
  readonly name: string;
  readonly maxDocumentSize: number;
  /**
   * Read no more of the file than this. Its size was checked when it was listed, but the path may
   * have been replaced since (by a larger file, a FIFO, a link to a device).
   */
  readonly maxFileBytes: number;
}

export type ReadReply =
  | { readonly type: 'documents'; readonly documents: readonly ManifestDocument[] }
  | { readonly type: 'done'; readonly errors: readonly ManifestError[] }
  | { readonly type: 'missing'; readonly error: string }
  | { readonly type: 'failed'; readonly error: string; readonly code?: string | undefined };

export type ReadResult =
  | { readonly type: 'parsed'; readonly parsed: ParsedManifests }
  | { readonly type: 'missing' }
  | { readonly type: 'failed'; readonly error: string; readonly code?: string | undefined };

// The worker is the module beside this one: TypeScript in the repository, JavaScript when built.
const WORKER = new URL(`./read-manifests-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export class ManifestReader {
  private worker: Worker | undefined;
  /**
   * Settles when the last request has: the next one waits for it. It holds nothing: were it the
   * last result itself, the reader would keep the last file's documents (28,903 parsed objects,
   * 16.5 MB of heap, for the 10,000-Route estate as one file) until another file is read.
   */
  private queue: Promise<void> = Promise.resolve();

  /** Reads and parses one file; requests run one after another. Never rejects. */
  read(request: ReadRequest): Promise<ReadResult> {
    const result = this.queue.then(() => this.readNow(request));
    this.queue = result.then(nothing);
    return result;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private readNow(request: ReadRequest): Promise<ReadResult> {
    const worker = (this.worker ??= this.start());
    return new Promise((resolve) => {
      const documents: ManifestDocument[] = [];
      const settle = (result: ReadResult) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (reply: ReadReply) => {
        // Each document names its file: one string for all, not a copy of it per document (the
        // worker's messages carry one each).
        if (reply.type === 'documents')
          for (const document of reply.documents)
            documents.push({
              source: { file: request.name, line: document.source.line },
              value: document.value,
            });
        else if (reply.type === 'done')
          settle({ type: 'parsed', parsed: { documents, errors: reply.errors } });
        else if (reply.type === 'missing') settle({ type: 'missing' });
        else settle({ type: 'failed', error: reply.error, code: reply.code });
      };
      const onError = (error: Error) => {
        if (this.worker === worker) this.worker = undefined;
        settle({ type: 'failed', error: error.message });
      };
      const onExit = (code: number) => {
        if (this.worker === worker) this.worker = undefined;
        settle({ type: 'failed', error: `the reading thread stopped (exit code ${code})` });
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER);
    // An idle reader does not keep the process alive.
    worker.unref();
    return worker;
  }
}

function nothing(): void {
  // The queue's value: none.
}

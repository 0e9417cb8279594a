/**
 * Serves manifests from disk. The directory is read at start and, when `watch` is set, again
 * whenever a file in it changes; each reload is diffed against the last, so only what changed
 * reaches the engine. Problems with files (bad YAML, malformed objects) become findings.
 */
import { watch, type FSWatcher } from 'node:fs';
import {
  ingestManifests,
  KINDS,
  parseManifests,
  type Change,
  type ClusterStatus,
  type DecodedObject,
  type ObjectKey,
  type UnknownObject,
} from '@gatemap/topology';
import { readInputs } from '../cli/read-inputs.ts';
import type { Source } from './source.ts';

export interface FilesSourceOptions {
  readonly name: string;
  readonly directory: string;
  readonly kind: 'files' | 'demo';
  readonly watch: boolean;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export function createFilesSource(options: FilesSourceOptions): Source {
  let current = new Map<ObjectKey, { json: string; object: DecodedObject | UnknownObject }>();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let loaded = false;
  let message: string | undefined;
  let counts = new Map<string, number>();
  let emit: ((changes: Change[]) => void) | undefined;
  let report: ((status: ClusterStatus) => void) | undefined;

  const status = (): ClusterStatus => ({
    name: options.name,
    source: options.kind,
    server: options.directory,
    state: loaded ? (message ? 'error' : 'synced') : 'connecting',
    ...(message ? { message } : {}),
    kinds: KINDS.map((info) => ({
      kind: info.kind,
      group: info.group,
      state: loaded ? 'synced' : 'syncing',
      objects: counts.get(info.kind) ?? 0,
    })),
  });

  const reload = async () => {
    const read = await readInputs([options.directory]);
    message = read.errors.length > 0 ? read.errors.join('; ') : undefined;
    const parsed = read.files.map((file) => parseManifests(file.text, file.name));
    const ingested = ingestManifests(parsed);
    const next = new Map<ObjectKey, { json: string; object: DecodedObject | UnknownObject }>();
    for (const change of ingested.changes) {
      if (change.type === 'upsert' || change.type === 'upsert-unknown')
        next.set(change.object.key, { json: JSON.stringify(change.object.object), object: change.object });
    }
    const changes: Change[] = [];
    for (const [key, entry] of next) {
      const before = current.get(key);
      if (before?.json === entry.json) continue;
      changes.push(
        'info' in entry.object
          ? { type: 'upsert', object: entry.object }
          : { type: 'upsert-unknown', object: entry.object },
      );
    }
    for (const key of current.keys()) if (!next.has(key)) changes.push({ type: 'delete', key });
    changes.push({ type: 'input-issues', source: options.directory, findings: ingested.issues });
    current = next;
    counts = new Map();
    for (const entry of next.values()) {
      const kind = 'info' in entry.object ? entry.object.info.kind : entry.object.object.kind;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    loaded = true;
    emit?.(changes);
    report?.(status());
    options.log?.(
      'info',
      `${options.directory}: ${next.size} objects, ${ingested.issues.length} input problems`,
    );
  };

  return {
    name: options.name,
    start(onChanges, onStatus) {
      emit = onChanges;
      report = onStatus;
      void reload().catch((error: unknown) => {
        message = `cannot read ${options.directory}: ${(error as Error).message}`;
        loaded = true;
        onStatus(status());
      });
      if (options.watch) {
        try {
          watcher = watch(options.directory, { recursive: true }, () => {
            clearTimeout(timer);
            timer = setTimeout(() => void reload(), 150);
          });
        } catch (error) {
          options.log?.('warn', `cannot watch ${options.directory} for changes: ${(error as Error).message}`);
        }
      }
    },
    status,
    async stop() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}

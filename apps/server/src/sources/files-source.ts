/**
 * Serves manifests from disk. The directory is read at start and, when `watch` is set, again
 * whenever a file in it changes; each reload is diffed against the last, so only what changed
 * reaches the engine. Problems with files (bad YAML, malformed objects) become findings.
 *
 * A file costs only itself: one that cannot be read (over the size limit, unreadable) is reported
 * (GM101, with its name and why) and its objects are dropped, and one that disappears while the
 * directory is read is simply not there; every other file's objects stay. Reloads run one at a
 * time and never throw out of the watcher. A file is parsed only when its size or modification
 * time changed, in a worker thread (`ManifestReader`); the decoding and diffing here let the event
 * loop run every `sliceMs`, so that health checks and streams are answered while a large file is
 * read. Policy kinds are discovered from the CustomResourceDefinitions among the files; kinds named
 * with `--policy-kinds` are read beside them (a kind both names and discovers as its CRD says).
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  DEFAULT_INPUT_LIMITS,
  definesPolicyKind,
  discoverPolicyKinds,
  formatSize,
  ingestManifests,
  KINDS,
  unreadableFileFinding,
  type Change,
  type ClusterStatus,
  type DecodedObject,
  type Finding,
  type InputLimits,
  type ObjectKey,
  type ParsedManifests,
  type PolicyKind,
  type SourceLocation,
  type UnknownObject,
} from '@gatemap/topology';
import { listManifests, readFailure } from '../cli/read-inputs.ts';
import { ManifestReader } from './read-manifests.ts';
import type { Source } from './source.ts';

export interface FilesSourceOptions {
  readonly name: string;
  readonly directory: string;
  readonly kind: 'files' | 'demo';
  readonly watch: boolean;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  readonly limits?: InputLimits;
  /** How long a reload works before it lets other work run, in ms (0: after every step). */
  readonly sliceMs?: number;
  /** How a reload lets other work run: by default, until the event loop's next turn. */
  readonly pause?: () => Promise<void>;
  /** Policy kinds named as `Kind.group` (`--policy-kinds`), for kinds whose CRDs are not among the files. */
  readonly policyKinds?: readonly PolicyKind[];
}

/** A file as last parsed, reused while its size and modification time stay the same. */
interface ParsedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly parsed: ParsedManifests;
}

/** Documents decoded, or objects compared, between two turns of the event loop at most. */
const BATCH = 100;

export function createFilesSource(options: FilesSourceOptions): Source {
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  const sliceMs = options.sliceMs ?? 10;
  const pause = options.pause ?? (() => nextTurn());
  const reader = new ManifestReader();
  let current = new Map<ObjectKey, { json: string; object: DecodedObject | UnknownObject }>();
  let files = new Map<string, ParsedFile>();
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let loaded = false;
  let stopped = false;
  let message: string | undefined;
  let counts = new Map<string, number>();
  /** The policy kinds discovered from the CRDs among the files, as last sent (JSON). */
  let policyKinds = '[]';
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

  let lastTurn = performance.now();
  /** Lets the event loop run when this reload has worked `sliceMs` since it last did. */
  const pace = async () => {
    if (performance.now() - lastTurn < sliceMs) return;
    await pause();
    lastTurn = performance.now();
  };

  const reload = async () => {
    lastTurn = performance.now();
    const listing = await listManifests(options.directory);
    if (listing.failed.some((failure) => failure.path === options.directory)) {
      // The directory itself cannot be listed: keep what was read, and say why nothing changes.
      message = `cannot read ${options.directory}: ${listing.failed[0]!.reason}`;
      loaded = true;
      report?.(status());
      options.log?.('warn', message);
      return;
    }
    const problems: string[] = listing.failed.map((failure) => `${failure.path}: ${failure.reason}`);
    const unreadable: Finding[] = [];
    const cannotRead = (name: string, reason: string) => {
      unreadable.push(unreadableFileFinding(name, reason));
      problems.push(`${name}: ${reason}`);
    };
    const parsed: ParsedManifests[] = [];
    const nextFiles = new Map<string, ParsedFile>();
    // Files under a subdirectory that could not be listed keep their last reading.
    for (const [path, file] of files) {
      if (!listing.failed.some((failure) => path.startsWith(`${failure.path}/`))) continue;
      nextFiles.set(path, file);
      parsed.push(file.parsed);
    }
    for (const path of listing.files) {
      const name = relative(process.cwd(), path) || path;
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        cannotRead(name, readFailure(error));
        continue;
      }
      if (info.size > limits.maxFileBytes) {
        cannotRead(
          name,
          `${formatSize(info.size)}, over the file size limit of ${formatSize(limits.maxFileBytes)} (--max-file-size)`,
        );
        continue;
      }
      const known = files.get(path);
      if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) {
        nextFiles.set(path, known);
        parsed.push(known.parsed);
        continue;
      }
      const read = await reader.read({
        path,
        name,
        maxDocumentSize: limits.maxDocumentSize,
        maxFileBytes: limits.maxFileBytes,
      });
      // Created and deleted between the listing and the read: not there.
      if (read.type === 'missing') continue;
      if (read.type === 'failed') {
        cannotRead(name, readFailure({ code: read.code, message: read.error }));
        continue;
      }
      const file = { size: info.size, mtimeMs: info.mtimeMs, parsed: read.parsed };
      nextFiles.set(path, file);
      parsed.push(file.parsed);
    }
    // The reading thread's heap keeps what it parsed until it is collected, which an idle thread
    // never is: stopped once the files are read, it gives that memory back, and the next reload
    // starts another.
    await reader.close();

    // Decoded in batches, the event loop let run between them; duplicates are found across
    // batches through the shared `sources`, and the object limit counts every batch.
    const sources = new Map<ObjectKey, SourceLocation>();
    const changesIn: Change[] = [];
    const issues: Finding[] = [...unreadable];
    let decoded = 0;
    for (const file of parsed) {
      for (let from = 0; from === 0 || from < file.documents.length; from += BATCH) {
        const documents = file.documents.slice(from, from + BATCH);
        const ingested = ingestManifests([{ documents, errors: from === 0 ? file.errors : [] }], {
          sources,
          maxObjects: limits.maxObjects,
          objectsBefore: decoded,
        });
        decoded += documents.length;
        for (const change of ingested.changes) changesIn.push(change);
        for (const issue of ingested.issues) issues.push(issue);
        await pace();
      }
    }
    if (stopped) return;

    const next = new Map<ObjectKey, { json: string; object: DecodedObject | UnknownObject }>();
    for (let index = 0; index < changesIn.length; index++) {
      const change = changesIn[index]!;
      if (change.type === 'upsert' || change.type === 'upsert-unknown')
        next.set(change.object.key, { json: JSON.stringify(change.object.object), object: change.object });
      if (index % BATCH === BATCH - 1) await pace();
    }
    if (stopped) return;
    const changes: Change[] = [];
    // Policy kinds come from the CRDs among the files (as `gatemap analyze` reads them), before
    // the objects, so that a policy and its kind's CRD read in one reload are read as a policy.
    const crds: unknown[] = [];
    for (const entry of next.values())
      if (!('info' in entry.object) && entry.object.object.kind === 'CustomResourceDefinition')
        crds.push(entry.object.object);
    const discovered = discoverPolicyKinds(crds).kinds;
    const kinds = [
      ...discovered,
      ...(options.policyKinds ?? []).filter(
        (named) => !discovered.some((found) => found.group === named.group && found.kind === named.kind),
      ),
    ];
    // A policy kind's CRD is its definition, not an object of the graph: kept out of `next`, a
    // CRD that becomes one is deleted from the graph, and one that stops being one is added.
    let definitions = 0;
    for (const [key, entry] of next)
      if (!('info' in entry.object) && definesPolicyKind(entry.object.object, kinds)) {
        next.delete(key);
        definitions++;
      }
    const kindsJson = JSON.stringify(kinds);
    if (kindsJson !== policyKinds) changes.push({ type: 'policy-kinds', kinds });
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
    changes.push({ type: 'input-issues', source: options.directory, findings: issues });
    current = next;
    files = nextFiles;
    policyKinds = kindsJson;
    message = problems.length > 0 ? `cannot read: ${problems.join('; ')}` : undefined;
    counts = new Map(definitions > 0 ? [['CustomResourceDefinition', definitions]] : []);
    for (const entry of next.values()) {
      const kind = 'info' in entry.object ? entry.object.info.kind : entry.object.object.kind;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    loaded = true;
    emit?.(changes);
    report?.(status());
    options.log?.('info', `${options.directory}: ${next.size} objects, ${issues.length} input problems`);
    if (unreadable.length > 0) options.log?.('warn', message ?? '');
  };

  /** A reload that never throws: a failure is the source's status, and the process goes on. */
  const reloadSafely = async () => {
    try {
      await reload();
    } catch (error) {
      message = `cannot read ${options.directory}: ${error instanceof Error ? error.message : String(error)}`;
      loaded = true;
      report?.(status());
      options.log?.('error', message);
    }
  };

  // One reload at a time; a change during a reload is read by one more reload after it.
  let running: Promise<void> | undefined;
  let again = false;
  const requestReload = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await reloadSafely();
      } while (again && !stopped);
      running = undefined;
    })();
  };

  return {
    name: options.name,
    start(onChanges, onStatus) {
      emit = onChanges;
      report = onStatus;
      requestReload();
      if (options.watch) {
        try {
          watcher = watch(options.directory, { recursive: true }, () => {
            clearTimeout(timer);
            timer = setTimeout(requestReload, 150);
          });
          // Unheard, a watcher's error (the directory removed) would end the process.
          watcher.on('error', (error) => {
            options.log?.('warn', `stopped watching ${options.directory}: ${error.message}`);
            requestReload();
          });
        } catch (error) {
          options.log?.('warn', `cannot watch ${options.directory} for changes: ${(error as Error).message}`);
        }
      }
    },
    status,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      watcher?.close();
      await running;
      await reader.close();
    },
  };
}

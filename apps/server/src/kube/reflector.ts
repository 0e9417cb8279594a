/**
 * One list+watch of one kind in one scope (the whole cluster, or one namespace): a paginated LIST,
 * then a WATCH from the list's resourceVersion that resumes from the last event or bookmark,
 * relists on 410 Gone and never gives up. It remembers only key → resourceVersion; the objects
 * themselves go out as engine changes.
 */
import type { Change, ObjectKey } from '@gatemap/topology';
import { Backoff, jitter, sleep } from './backoff.ts';
import { ingestObject, rawObjectKey, resourceVersionOf } from './ingest-object.ts';
import { isApiError, type KubeClient, type WatchEvent } from './kube-client.ts';
import type { WatchedKind } from './watched-kind.ts';

export type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * - `listing`: the first LIST is running.
 * - `watching`: listed, and the watch is open or being reopened after a clean end.
 * - `relisting`: listed before; listing again after 410 Gone.
 * - `retrying`: waiting to reconnect after an error (listed before or not: see `synced`).
 * - `forbidden` / `not-found`: the LIST was refused (403) or the resource is gone (404); retried slowly.
 */
export type ReflectorPhase = 'listing' | 'watching' | 'relisting' | 'retrying' | 'forbidden' | 'not-found';

export interface ReflectorState {
  readonly phase: ReflectorPhase;
  /** The objects sent out are current: a LIST completed and nothing has been dropped since. */
  readonly synced: boolean;
  /** The first LIST has finished, one way or another. */
  readonly attempted: boolean;
  /** The last error, or the API server's reason for 403/404. */
  readonly error?: string;
  readonly objects: number;
}

export interface ReflectorSink {
  /** `immediate` for LIST pages (one call each); watch events may be coalesced. */
  changes(changes: Change[], immediate: boolean): void;
  /** Records (message) or clears (undefined) a malformed object. */
  invalid(key: ObjectKey, message: string | undefined): void;
  /** The reflector's {@link ReflectorState} changed. */
  stateChanged(): void;
}

export interface ReflectorTuning {
  readonly pageSize: number;
  /** Fixed watch timeout; random 300–600 s when undefined. */
  readonly watchTimeoutSeconds?: number;
  /** A watch silent for this long is restarted (bookmarks arrive about once a minute). */
  readonly inactivityMs: number;
  readonly forbiddenRetryMs: number;
  readonly notFoundRetryMs: number;
}

export interface ReflectorOptions {
  readonly client: KubeClient;
  readonly info: WatchedKind;
  readonly version: string;
  /** Watch one namespace instead of the whole cluster. */
  readonly namespace?: string;
  readonly tuning: ReflectorTuning;
  readonly sink: ReflectorSink;
  readonly log: Log;
  /** Keys (→ resourceVersion) already sent by an earlier reflector of this kind and scope; the first LIST deletes those that are gone. */
  readonly known?: ReadonlyMap<ObjectKey, string>;
}

export const LIST_METADATA_ACCEPT =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const WATCH_METADATA_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
/** A watch that ends sooner than this without any event counts as a failure (no hot loop). */
const MIN_HEALTHY_WATCH_MS = 5_000;
const MAX_LIST_RESTARTS = 3;
const MAX_RETRY_AFTER_MS = 30_000;

export class Reflector {
  /** Key → resourceVersion of every object sent out as an upsert and not deleted since. */
  readonly known: Map<ObjectKey, string>;
  private readonly invalidKeys = new Set<ObjectKey>();
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private phase: ReflectorPhase = 'listing';
  private synced = false;
  private attempted = false;
  private error: string | undefined;
  private readonly label: string;
  private readonly basePath: string;
  private readonly options: ReflectorOptions;

  constructor(options: ReflectorOptions) {
    this.options = options;
    this.known = new Map(options.known);
    const { info, version, namespace } = options;
    const groupPath = info.group === '' ? `/api/${version}` : `/apis/${info.group}/${version}`;
    const scopePath = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
    this.basePath = `${groupPath}${scopePath}/${info.plural}`;
    this.label = `${info.plural}${info.group === '' ? '' : `.${info.group}`}/${version}${namespace === undefined ? '' : ` in namespace ${namespace}`}`;
  }

  get namespace(): string | undefined {
    return this.options.namespace;
  }

  state(): ReflectorState {
    return {
      phase: this.phase,
      synced: this.synced,
      attempted: this.attempted,
      ...(this.error === undefined ? {} : { error: this.error }),
      objects: this.known.size,
    };
  }

  start(signal: AbortSignal): void {
    this.running ??= this.run(AbortSignal.any([signal, this.controller.signal]));
  }

  /** Ends the list/watch and resolves once its connection is closed. Sends nothing more. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  /** Deletes for every object sent out, forgetting them (for a reflector stopped for good). */
  dropAll(): Change[] {
    const changes: Change[] = [...this.known.keys()].map((key) => ({ type: 'delete', key }));
    this.known.clear();
    for (const key of this.invalidKeys) this.options.sink.invalid(key, undefined);
    this.invalidKeys.clear();
    return changes;
  }

  private setState(phase: ReflectorPhase, error?: string): void {
    if (phase === this.phase && error === this.error) return;
    this.phase = phase;
    this.error = error;
    this.options.sink.stateChanged();
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { tuning, log } = this.options;
    const backoff = new Backoff();
    // Where the next watch starts; undefined means LIST first.
    let resourceVersion: string | undefined;
    while (!signal.aborted) {
      try {
        if (resourceVersion === undefined) {
          if (this.synced) this.setState('relisting', this.error);
          resourceVersion = await this.list(signal);
          this.synced = true;
          this.attempted = true;
          backoff.reset();
          this.setState('watching');
        }
        const started = Date.now();
        let events = 0;
        const timeoutSeconds = tuning.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 301);
        await this.options.client.watch(this.watchPath(resourceVersion, timeoutSeconds), {
          accept: this.options.info.metadataOnly ? WATCH_METADATA_ACCEPT : undefined,
          signal,
          inactivityMs: tuning.inactivityMs,
          onOpen: () => this.setState('watching'),
          onEvent: (event) => {
            if (signal.aborted) return;
            if (events === 0) backoff.reset();
            events += 1;
            resourceVersion = this.apply(event) ?? resourceVersion;
          },
        });
        // The server ended the watch (timeoutSeconds): reopen it from where it stopped, at once
        // unless it ended suspiciously fast.
        const healthyMs = Math.min(MIN_HEALTHY_WATCH_MS, timeoutSeconds * 900);
        if (events === 0 && Date.now() - started < healthyMs) await sleep(backoff.next(), signal);
      } catch (error) {
        if (signal.aborted) break;
        if (isApiError(error, 410) && resourceVersion !== undefined) {
          // Our resourceVersion is older than the server keeps: relist and diff.
          log('info', `${this.label}: ${error.message}; listing again`);
          resourceVersion = undefined;
          continue;
        }
        if (isApiError(error, 403) || isApiError(error, 404)) {
          const forbidden = error.statusCode === 403;
          const phase = forbidden ? 'forbidden' : 'not-found';
          resourceVersion = undefined;
          this.giveUpObjects();
          this.attempted = true;
          // Said once, not at every slow retry; a namespace the user may not read is routine.
          if (this.phase !== phase) {
            log(
              forbidden && this.options.namespace === undefined ? 'warn' : 'info',
              `${this.label}: ${error.message}`,
            );
          }
          this.setState(phase, error.message);
          await sleep(jitter(forbidden ? tuning.forbiddenRetryMs : tuning.notFoundRetryMs), signal);
          continue;
        }
        // Anything else (network, 5xx, 429, inactivity): back off, then resume the watch from the
        // last resourceVersion, or LIST again if the LIST itself failed.
        // The server's own hint (429 "storage is (re)initializing", 503 while starting) wins over
        // our backoff, which grew while the server was down.
        const retryAfter = isApiError(error) ? error.retryAfterSeconds : undefined;
        const delay =
          retryAfter !== undefined && retryAfter > 0
            ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) * (1 + Math.random() * 0.2)
            : backoff.next();
        const message = describeError(error);
        this.attempted = true;
        // Warn when the trouble starts; the retries that follow are routine.
        log(
          this.phase === 'retrying' ? 'info' : 'warn',
          `${this.label}: ${message}; retrying in ${(delay / 1000).toFixed(1)} s`,
        );
        this.setState('retrying', message);
        await sleep(delay, signal);
      }
    }
  }

  private watchPath(resourceVersion: string, timeoutSeconds: number): string {
    const query = new URLSearchParams({
      watch: '1',
      allowWatchBookmarks: 'true',
      resourceVersion,
      timeoutSeconds: String(timeoutSeconds),
    });
    return `${this.basePath}?${query}`;
  }

  /** A forbidden or vanished resource: what we showed of it is no longer known to be true. */
  private giveUpObjects(): void {
    this.synced = false;
    const changes = this.dropAll();
    if (changes.length > 0) this.options.sink.changes(changes, true);
  }

  /** LISTs every page; returns the list's resourceVersion. */
  private async list(signal: AbortSignal): Promise<string> {
    const { client, tuning, sink, log, info } = this.options;
    for (let restarts = 0; ; restarts += 1) {
      const seen = new Set<ObjectKey>();
      const invalid = new Set<ObjectKey>();
      let continueToken: string | undefined;
      let expired = false;
      do {
        const query = new URLSearchParams({ limit: String(tuning.pageSize) });
        if (continueToken !== undefined) query.set('continue', continueToken);
        let page: ListPage;
        try {
          page = (await client.get(`${this.basePath}?${query}`, {
            accept: info.metadataOnly ? LIST_METADATA_ACCEPT : undefined,
            signal,
          })) as ListPage;
        } catch (error) {
          // An expired continue token: the snapshot is gone, start over from the first page.
          if (continueToken !== undefined && isApiError(error, 410) && restarts < MAX_LIST_RESTARTS) {
            log('info', `${this.label}: ${error.message}; restarting the list`);
            expired = true;
            break;
          }
          throw error;
        }
        signal.throwIfAborted();
        const changes: Change[] = [];
        for (const raw of page.items ?? []) {
          if (typeof raw !== 'object' || raw === null) continue;
          this.ingest(raw as Record<string, unknown>, changes, seen, invalid);
        }
        continueToken = page.metadata?.continue || undefined;
        if (continueToken === undefined) {
          const resourceVersion = page.metadata?.resourceVersion;
          if (typeof resourceVersion !== 'string' || resourceVersion === '') {
            throw new Error(`LIST ${this.label} returned no resourceVersion`);
          }
          for (const key of this.known.keys()) {
            if (!seen.has(key)) {
              this.known.delete(key);
              changes.push({ type: 'delete', key });
            }
          }
          for (const key of this.invalidKeys) {
            if (!invalid.has(key)) {
              this.invalidKeys.delete(key);
              sink.invalid(key, undefined);
            }
          }
          sink.changes(changes, true);
          return resourceVersion;
        }
        sink.changes(changes, true);
      } while (continueToken !== undefined);
      if (!expired) throw new Error(`LIST ${this.label} ended without a last page`);
    }
  }

  private ingest(
    raw: Readonly<Record<string, unknown>>,
    changes: Change[],
    seen?: Set<ObjectKey>,
    invalid?: Set<ObjectKey>,
  ): void {
    const { info, version, sink, log } = this.options;
    const result = ingestObject(info, version, raw);
    if (result.ok) {
      seen?.add(result.key);
      if (this.known.get(result.key) !== result.resourceVersion) {
        this.known.set(result.key, result.resourceVersion);
        changes.push(result.change);
      }
      if (this.invalidKeys.delete(result.key)) sink.invalid(result.key, undefined);
      return;
    }
    log('warn', `${this.label}: skipping ${result.key ?? 'an object'}: ${result.message}`);
    if (result.key === undefined) return;
    invalid?.add(result.key);
    // What we showed before is no longer what the cluster holds.
    if (this.known.delete(result.key)) changes.push({ type: 'delete', key: result.key });
    this.invalidKeys.add(result.key);
    sink.invalid(result.key, result.message);
  }

  /** Applies one watch event; returns the resourceVersion it carries. */
  private apply(event: WatchEvent): string | undefined {
    const changes: Change[] = [];
    if (event.type === 'ADDED' || event.type === 'MODIFIED') {
      this.ingest(event.object, changes);
    } else if (event.type === 'DELETED') {
      const key = rawObjectKey(this.options.info, event.object);
      if (key !== undefined) {
        if (this.known.delete(key)) changes.push({ type: 'delete', key });
        if (this.invalidKeys.delete(key)) this.options.sink.invalid(key, undefined);
      }
    }
    if (changes.length > 0) this.options.sink.changes(changes, false);
    return resourceVersionOf(event.object);
  }
}

interface ListPage {
  readonly items?: readonly unknown[] | null;
  readonly metadata?: { readonly resourceVersion?: unknown; readonly continue?: string };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}

/**
 * Share links kept in the Kubernetes API, so that every replica of gatemap serves the same links
 * (in-cluster.md D22: Helm's record shape, Argo CD's hashing, Dex's concurrency and sweep).
 *
 * - One Secret per link in gatemap's namespace, type `gatemap.io/share-link.v1`, labelled
 *   `gatemap.io/record=share-link`; data: the token's SHA-256 (never the token), the link as JSON,
 *   and its uses as JSON (a count, the last use, and at most `USE_ROWS_PER_LINK` summary rows by
 *   kind and address). A few kilobytes, far below the 1 MiB limit (D21).
 * - Every replica lists and watches that label in the namespace and answers `verify`/`isActive`
 *   from what it holds, so requests cost no API call. A link created or revoked on one replica is
 *   seen by the others as soon as the watch delivers it (milliseconds). While the watch is broken
 *   for longer than `STALE_AFTER_MS` the store is not current: it refuses every token, ends
 *   streams, and reports not ready, rather than serve a link revoked elsewhere meanwhile.
 * - Writes carry the resourceVersion they read; a 409 (another replica wrote first) is re-read
 *   and retried. Revocation is a write (the record stays, marked revoked, for the admin's list),
 *   and once this store has seen a link revoked no later event makes it usable again.
 * - Uses are gathered in memory and merged into the record every `USE_FLUSH_MS`: counts add up
 *   across replicas; a replica that dies loses at most its last window of counts.
 * - Links expired for longer than `retentionMs` are deleted by a periodic sweep; replicas sweep
 *   independently and ignore each other's 404s.
 */
import { randomBytes } from 'node:crypto';
import { Backoff, jitter, sleep } from '../kube/backoff.ts';
import { isApiError, type KubeClient } from '../kube/kube-client.ts';
import { describeError, type Log } from '../kube/reflector.ts';
import {
  gatherUse,
  isUsable,
  mintToken,
  parseToken,
  secretMatches,
  USE_FLUSH_MS,
  type NewShareLink,
  type PendingUses,
  type ShareLink,
  type ShareLinkStore,
  type ShareLinkUse,
} from './share-link-store.ts';
import {
  base64,
  decodeRecord,
  EMPTY_USES,
  idOf,
  mergeUses,
  NAME_PREFIX,
  type SecretObject,
  type StoredLink,
  type StoredUses,
  type UseRow,
} from './share-link-record.ts';

export const SHARE_LINK_SECRET_TYPE = 'gatemap.io/share-link.v1';
const SHARE_LINK_LABEL = 'gatemap.io/record';
const SHARE_LINK_SELECTOR = `${SHARE_LINK_LABEL}=share-link`;
/** A broken watch for longer than this makes the store refuse links (the 2 s revocation promise). */
const STALE_AFTER_MS = 2000;
const WRITE_ATTEMPTS = 5;

export interface KubeShareStoreOptions {
  readonly client: KubeClient;
  /** gatemap's own namespace: where the records live (a namespaced Role grants access there). */
  readonly namespace: string;
  readonly log?: Log;
  readonly now?: () => number;
  /** How long an expired or revoked link stays listed before the sweep deletes it (default 7 days). */
  readonly retentionMs?: number;
  /** How often the sweep runs (default 1 hour). */
  readonly sweepMs?: number;
  /** A watch silent for this long is reopened (default 90 s; bookmarks come about once a minute). */
  readonly inactivityMs?: number;
}

interface Entry {
  readonly link: ShareLink;
  readonly tokenHash: string;
  readonly rows: readonly UseRow[];
}

export class KubeShareStore implements ShareLinkStore {
  private readonly client: KubeClient;
  private readonly namespace: string;
  private readonly log: Log;
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly sweepMs: number;
  private readonly inactivityMs: number;
  private readonly basePath: string;
  private readonly entries = new Map<string, Entry>();
  /** Links seen revoked: revocation only ever goes one way, whatever order events arrive in. */
  private readonly revoked = new Map<string, string>();
  private pending = new Map<string, PendingUses>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  /** A LIST has completed. */
  private listed = false;
  /** When the watch broke (undefined while it is open or being reopened after a clean end). */
  private brokenSince: number | undefined;
  private lastError: string | undefined;
  private readonly syncWaiters: (() => void)[] = [];
  private readonly revokedListeners: ((id: string) => void)[] = [];

  constructor(options: KubeShareStoreOptions) {
    this.client = options.client;
    this.namespace = options.namespace;
    this.log = options.log ?? (() => {});
    this.now = options.now ?? Date.now;
    this.retentionMs = options.retentionMs ?? 7 * 86_400_000;
    this.sweepMs = options.sweepMs ?? 3_600_000;
    this.inactivityMs = options.inactivityMs ?? 90_000;
    this.basePath = `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/secrets`;
  }

  /** Starts listing and watching the records; call once. */
  start(): void {
    this.running ??= Promise.all([this.watchRecords(), this.sweepLoop()]).then(() => undefined);
  }

  /** Resolves once the records have been listed (for callers that must not start before). */
  synced(): Promise<void> {
    if (this.listed) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Why the store is not current, for /readyz. */
  problem(): string | undefined {
    if (this.ready()) return undefined;
    return this.lastError ?? 'the share-link records are not listed yet';
  }

  ready(): boolean {
    return this.listed && (this.brokenSince === undefined || this.now() - this.brokenSince < STALE_AFTER_MS);
  }

  async create(input: NewShareLink): Promise<{ link: ShareLink; token: string }> {
    const createdAt = new Date(this.now()).toISOString();
    const stored: StoredLink = {
      label: input.label,
      ...(input.cluster === undefined ? {} : { cluster: input.cluster }),
      namespaces: [...input.namespaces],
      ...(input.routes ? { routes: [...input.routes] } : {}),
      createdAt,
      expiresAt: new Date(this.now() + input.expiresInMs).toISOString(),
      createdBy: input.createdBy,
    };
    for (let attempt = 1; ; attempt++) {
      // Lowercase hex: a record's name must be a DNS subdomain, and the id is part of it.
      const id = randomBytes(8).toString('hex');
      const { token, tokenHash } = mintToken(id);
      try {
        const created = await this.client.send(
          'POST',
          this.basePath,
          this.record(id, tokenHash, stored, EMPTY_USES),
          this.writeOptions(),
        );
        const entry = this.apply(created as SecretObject);
        if (!entry) throw new Error('the API server returned a share-link record that does not decode');
        return { link: entry.link, token };
      } catch (error) {
        // A random name that exists already: draw another.
        if (isApiError(error, 409) && attempt < WRITE_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  async get(id: string): Promise<ShareLink | undefined> {
    await this.flushUses();
    return this.entries.get(id)?.link;
  }

  async list(): Promise<ShareLink[]> {
    await this.flushUses();
    return [...this.entries.values()]
      .map((entry) => entry.link)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  verify(token: string): ShareLink | undefined {
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    const entry = this.entries.get(parsed.id);
    if (!secretMatches(parsed.secret, entry?.tokenHash) || !entry) return undefined;
    return this.ready() && isUsable(entry.link, this.now()) ? entry.link : undefined;
  }

  isActive(id: string): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && this.ready() && isUsable(entry.link, this.now());
  }

  async revoke(id: string): Promise<ShareLink | undefined> {
    const at = new Date(this.now()).toISOString();
    const updated = await this.update(id, (link, uses) =>
      link.revokedAt === undefined ? { link: { ...link, revokedAt: at }, uses } : undefined,
    );
    if (updated === 'missing') return undefined;
    return this.entries.get(id)?.link;
  }

  recordUse(id: string, what: string, remote?: string): void {
    gatherUse(this.pending, { id, what, remote: remote ?? '', at: new Date(this.now()).toISOString() });
    this.flushTimer ??= setTimeout(() => void this.flushUses(), USE_FLUSH_MS).unref();
  }

  async uses(id: string): Promise<ShareLinkUse[]> {
    await this.flushUses();
    return (this.entries.get(id)?.rows ?? []).map((row) => ({
      at: row.lastAt,
      firstAt: row.firstAt,
      count: row.count,
      what: row.what,
      ...(row.remote ? { remote: row.remote } : {}),
    }));
  }

  /**
   * Merges the uses gathered since the last write into each link's record. Flushes run one after
   * another; a failed one is logged and its counts dropped (uses are kept coarsely, links never).
   */
  flushUses(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const pending = this.pending;
    this.pending = new Map();
    this.flushing = this.flushing.then(async () => {
      for (const [id, byUse] of pending) {
        try {
          await this.update(id, (link, uses) => ({ link, uses: mergeUses(uses, [...byUse.values()]) }));
        } catch (error) {
          this.log('warn', `share link ${id}: could not record its uses: ${describeError(error)}`);
        }
      }
    });
    return this.flushing;
  }

  onRevoked(listener: (id: string) => void): void {
    this.revokedListeners.push(listener);
  }

  async close(): Promise<void> {
    await this.flushUses();
    this.controller.abort();
    await this.running;
  }

  /**
   * Reads a record, changes it and writes it back with the resourceVersion it read; on 409
   * (another replica wrote in between) reads again. `change` returns undefined for no write.
   */
  private async update(
    id: string,
    change: (link: StoredLink, uses: StoredUses) => { link: StoredLink; uses: StoredUses } | undefined,
  ): Promise<'missing' | 'done'> {
    const path = `${this.basePath}/${NAME_PREFIX}${id}`;
    for (let attempt = 1; ; attempt++) {
      let current: SecretObject;
      try {
        current = (await this.client.get(path, { signal: this.controller.signal })) as SecretObject;
      } catch (error) {
        if (isApiError(error, 404)) return 'missing';
        throw error;
      }
      const decoded = decodeRecord(current);
      if (!decoded) return 'missing';
      const changed = change(decoded.stored, decoded.uses);
      if (!changed) {
        this.apply(current);
        return 'done';
      }
      try {
        const record = this.record(id, decoded.tokenHash, changed.link, changed.uses);
        const written = await this.client.send(
          'PUT',
          path,
          { ...record, metadata: { ...record.metadata, resourceVersion: current.metadata.resourceVersion } },
          this.writeOptions(),
        );
        this.apply(written as SecretObject);
        return 'done';
      } catch (error) {
        if (isApiError(error, 409) && attempt < WRITE_ATTEMPTS) continue;
        if (isApiError(error, 404)) return 'missing';
        throw error;
      }
    }
  }

  private record(id: string, tokenHash: string, link: StoredLink, uses: StoredUses) {
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      type: SHARE_LINK_SECRET_TYPE,
      metadata: {
        name: `${NAME_PREFIX}${id}`,
        namespace: this.namespace,
        labels: { [SHARE_LINK_LABEL]: 'share-link', 'app.kubernetes.io/managed-by': 'gatemap' },
        // Readable without decoding the data, e.g. by `kubectl get secrets -L` or a cleanup job.
        annotations: { 'gatemap.io/expires-at': link.expiresAt },
      },
      data: {
        'token-sha256': base64(tokenHash),
        link: base64(JSON.stringify(link)),
        uses: base64(JSON.stringify(uses)),
      },
    };
  }

  private writeOptions() {
    return { signal: this.controller.signal, timeoutMs: 15_000 };
  }

  /** Takes a record into the cache; undefined when it does not decode. */
  private apply(object: SecretObject): Entry | undefined {
    const decoded = decodeRecord(object);
    if (!decoded) {
      this.log('warn', `share-link record ${object.metadata.name} does not decode; it is ignored`);
      return undefined;
    }
    const seenRevoked = this.revoked.get(decoded.id);
    let stored = decoded.stored;
    if (stored.revokedAt !== undefined) this.revoked.set(decoded.id, stored.revokedAt);
    else if (seenRevoked !== undefined) stored = { ...stored, revokedAt: seenRevoked };
    const newlyRevoked =
      seenRevoked === undefined && stored.revokedAt !== undefined && this.entries.has(decoded.id);
    const entry: Entry = {
      link: {
        id: decoded.id,
        ...stored,
        uses: decoded.uses.count,
        ...(decoded.uses.lastUsedAt === undefined ? {} : { lastUsedAt: decoded.uses.lastUsedAt }),
      },
      tokenHash: decoded.tokenHash,
      rows: decoded.uses.rows,
    };
    this.entries.set(decoded.id, entry);
    if (newlyRevoked) for (const listener of this.revokedListeners) listener(decoded.id);
    return entry;
  }

  private remove(object: SecretObject): void {
    const id = idOf(object.metadata.name);
    if (id === undefined) return;
    const known = this.entries.delete(id);
    this.revoked.delete(id);
    if (known) for (const listener of this.revokedListeners) listener(id);
  }

  /** List, then watch from the list's resourceVersion; relist on 410; back off on errors; forever. */
  private async watchRecords(): Promise<void> {
    const signal = this.controller.signal;
    const backoff = new Backoff();
    const selector = encodeURIComponent(SHARE_LINK_SELECTOR);
    let resourceVersion: string | undefined;
    while (!signal.aborted) {
      try {
        if (resourceVersion === undefined) {
          const list = (await this.client.get(`${this.basePath}?labelSelector=${selector}`, { signal })) as {
            metadata?: { resourceVersion?: string };
            items?: SecretObject[];
          };
          const seen = new Set<string>();
          for (const item of list.items ?? []) {
            const entry = this.apply(item);
            if (entry) seen.add(entry.link.id);
          }
          for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.entries.delete(id);
          resourceVersion = list.metadata?.resourceVersion;
          this.markCurrent();
          this.listed = true;
          for (const resolve of this.syncWaiters.splice(0)) resolve();
        }
        const timeoutSeconds = 240 + Math.floor(Math.random() * 120);
        await this.client.watch(
          `${this.basePath}?watch=1&allowWatchBookmarks=true&labelSelector=${selector}&timeoutSeconds=${timeoutSeconds}${resourceVersion ? `&resourceVersion=${encodeURIComponent(resourceVersion)}` : ''}`,
          {
            signal,
            inactivityMs: this.inactivityMs,
            onOpen: () => {
              this.markCurrent();
              backoff.reset();
            },
            onEvent: (event) => {
              const object = event.object as unknown as SecretObject;
              resourceVersion = object.metadata.resourceVersion ?? resourceVersion;
              if (event.type === 'ADDED' || event.type === 'MODIFIED') this.apply(object);
              else if (event.type === 'DELETED') this.remove(object);
            },
          },
        );
        // The server ended the watch at timeoutSeconds: reopen it from where it stopped.
      } catch (error) {
        if (signal.aborted) return;
        if (isApiError(error, 410)) {
          resourceVersion = undefined;
          continue;
        }
        this.brokenSince ??= this.now();
        this.lastError = `share-link records in namespace ${this.namespace}: ${describeError(error)}`;
        this.log('warn', `${this.lastError}; retrying`);
        await sleep(backoff.next(), signal);
      }
    }
  }

  private markCurrent(): void {
    if (this.brokenSince !== undefined)
      this.log('info', `share-link records in namespace ${this.namespace}: watching again`);
    this.brokenSince = undefined;
    this.lastError = undefined;
  }

  /** Deletes records expired for longer than the retention; peers' deletions (404) are fine. */
  private async sweepLoop(): Promise<void> {
    const signal = this.controller.signal;
    while (!signal.aborted) {
      await sleep(jitter(this.sweepMs), signal);
      if (signal.aborted) return;
      const cutoff = this.now() - this.retentionMs;
      for (const entry of [...this.entries.values()]) {
        const ended = Math.min(
          Date.parse(entry.link.expiresAt),
          entry.link.revokedAt === undefined ? Infinity : Date.parse(entry.link.revokedAt),
        );
        if (ended > cutoff) continue;
        try {
          await this.client.send('DELETE', `${this.basePath}/${NAME_PREFIX}${entry.link.id}`, undefined, {
            signal,
          });
        } catch (error) {
          if (!isApiError(error, 404))
            this.log('warn', `share link ${entry.link.id}: could not delete it: ${describeError(error)}`);
        }
      }
    }
  }
}

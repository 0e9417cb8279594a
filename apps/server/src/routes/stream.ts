/**
 * GET /api/stream: Server-Sent Events. A snapshot first (or, for a client resuming with
 * Last-Event-ID, only the deltas it missed while the server still holds them), then deltas as
 * they happen, cluster status changes, and heartbeats. A client that cannot keep up is never
 * buffered without limit: once its unsent bytes pass the limit it gets no more deltas, and a fresh
 * snapshot when its connection drains.
 *
 * Under a share link the stream carries only what the link may see: its own snapshot, then deltas
 * computed against what this client was sent; it ends (event `revoked`) as soon as the link is
 * revoked or expires.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { HubEvent } from '../topology-hub.ts';
import { scopeOf, shareCluster } from './api.ts';

export interface StreamOptions {
  /** Unsent bytes a client may accumulate before it is dropped to a snapshot. */
  readonly maxBufferedBytes?: number;
  readonly heartbeatMs?: number;
  /** How often an open share stream re-checks its link. */
  readonly shareCheckMs?: number;
}

const stream: FastifyPluginAsync<StreamOptions> = async (fastify, options) => {
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const shareCheckMs = options.shareCheckMs ?? 1_000;
  const closers = new Set<() => void>();

  fastify.get('/api/stream', { config: { access: 'viewer' } }, async (request, reply) => {
    const hub = fastify.hub;
    const principal = request.principal!;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.write('retry: 2000\n\n');

    // What to send: everything for the admin, as the hub frames it once for all; for a share link,
    // its own feed.
    let initial: () => string;
    let onEvent: (event: HubEvent) => string | undefined;
    let stopShare = () => {};
    if (principal.role === 'share') {
      const feed = hub.sharedFeed(shareCluster(hub, principal), scopeOf(principal));
      initial = () => feed.snapshot();
      onEvent = (event) => feed.frameFor(event);
      fastify.shareStore.recordUse(principal.link.id, 'stream', request.ip);
      const end = () => {
        res.write('event: revoked\ndata: {"message":"This share link was revoked or has expired."}\n\n');
        shutdown();
      };
      const unregister = fastify.shareStreams.add(principal.link.id, end);
      const expiry = setTimeout(
        end,
        Math.max(0, Math.min(Date.parse(principal.link.expiresAt) - Date.now(), 2 ** 31 - 1)),
      );
      const check = setInterval(() => {
        if (!fastify.shareStore.isActive(principal.link.id)) end();
      }, shareCheckMs);
      stopShare = () => {
        unregister();
        clearTimeout(expiry);
        clearInterval(check);
      };
    } else {
      initial = () => {
        const snapshot = hub.snapshot();
        return `id: ${hub.boot}.${snapshot.revision}\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
      };
      onEvent = (event) => event.frame;
      const header = request.headers['last-event-id'];
      const lastId = typeof header === 'string' ? hub.revisionOf(header) : undefined;
      const missed = lastId === undefined ? undefined : hub.since(lastId);
      if (missed) {
        const replay = missed.map((event) => event.frame);
        initial = () => replay.join('');
      }
    }

    // The bound is on what piles up behind the last snapshot: a large cluster's snapshot alone may
    // exceed it, and must not make every following delta look like a slow client.
    let limit = 0;
    const writeSnapshot = (frame: string) => {
      limit = maxBuffered + res.writableLength + frame.length;
      res.write(frame);
    };
    writeSnapshot(initial());
    let lagging = false;
    const unsubscribe = hub.subscribe((event) => {
      if (lagging) return;
      if (res.writableLength > limit) {
        lagging = true;
        hub.streamResets++;
        res.once('drain', () => {
          lagging = false;
          if (principal.role === 'admin') {
            initial = () => {
              const snapshot = hub.snapshot();
              return `id: ${hub.boot}.${snapshot.revision}\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
            };
          }
          writeSnapshot(initial());
        });
        return;
      }
      const frame = onEvent(event);
      if (frame) res.write(frame);
    });
    const heartbeat = setInterval(() => {
      if (!lagging) res.write(': ping\n\n');
    }, heartbeatMs);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      stopShare();
    };
    const shutdown = () => {
      close();
      res.end();
    };
    closers.add(shutdown);
    request.raw.on('close', close);
    res.on('close', () => {
      close();
      closers.delete(shutdown);
    });
    return reply;
  });
  fastify.addHook('onClose', async () => {
    for (const shutdown of [...closers]) shutdown();
  });
};

export default stream;

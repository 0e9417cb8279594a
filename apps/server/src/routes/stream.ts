/**
 * GET /api/stream: Server-Sent Events. A snapshot first (or, for a client resuming with
 * Last-Event-ID, only the deltas it missed while the server still holds them), then deltas as
 * they happen, cluster status changes, and heartbeats. A client that cannot keep up is never
 * buffered without limit: once its unsent bytes pass the limit it gets no more deltas, and a fresh
 * snapshot when its connection drains; all streams together stay within one budget, and each
 * credential and address may open only so many (see stream-budget.ts).
 *
 * A client that has just fetched `GET /api/topology` opens the stream with `?since=<eventId>` of
 * that response: EventSource cannot send Last-Event-ID on its first connection, and the parameter
 * means the same (the header, sent on the browser's reconnections, wins). It is sent what followed
 * the snapshot it holds, not the whole snapshot again.
 *
 * Under a share link the stream carries only what the link may see: its own snapshot, then deltas
 * computed against what this client was sent; it ends (event `revoked`) as soon as the link is
 * revoked or expires.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { STREAM_HEARTBEAT, streamFrame, streamRetryFrame } from '@gatemap/topology';
import { BudgetedStream, type StreamBudget } from '../stream-budget.ts';

export interface StreamOptions {
  /** The memory all streams may hold together, and the streams per credential and address. */
  readonly budget: StreamBudget;
  readonly heartbeatMs?: number;
  /** How often an open share stream re-checks its link. */
  readonly shareCheckMs?: number;
  /** How long an ended stream's client may take to read what is queued before its socket is closed. */
  readonly endGraceMs?: number;
}

const EVENT_ID = '^[a-z0-9]+\\.[0-9]+$';

const stream: FastifyPluginAsyncTypebox<StreamOptions> = async (fastify, options) => {
  const budget = options.budget;
  const maxBuffered = budget.limits.clientBytes;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const shareCheckMs = options.shareCheckMs ?? 1_000;
  const endGraceMs = options.endGraceMs ?? 2_000;
  const closers = new Set<() => void>();
  // The budget is checked once per published change, after every stream has written it.
  let enforcing = false;
  const unsubscribeBudget = fastify.hub.subscribe(() => {
    if (enforcing) return;
    enforcing = true;
    setImmediate(() => {
      enforcing = false;
      budget.enforce();
    });
  });

  fastify.get(
    '/api/stream',
    {
      config: { access: 'viewer' },
      schema: {
        // An event id of this server's stream: `<boot>.<revision>` (see topology-hub.ts).
        querystring: Type.Object({ since: Type.Optional(Type.String({ pattern: EVENT_ID, maxLength: 64 })) }),
      },
    },
    async (request, reply) => {
      const hub = fastify.hub;
      const principal = request.principal!;
      const credential =
        principal.role === 'admin' ? `admin:${principal.user}` : `share:${principal.link.id}`;
      budget.enforce();
      const refusal = budget.check(credential, request.ip);
      if (refusal)
        return reply
          .code(429)
          .header('retry-after', '10')
          .send({ statusCode: 429, error: 'Too Many Requests', message: `no more streams: ${refusal}` });
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      res.write(streamRetryFrame(2000));
      const stream = new BudgetedStream(res, credential, request.ip, () => res.destroy());
      const releaseBudget = budget.add(stream);

      // What to send: everything for the admin, as the hub frames it once for all; for a share link,
      // its own feed. The bound on a slow client is on what piles up behind its last snapshot: a large
      // cluster's snapshot alone may exceed it, and must not make every following delta look slow.
      const lastEventId = request.headers['last-event-id'];
      const resumeFrom =
        typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : request.query.since;
      const feed =
        principal.role === 'share' ? hub.sharedFeed(principal.link, resumeFrom) : hub.adminFeed(resumeFrom);
      const writeSnapshot = () => {
        const snapshot = feed.snapshot();
        // The admin's snapshot is one Buffer shared by every stream sent it.
        if (snapshot.shared) stream.writeShared(snapshot.frame);
        else stream.writeSnapshot(snapshot.frame);
      };
      let stopShare = () => {};
      if (principal.role === 'share') {
        fastify.shareStore.recordUse(principal.link.id, 'stream', request.ip);
        const end = () => {
          res.write(
            streamFrame({
              event: 'revoked',
              data: { message: 'This share link was revoked or has expired.' },
            }),
          );
          shutdown();
        };
        const unregister = fastify.shareStreams.add(principal.link.id, end);
        const expiry = setTimeout(
          end,
          Math.max(0, Math.min(Date.parse(principal.link.expiresAt) - Date.now(), 2 ** 31 - 1)),
        );
        const check = setInterval(() => {
          if (fastify.shareStore.isActive(principal.link.id)) return;
          // Cut off from the link store, this server cannot tell: it closes without a verdict, and
          // the client's reconnection is answered once the store is back (or by another replica).
          if (!fastify.shareStore.ready()) shutdown();
          else end();
        }, shareCheckMs);
        stopShare = () => {
          unregister();
          clearTimeout(expiry);
          clearInterval(check);
        };
      }

      if (feed.resumed) stream.writeSnapshot(feed.resumed);
      else writeSnapshot();
      let lagging = false;
      const unsubscribe = hub.subscribe((event) => {
        if (lagging) return;
        if (stream.backlogSinceSnapshot() > maxBuffered) {
          lagging = true;
          hub.streamResets++;
          res.once('drain', () => {
            lagging = false;
            writeSnapshot();
          });
          return;
        }
        const frame = feed.frameFor(event);
        if (frame) stream.write(frame);
      });
      const heartbeat = setInterval(() => {
        if (!lagging) stream.write(STREAM_HEARTBEAT);
      }, heartbeatMs);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        stopShare();
      };
      // Ending a stream (revocation, expiry, shutdown) does not free what is queued for a client
      // that reads nothing: the stream stays in the budget until its socket closes, and the socket
      // is closed if the client has not read the rest soon.
      const shutdown = () => {
        close();
        res.end();
        if (!res.writableFinished) setTimeout(() => res.destroy(), endGraceMs).unref();
      };
      closers.add(shutdown);
      request.raw.on('close', close);
      res.on('close', () => {
        close();
        releaseBudget();
        closers.delete(shutdown);
      });
      return reply;
    },
  );
  fastify.addHook('onClose', async () => {
    unsubscribeBudget();
    for (const shutdown of [...closers]) shutdown();
  });
};

export default stream;

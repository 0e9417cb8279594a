/**
 * GET /api/stream: Server-Sent Events. A snapshot first (or, for a client resuming with
 * Last-Event-ID, only the deltas it missed while the server still holds them), then deltas as
 * they happen, cluster status changes, and heartbeats. A client that cannot keep up is never
 * buffered without limit: once its unsent bytes pass the limit it gets no more deltas, and a fresh
 * snapshot when its connection drains.
 */
import type { FastifyPluginAsync } from 'fastify';

export interface StreamOptions {
  /** Unsent bytes a client may accumulate before it is dropped to a snapshot. */
  readonly maxBufferedBytes?: number;
  readonly heartbeatMs?: number;
}

const stream: FastifyPluginAsync<StreamOptions> = async (fastify, options) => {
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const closers = new Set<() => void>();
  fastify.get('/api/stream', async (request, reply) => {
    const hub = fastify.hub;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const snapshotFrame = () => {
      const snapshot = hub.snapshot();
      return `id: ${snapshot.revision}\nevent: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
    };
    const header = request.headers['last-event-id'];
    const lastId = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
    const missed = lastId === undefined ? undefined : hub.since(lastId);
    if (missed) for (const event of missed) res.write(event.frame);
    else res.write(snapshotFrame());

    let lagging = false;
    const unsubscribe = hub.subscribe((event) => {
      if (lagging) return;
      if (res.writableLength > maxBuffered) {
        lagging = true;
        hub.streamResets++;
        res.once('drain', () => {
          lagging = false;
          res.write(snapshotFrame());
        });
        return;
      }
      res.write(event.frame);
    });
    const heartbeat = setInterval(() => {
      if (!lagging) res.write(': ping\n\n');
    }, heartbeatMs);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    request.raw.on('close', close);
    res.on('close', close);
    const shutdown = () => {
      close();
      res.end();
    };
    closers.add(shutdown);
    res.on('close', () => closers.delete(shutdown));
    return reply;
  });
  fastify.addHook('onClose', async () => {
    for (const closeStream of closers) closeStream();
  });
};

export default stream;

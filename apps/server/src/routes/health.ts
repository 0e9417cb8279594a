/**
 * /healthz (the process is up), /readyz (every cluster finished its first sync, and the share-link
 * store is current) and /metrics (Prometheus text format).
 */
import { getHeapSpaceStatistics } from 'node:v8';
import type { FastifyPluginAsync } from 'fastify';
import type { StreamBudget } from '../stream-budget.ts';

const health: FastifyPluginAsync<{ readonly budget: StreamBudget }> = async (fastify, options) => {
  fastify.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));

  fastify.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    const hub = fastify.hub;
    const clusters = hub.statuses().map((cluster) => ({ name: cluster.name, state: cluster.state }));
    // A replica that cannot reach its share-link store leaves the Service's endpoints rather
    // than serve links that may have been revoked through another replica.
    const shareLinks = fastify.shareStore.ready() ? 'ready' : 'unavailable';
    if (hub.ready() && shareLinks === 'ready') return { status: 'ready', clusters, shareLinks };
    return reply
      .code(503)
      .send({ status: hub.ready() ? 'share-links-unavailable' : 'syncing', clusters, shareLinks });
  });

  fastify.get('/metrics', { config: { access: 'admin' } }, async (_request, reply) => {
    const hub = fastify.hub;
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    const stats = hub.stats();
    metric('gatemap_objects', 'gauge', 'Objects held, by cluster and kind.');
    for (const cluster of stats)
      for (const [kind, count] of cluster.objects)
        lines.push(`gatemap_objects{cluster="${label(cluster.name)}",kind="${kind}"} ${count}`);
    metric(
      'gatemap_index_entries',
      'gauge',
      'Entries of the analysis and graph indexes, by cluster and index (growth without more objects is a leak).',
    );
    for (const cluster of stats)
      for (const [index, count] of cluster.indexes)
        lines.push(`gatemap_index_entries{cluster="${label(cluster.name)}",index="${index}"} ${count}`);
    metric('gatemap_watch_events_total', 'counter', 'Object changes received from sources, by cluster.');
    for (const cluster of stats)
      lines.push(`gatemap_watch_events_total{cluster="${label(cluster.name)}"} ${cluster.events}`);
    metric(
      'gatemap_last_event_age_seconds',
      'gauge',
      'Seconds since the last change from each cluster (sync lag indicator).',
    );
    for (const cluster of stats)
      if (cluster.lastEventAt !== undefined)
        lines.push(
          `gatemap_last_event_age_seconds{cluster="${label(cluster.name)}"} ${((Date.now() - cluster.lastEventAt) / 1000).toFixed(3)}`,
        );
    metric(
      'gatemap_kind_synced',
      'gauge',
      '1 when a kind of a cluster is synced, 0 otherwise; state label gives the sync state.',
    );
    for (const cluster of hub.statuses()) {
      for (const kind of cluster.kinds)
        lines.push(
          `gatemap_kind_synced{cluster="${label(cluster.name)}",kind="${kind.kind}",state="${kind.state}"} ${kind.state === 'synced' ? 1 : 0}`,
        );
    }
    metric('gatemap_cluster_ready', 'gauge', '1 once a cluster finished its first sync.');
    for (const cluster of hub.statuses())
      lines.push(
        `gatemap_cluster_ready{cluster="${label(cluster.name)}"} ${cluster.state === 'synced' || cluster.state === 'reconnecting' ? 1 : 0}`,
      );
    metric('gatemap_stream_clients', 'gauge', 'Open /api/stream connections.');
    lines.push(`gatemap_stream_clients ${options.budget.size}`);
    metric('gatemap_stream_resets_total', 'counter', 'Slow stream clients dropped to a fresh snapshot.');
    lines.push(`gatemap_stream_resets_total ${hub.streamResets}`);
    metric(
      'gatemap_stream_buffered_bytes',
      'gauge',
      'Unsent stream bytes held for all clients together (a snapshot shared by several counted once).',
    );
    lines.push(`gatemap_stream_buffered_bytes ${options.budget.bufferedBytes()}`);
    metric(
      'gatemap_stream_budget_bytes',
      'gauge',
      'The most unsent stream bytes all clients may hold together.',
    );
    lines.push(`gatemap_stream_budget_bytes ${options.budget.limits.totalBytes}`);
    metric(
      'gatemap_stream_reclaimed_total',
      'counter',
      'Streams closed because all streams together held more than the budget.',
    );
    lines.push(`gatemap_stream_reclaimed_total ${options.budget.reclaimed}`);
    metric('gatemap_revision', 'gauge', 'Current topology revision (deltas published).');
    lines.push(`gatemap_revision ${hub.revision}`);
    metric('gatemap_apply_seconds', 'summary', 'Time spent analyzing change batches.');
    lines.push(
      `gatemap_apply_seconds_sum ${hub.applyStats.seconds.toFixed(6)}`,
      `gatemap_apply_seconds_count ${hub.applyStats.batches}`,
    );
    const history = hub.history;
    if (history) {
      metric(
        'gatemap_history_entries_total',
        'counter',
        'History entries written (object and verdict changes).',
      );
      lines.push(`gatemap_history_entries_total ${history.stats.entries}`);
      metric('gatemap_history_record_seconds_total', 'counter', 'Time spent recording history.');
      lines.push(`gatemap_history_record_seconds_total ${(history.stats.recordMs / 1000).toFixed(6)}`);
      metric('gatemap_history_write_seconds_total', 'counter', 'Time spent writing history to its database.');
      lines.push(`gatemap_history_write_seconds_total ${(history.stats.writeMs / 1000).toFixed(6)}`);
      metric(
        'gatemap_history_bytes',
        'gauge',
        'Bytes of history database pages in use (bounded by --history-max-size).',
      );
      lines.push(`gatemap_history_bytes ${history.store.usedBytes()}`);
    }
    const memory = process.memoryUsage();
    metric('gatemap_process_resident_memory_bytes', 'gauge', 'Resident set size.');
    lines.push(`gatemap_process_resident_memory_bytes ${memory.rss}`);
    metric('gatemap_process_heap_used_bytes', 'gauge', 'V8 heap in use.');
    lines.push(`gatemap_process_heap_used_bytes ${memory.heapUsed}`);
    metric('gatemap_process_heap_total_bytes', 'gauge', 'V8 heap reserved (used, free and fragmented).');
    lines.push(`gatemap_process_heap_total_bytes ${memory.heapTotal}`);
    metric(
      'gatemap_process_external_memory_bytes',
      'gauge',
      'Memory outside the V8 heap held by JavaScript objects (Buffers, ArrayBuffers included).',
    );
    lines.push(`gatemap_process_external_memory_bytes ${memory.external}`);
    metric('gatemap_process_array_buffers_bytes', 'gauge', 'Memory of Buffers and ArrayBuffers.');
    lines.push(`gatemap_process_array_buffers_bytes ${memory.arrayBuffers}`);
    const spaces = getHeapSpaceStatistics();
    metric('gatemap_process_heap_space_size_bytes', 'gauge', 'V8 heap reserved, by space.');
    for (const space of spaces)
      lines.push(`gatemap_process_heap_space_size_bytes{space="${space.space_name}"} ${space.space_size}`);
    metric('gatemap_process_heap_space_used_bytes', 'gauge', 'V8 heap in use, by space.');
    for (const space of spaces)
      lines.push(
        `gatemap_process_heap_space_used_bytes{space="${space.space_name}"} ${space.space_used_size}`,
      );
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return `${lines.join('\n')}\n`;
  });
};

export default health;

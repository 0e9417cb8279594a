/**
 * GET /api/history: a cluster's history, or one object's, newest first, in pages (see
 * history.ts in the core). Under a share link only what it may see, scoped (share-history.ts):
 * a page may then hold fewer than `limit` entries, and `next` still fetches the older ones.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { canSeeHistoryOf, scopeHistory, type HistoryPage } from '@gatemap/topology';
import { readCluster, readObjectKey, readTime } from '../history/history-params.ts';

const NAME = '^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$';

const history: FastifyPluginAsyncTypebox = async (fastify) => {
  const hub = fastify.hub;

  fastify.get(
    '/api/history',
    {
      config: { access: 'viewer' },
      schema: {
        querystring: Type.Object(
          {
            cluster: Type.Optional(Type.String({ pattern: NAME, maxLength: 253 })),
            object: Type.Optional(Type.String({ minLength: 1, maxLength: 700 })),
            since: Type.Optional(Type.String({ maxLength: 64 })),
            until: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
            problems: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const query = request.query;
      const principal = request.principal!;
      const link = principal.role === 'share' ? principal.link : undefined;
      const fail = (status: 400 | 404, message: string) =>
        reply
          .code(status)
          .send({ statusCode: status, error: status === 400 ? 'Bad Request' : 'Not Found', message });
      const service = hub.history;
      if (!service) return fail(404, 'history is not kept by this server (started with --no-history)');
      const cluster = readCluster(hub, query.cluster, link);
      if (!cluster.ok) return fail(cluster.status, cluster.message);
      const key = readObjectKey(query.object);
      if (!key.ok) return fail(key.status, key.message);
      const since = readTime('since', query.since);
      if (!since.ok) return fail(since.status, since.message);
      const until = readTime('until', query.until);
      if (!until.ok) return fail(until.status, until.message);
      const view = link ? hub.sharedView(link) : undefined;
      if (link && (!view || (key.value !== undefined && !canSeeHistoryOf(view, key.value))))
        return { entries: [] } satisfies HistoryPage;
      const page = service.page({
        cluster: cluster.value,
        limit: query.limit ?? 100,
        ...(key.value === undefined ? {} : { key: key.value }),
        ...(since.value === undefined ? {} : { since: since.value }),
        ...(until.value === undefined ? {} : { until: until.value }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
        ...(query.problems ? { problems: true } : {}),
      });
      if (!link || !view) return page;
      fastify.shareStore.recordUse(link.id, 'api', request.ip);
      return { ...page, entries: scopeHistory(page.entries, view) } satisfies HistoryPage;
    },
  );
};

export default history;

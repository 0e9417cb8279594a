/**
 * REST: clusters and their sync state, the whole topology, and one object in detail. Under a
 * share link every response is cut down to what the link may see (see share-scope.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { toObjectKey, viewOfObjects } from '@gatemap/topology';
import { readCluster, readTime } from '../history/history-params.ts';
import { objectDetails } from '../object-details.ts';

const NAME = '^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$';
const KIND = '^[A-Za-z][A-Za-z0-9]{0,62}(\\.[a-z0-9.-]{1,253})?$';

const api: FastifyPluginAsyncTypebox = async (fastify) => {
  const hub = fastify.hub;

  fastify.get(
    '/api/clusters',
    { config: { access: 'viewer' }, schema: { querystring: Type.Object({}) } },
    async (request) => {
      const principal = request.principal!;
      if (principal.role === 'share') {
        const status = hub.sharedStatus(principal.link);
        return { clusters: status ? [status] : [] };
      }
      return { clusters: hub.statuses() };
    },
  );

  fastify.get(
    '/api/topology',
    {
      config: { access: 'viewer' },
      schema: {
        querystring: Type.Object({
          // The map as it was at this moment (ISO 8601), of one cluster (default: the first).
          at: Type.Optional(Type.String({ maxLength: 64 })),
          cluster: Type.Optional(Type.String({ pattern: NAME, maxLength: 253 })),
        }),
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const link = principal.role === 'share' ? principal.link : undefined;
      if (request.query.at !== undefined || request.query.cluster !== undefined) {
        const fail = (status: 400 | 404, message: string) =>
          reply
            .code(status)
            .send({ statusCode: status, error: status === 400 ? 'Bad Request' : 'Not Found', message });
        const cluster = readCluster(hub, request.query.cluster, link);
        if (!cluster.ok) return fail(cluster.status, cluster.message);
        const at = readTime('at', request.query.at);
        if (!at.ok) return fail(at.status, at.message);
        if (at.value === undefined)
          return fail(400, 'cluster is taken only together with at (the map as it was)');
        if (!hub.history)
          return fail(404, 'at: history is not kept by this server (started with --no-history)');
        const objects = hub.history.objectsAt(cluster.value, at.value);
        if (!Array.isArray(objects))
          return fail(
            404,
            objects.horizon === undefined
              ? `at: the history of cluster "${cluster.value}" starts when its first sync is done`
              : `at: ${at.value} is before the oldest moment kept, ${objects.horizon}`,
          );
        const { view } = viewOfObjects(objects, hub.engineOf(cluster.value)?.options);
        const topology = hub.topologyOf(cluster.value, view, link);
        if (!topology) return fail(404, `cluster: no cluster named "${cluster.value}"`);
        if (link) fastify.shareStore.recordUse(link.id, 'api', request.ip);
        return { ...topology, asOf: at.value };
      }
      if (principal.role === 'share') {
        const shared = hub.sharedView(principal.link);
        const eventId = hub.eventId(hub.revision);
        if (!shared)
          return { revision: hub.revision, eventId, clusters: [], nodes: [], edges: [], findings: [] };
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
        return { ...shared.topology, eventId };
      }
      const snapshot = hub.snapshot();
      return { ...snapshot, eventId: hub.eventId(snapshot.revision) };
    },
  );

  fastify.get(
    '/api/objects/:cluster/:kind/:namespace/:name',
    {
      config: { access: 'viewer' },
      schema: {
        params: Type.Object({
          cluster: Type.String({ pattern: NAME, maxLength: 253 }),
          kind: Type.String({ pattern: KIND, maxLength: 317 }),
          namespace: Type.String({ pattern: `(${NAME})|^_$`, maxLength: 63 }),
          name: Type.String({ pattern: NAME, maxLength: 253 }),
        }),
      },
    },
    async (request, reply) => {
      const { cluster, kind, namespace, name } = request.params;
      const principal = request.principal!;
      const notFound = () =>
        reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `${kind} ${namespace === '_' ? '' : `${namespace}/`}${name} is not in cluster "${cluster}"${principal.role === 'share' ? ' or not shared with you' : ''}`,
        });
      // `_` stands for no namespace: the kind is cluster-scoped.
      const key = toObjectKey(namespace === '_' ? `${kind}/${name}` : `${kind}/${namespace}/${name}`);
      const details = key
        ? objectDetails(hub, {
            cluster,
            key,
            ...(principal.role === 'share' ? { link: principal.link } : {}),
          })
        : undefined;
      if (details === 'no-cluster')
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `no cluster named "${cluster}"; clusters: ${hub.clusterNames().join(', ')}`,
        });
      if (!details) return notFound();
      if (principal.role === 'share') fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
      return details;
    },
  );
};

export default api;

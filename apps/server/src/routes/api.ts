/**
 * REST: clusters and their sync state, the whole topology, and one object in detail. Under a
 * share link every response is cut down to what the link may see (see share-scope.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { toObjectKey } from '@gatemap/topology';
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
    { config: { access: 'viewer' }, schema: { querystring: Type.Object({}) } },
    async (request) => {
      const principal = request.principal!;
      if (principal.role === 'share') {
        const shared = hub.sharedView(principal.link);
        if (!shared) return { revision: hub.revision, clusters: [], nodes: [], edges: [], findings: [] };
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
        return shared.topology;
      }
      return hub.snapshot();
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

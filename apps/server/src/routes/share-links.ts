/**
 * Share links, for the admin: create (`POST /api/share-links`), list, revoke, and see their uses.
 * A link opens `/s/TOKEN`: the map, read-only, scoped to some namespaces (and optionally Routes)
 * of one cluster, until it expires or is revoked.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { parseDuration } from '../access/share-link-store.ts';

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';

const shareLinks: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/api/share-links',
    {
      config: { access: 'admin' },
      bodyLimit: 16 * 1024,
      schema: {
        body: Type.Object(
          {
            cluster: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
            namespaces: Type.Array(Type.String({ pattern: DNS_LABEL, maxLength: 63 }), {
              minItems: 1,
              maxItems: 100,
              uniqueItems: true,
            }),
            routes: Type.Optional(
              Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,63}/[a-z0-9.-]{1,253}$' }), {
                minItems: 1,
                maxItems: 500,
                uniqueItems: true,
              }),
            ),
            expiresIn: Type.String({ pattern: '^\\d{1,6}(m|h|d)$', default: '24h' }),
            label: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { namespaces, routes, label } = request.body;
      const expiresInMs = parseDuration(request.body.expiresIn);
      if (expiresInMs === undefined)
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: 'body/expiresIn must be between 1m and 90d, e.g. 30m, 24h, 7d',
        });
      const clusters = fastify.hub.clusterNames();
      const cluster = request.body.cluster ?? (clusters.length === 1 ? clusters[0] : undefined);
      if (cluster === undefined)
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `body/cluster is required when serving several clusters (${clusters.join(', ')})`,
        });
      if (!clusters.includes(cluster))
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `body/cluster: no cluster named "${cluster}"; clusters: ${clusters.join(', ')}`,
        });
      const outside = (routes ?? []).filter((route) => !namespaces.includes(route.split('/')[0] ?? ''));
      if (outside.length > 0)
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `body/routes must lie in body/namespaces: ${outside.join(', ')}`,
        });
      const principal = request.principal;
      const { link, token } = await fastify.shareStore.create({
        label,
        cluster,
        namespaces,
        ...(routes ? { routes } : {}),
        expiresInMs,
        createdBy: principal?.role === 'admin' ? principal.user : 'admin',
      });
      const origin = `${request.protocol}://${request.host}`;
      return reply.code(201).send({ id: link.id, url: `${origin}/s/${token}`, token, link });
    },
  );

  fastify.get('/api/share-links', { config: { access: 'admin' } }, async () => ({
    links: await fastify.shareStore.list(),
  }));

  const idParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }) });

  fastify.get(
    '/api/share-links/:id/uses',
    { config: { access: 'admin' }, schema: { params: idParams } },
    async (request, reply) => {
      if (!(await fastify.shareStore.get(request.params.id)))
        return reply
          .code(404)
          .send({ statusCode: 404, error: 'Not Found', message: `no share link ${request.params.id}` });
      return { uses: await fastify.shareStore.uses(request.params.id) };
    },
  );

  fastify.delete(
    '/api/share-links/:id',
    { config: { access: 'admin' }, schema: { params: idParams } },
    async (request, reply) => {
      const link = await fastify.shareStore.revoke(request.params.id);
      if (!link)
        return reply
          .code(404)
          .send({ statusCode: 404, error: 'Not Found', message: `no share link ${request.params.id}` });
      fastify.shareStreams.closeAll(link.id);
      return { link };
    },
  );
};

export default shareLinks;

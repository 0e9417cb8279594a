/**
 * The estate summary (estate-summary.ts): the admin's of every cluster, computed once per
 * revision; a share link's of its scoped view, so that it counts only what the link can see.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { summarizeEstate, type SummaryResponse } from '@gatemap/topology';

const summary: FastifyPluginAsyncTypebox = async (fastify) => {
  const hub = fastify.hub;
  let admin: SummaryResponse | undefined;

  fastify.get(
    '/api/summary',
    { config: { access: 'viewer' }, schema: { querystring: Type.Object({}) } },
    async (request): Promise<SummaryResponse> => {
      const principal = request.principal!;
      if (principal.role === 'share') {
        const shared = hub.sharedView(principal.link);
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
        const topology = shared?.topology ?? { revision: hub.revision, nodes: [], edges: [] };
        return { revision: topology.revision, summary: summarizeEstate(topology) };
      }
      if (admin?.revision !== hub.revision) {
        const snapshot = hub.snapshot();
        admin = { revision: snapshot.revision, summary: summarizeEstate(snapshot) };
      }
      return admin;
    },
  );
};

export default summary;

/**
 * The estate at a glance: its summary (estate-summary.ts) and its big picture ahead of the
 * topology (estate-overview.ts), which carries the summary too. The admin's, of every cluster, are computed once per revision;
 * a share link's of its scoped view, so that they count and show only what the link can see.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  estateOverview,
  OVERVIEW_MIN_OBJECTS,
  summarizeEstate,
  type EstateSummary,
  type OverviewResponse,
  type SummaryResponse,
  type TopologyResponse,
} from '@gatemap/topology';

export interface SummaryOptions {
  /** From this many objects on, `/api/overview` answers with the big picture (default OVERVIEW_MIN_OBJECTS). */
  readonly overviewFrom?: number;
}

const summary: FastifyPluginAsyncTypebox<SummaryOptions> = async (fastify, options) => {
  const hub = fastify.hub;
  const overviewFrom = options.overviewFrom ?? OVERVIEW_MIN_OBJECTS;
  let admin: SummaryResponse | undefined;
  let adminOverview: OverviewResponse | undefined;

  const overviewOf = (
    topology: Pick<TopologyResponse, 'revision' | 'nodes' | 'edges' | 'findings'>,
    summaryOf: () => EstateSummary,
  ): OverviewResponse =>
    topology.nodes.length >= overviewFrom
      ? { revision: topology.revision, overview: estateOverview(topology), summary: summaryOf() }
      : { revision: topology.revision };

  const adminSummaryNow = (): SummaryResponse => {
    if (admin?.revision !== hub.revision) {
      const snapshot = hub.snapshot();
      admin = { revision: snapshot.revision, summary: summarizeEstate(snapshot) };
    }
    return admin;
  };
  const adminOverviewNow = (): OverviewResponse => {
    if (adminOverview?.revision !== hub.revision)
      adminOverview = overviewOf(hub.snapshot(), () => adminSummaryNow().summary);
    return adminOverview;
  };
  // The first view is asked for soon after the server starts: once every cluster has synced, the
  // overview of a large estate is made ahead of that request (later revisions make it on request).
  const stopWarming = hub.subscribe((event) => {
    if (event.type !== 'clusters' || !hub.ready()) return;
    stopWarming();
    setImmediate(() => {
      try {
        adminOverviewNow();
      } catch (error) {
        // Only a head start: the request that needs it makes it again and answers for itself.
        fastify.log.warn({ err: error }, 'the overview could not be made ahead');
      }
    });
  });
  fastify.addHook('onClose', async () => {
    stopWarming();
  });

  fastify.get(
    '/api/overview',
    { config: { access: 'viewer' }, schema: { querystring: Type.Object({}) } },
    async (request): Promise<OverviewResponse> => {
      const principal = request.principal!;
      if (principal.role === 'share') {
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
        const topology = hub.sharedTopology(principal.link);
        return overviewOf(topology, () => summarizeEstate(topology));
      }
      return adminOverviewNow();
    },
  );

  fastify.get(
    '/api/summary',
    { config: { access: 'viewer' }, schema: { querystring: Type.Object({}) } },
    async (request): Promise<SummaryResponse> => {
      const principal = request.principal!;
      if (principal.role === 'share') {
        fastify.shareStore.recordUse(principal.link.id, 'api', request.ip);
        const topology = hub.sharedTopology(principal.link);
        return { revision: topology.revision, summary: summarizeEstate(topology) };
      }
      return adminSummaryNow();
    },
  );
};

export default summary;

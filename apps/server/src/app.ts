/**
 * The gatemap server as a Fastify plugin: the hub and its sources, the API, the stream, health
 * and metrics, and the map. server.ts only listens.
 */
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { ShareLinkStore } from './access/share-link-store.ts';
import access from './plugins/access.ts';
import hub from './plugins/hub.ts';
import shareLinks from './routes/share-links.ts';
import api from './routes/api.ts';
import history from './routes/history.ts';
import ingressReplacement from './routes/ingress-replacement.ts';
import health from './routes/health.ts';
import stream, { type StreamOptions } from './routes/stream.ts';
import summary, { type SummaryOptions } from './routes/summary.ts';
import { DEFAULT_STREAM_LIMITS, StreamBudget, type StreamLimits } from './stream-budget.ts';
import web from './routes/web.ts';
import whatIf from './routes/what-if.ts';
import type { Source } from './sources/source.ts';
import type { TopologyHub } from './topology-hub.ts';

export interface AppOptions extends SummaryOptions {
  readonly hub: TopologyHub;
  readonly sources: readonly Source[];
  /** The built map; omitted in API-only tests. */
  readonly webRoot?: string;
  /** Limits of the stream's memory and connections (defaults: DEFAULT_STREAM_LIMITS). */
  readonly stream?: Partial<Omit<StreamOptions, 'budget'>> & { readonly limits?: Partial<StreamLimits> };
  /**
   * The admin credential (printed at start-up) and where share links live. The store is the
   * caller's: it opens it and closes it after the server.
   */
  readonly access: {
    readonly adminToken: string;
    readonly store: ShareLinkStore;
    readonly trustedUserHeader?: string;
    readonly failureLimit?: number;
  };
}

const app: FastifyPluginAsync<AppOptions> = async (fastify, options) => {
  fastify.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) fastify.log.error(error);
    return reply.code(status).send({
      statusCode: status,
      error: status >= 500 ? 'Internal Server Error' : (error.code ?? 'Bad Request'),
      message: status >= 500 ? 'internal error' : error.message,
    });
  });
  await fastify.register(hub, { hub: options.hub, sources: options.sources });
  await fastify.register(access, options.access);
  await fastify.register(api);
  await fastify.register(summary, { overviewFrom: options.overviewFrom });
  await fastify.register(history);
  await fastify.register(shareLinks);
  await fastify.register(whatIf);
  await fastify.register(ingressReplacement);
  const { limits, ...streamOptions } = options.stream ?? {};
  const budget = new StreamBudget({ ...DEFAULT_STREAM_LIMITS, ...limits });
  await fastify.register(stream, { ...streamOptions, budget });
  await fastify.register(health, { budget });
  await fastify.register(web, { root: options.webRoot ?? '/nonexistent/gatemap-web' });
};

// Not encapsulated: what the plugins decorate (the hub, the share store, the route access table)
// is reachable from the instance that buildServer returns.
export default fp(app, { name: 'gatemap' });

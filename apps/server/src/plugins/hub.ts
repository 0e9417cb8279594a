/**
 * Puts the topology hub on the Fastify instance and runs the sources that feed it: they start
 * when the server is ready and stop when it closes.
 */
import fp from 'fastify-plugin';
import type { TopologyHub } from '../topology-hub.ts';
import type { Source } from '../sources/source.ts';

declare module 'fastify' {
  interface FastifyInstance {
    hub: TopologyHub;
  }
}

interface HubPluginOptions {
  readonly hub: TopologyHub;
  readonly sources: readonly Source[];
}

export default fp<HubPluginOptions>(
  async (fastify, options) => {
    fastify.decorate('hub', options.hub);
    for (const source of options.sources) options.hub.addCluster(source.status(), source.analyzerOptions);
    fastify.addHook('onReady', async () => {
      for (const source of options.sources) {
        source.start(
          (changes) => options.hub.apply(source.name, changes),
          (status) => options.hub.setStatus(status),
        );
      }
    });
    fastify.addHook('onClose', async () => {
      await Promise.all(options.sources.map((source) => source.stop()));
    });
  },
  { name: 'hub' },
);

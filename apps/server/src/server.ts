/**
 * Builds the Fastify instance around the app plugin. Listening is the caller's business.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import app, { type AppOptions } from './app.ts';

export interface ServerOptions extends AppOptions {
  readonly logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 512 },
    forceCloseConnections: true,
    ajv: { customOptions: { allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(app, options);
  fastify.addHook('onClose', async () => options.access.store.close());
  return fastify;
}

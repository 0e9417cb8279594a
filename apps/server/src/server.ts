/**
 * Builds the Fastify instance around the app plugin. Listening is the caller's business.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import app, { type AppOptions } from './app.ts';

export interface ServerOptions extends AppOptions {
  readonly logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /**
   * Reverse proxies in front of the server (a Gateway, an Ingress controller) whose
   * X-Forwarded-For/-Proto/-Host it believes, counted from the server: the client's address, the
   * scheme and host the browser used (for share URLs, secure cookies and the same-origin check).
   * 0 (default): none, the connection is the client.
   */
  readonly trustedProxyHops?: number;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 512 },
    forceCloseConnections: true,
    // A hop count: X-Forwarded-* of that many proxies nearest the server, never the client's own.
    trustProxy: (_address: string, hop: number) => hop < (options.trustedProxyHops ?? 0),
    ajv: { customOptions: { allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(app, options);
  return fastify;
}

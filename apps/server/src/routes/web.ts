/**
 * Serves the built map (apps/web/dist) at `/`; any other non-API path gets index.html so that
 * deep links load the app, which restores the view from the URL.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

interface WebOptions {
  readonly root: string;
}

const web: FastifyPluginAsync<WebOptions> = async (fastify, options) => {
  // The map's files hold no data: every route of this plugin, the static files included, is public.
  fastify.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' };
  });
  const index = join(options.root, 'index.html');
  if (!existsSync(index)) {
    fastify.get('/', async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(
          `gatemap's map is not built (${index} is missing). Run: pnpm --filter @gatemap/web build\nThe API is available under /api.\n`,
        ),
    );
    return;
  }
  await fastify.register(fastifyStatic, {
    root: options.root,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
  });
  fastify.setNotFoundHandler((request, reply) => {
    if (
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      request.headers.accept?.includes('text/html')
    )
      return reply.sendFile('index.html');
    return reply.code(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
    });
  });
};

export default web;

/**
 * Transport edge cases that a real API server produces only rarely (split lines, in-stream errors,
 * silence), against a local plain-HTTP server. The integration tests cover the real thing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeConfig } from './kube-config-class.ts';
import {
  createKubeClient,
  InactivityTimeoutError,
  KubeApiError,
  type KubeClient,
  type WatchEvent,
} from './kube-client.ts';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function serve(handler: Handler): Promise<KubeClient> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'user', token: 'secret-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'user' }],
    currentContext: 'fake',
  });
  return createKubeClient(kc);
}

const event = (type: string, name: string, resourceVersion: string): string =>
  JSON.stringify({ type, object: { metadata: { name, resourceVersion } } }) + '\n';

describe('KubeClient.watch', () => {
  it('parses events split across chunks, and resolves when the server ends the stream', async () => {
    let authorization: string | undefined;
    const client = await serve((request, response) => {
      authorization = request.headers.authorization;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const text = event('ADDED', 'a', '1') + event('MODIFIED', 'a', '2') + event('BOOKMARK', '', '3');
      // Byte by byte in a few writes: lines are split mid-JSON.
      response.write(text.slice(0, 7));
      response.write(text.slice(7, 50));
      setTimeout(() => response.end(text.slice(50)), 20);
    });
    const events: WatchEvent[] = [];
    let opened = false;
    await client.watch('/api/v1/services?watch=1', {
      signal: new AbortController().signal,
      inactivityMs: 5_000,
      onOpen: () => (opened = true),
      onEvent: (received) => events.push(received),
    });
    expect(opened).toBe(true);
    expect(authorization).toBe('Bearer secret-token');
    expect(events.map((received) => received.type)).toEqual(['ADDED', 'MODIFIED', 'BOOKMARK']);
    client.close();
  });

  it('turns an in-stream ERROR into a KubeApiError with the Status code', async () => {
    const client = await serve((_request, response) => {
      response.writeHead(200);
      response.write(event('ADDED', 'a', '1'));
      response.write(
        JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            code: 410,
            reason: 'Expired',
            message: 'too old resource version: 1 (5)',
          },
        }) + '\n',
      );
      // The server keeps the stream open: the client must end it.
    });
    const watching = client.watch('/api/v1/services?watch=1', {
      signal: new AbortController().signal,
      inactivityMs: 5_000,
      onEvent: () => {},
    });
    await expect(watching).rejects.toMatchObject({ statusCode: 410, reason: 'Expired' });
    await expect(watching).rejects.toBeInstanceOf(KubeApiError);
    client.close();
  });

  it('ends a silent watch after the inactivity timeout', async () => {
    const client = await serve((_request, response) => {
      response.writeHead(200);
      response.write(event('ADDED', 'a', '1'));
    });
    const watching = client.watch('/api/v1/services?watch=1', {
      signal: new AbortController().signal,
      inactivityMs: 200,
      onEvent: () => {},
    });
    await expect(watching).rejects.toBeInstanceOf(InactivityTimeoutError);
    client.close();
  });

  it('stops at once when its signal aborts', async () => {
    const client = await serve((_request, response) => {
      response.writeHead(200);
      response.write(event('ADDED', 'a', '1'));
    });
    const controller = new AbortController();
    const watching = client.watch('/api/v1/services?watch=1', {
      signal: controller.signal,
      inactivityMs: 60_000,
      onEvent: () => controller.abort(new Error('stopped')),
    });
    await expect(watching).rejects.toThrow('stopped');
    client.close();
  });
});

describe('KubeClient.get', () => {
  it('reads a Status body into the error, and a plain-text 404 too', async () => {
    const client = await serve((request, response) => {
      if (request.url?.startsWith('/apis/missing')) {
        response.writeHead(404, { 'Content-Type': 'text/plain' });
        response.end('404 page not found');
        return;
      }
      response.writeHead(403, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          kind: 'Status',
          code: 403,
          reason: 'Forbidden',
          message: 'secrets is forbidden: no',
        }),
      );
    });
    const signal = new AbortController().signal;
    await expect(client.get('/api/v1/secrets', { signal })).rejects.toMatchObject({
      statusCode: 403,
      reason: 'Forbidden',
      message: 'secrets is forbidden: no',
    });
    await expect(client.get('/apis/missing', { signal })).rejects.toMatchObject({
      statusCode: 404,
      message: '404 page not found',
    });
    client.close();
  });

  it('honours Retry-After', async () => {
    const client = await serve((_request, response) => {
      response.writeHead(429, { 'Retry-After': '3' });
      response.end(JSON.stringify({ kind: 'Status', code: 429, message: 'storage is (re)initializing' }));
    });
    await expect(
      client.get('/api/v1/services', { signal: new AbortController().signal }),
    ).rejects.toMatchObject({
      statusCode: 429,
      retryAfterSeconds: 3,
    });
    client.close();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShareLink, fetchSession, revokeShareLink } from './access-api.ts';
import { ApiRequestError, fetchObject, readCookie } from './api-client.ts';
import { apiError, clearCookies, fakeServer, json } from '../test/fake-server.ts';
import { topologyNode } from '../test/topology-builders.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  clearCookies();
});

describe('the API client', () => {
  it('reads a cookie by name', () => {
    expect(readCookie('gatemap_csrf', 'a=1; gatemap_csrf=tok%2Den; b=2')).toBe('tok-en');
    expect(readCookie('gatemap_csrf', 'gatemap_csrfx=1')).toBeUndefined();
  });

  it("asks for an object by its key's kind, with the group of a kind gatemap does not read itself", async () => {
    const server = fakeServer({
      'GET /api/objects/demo/SecurityPolicy.gateway.envoyproxy.io/payments/auth': () => json({}),
      'GET /api/objects/demo/GatewayClass/_/example': () => json({}),
    });
    const policy = topologyNode({ kind: 'SecurityPolicy', namespace: 'payments', name: 'auth' });
    await fetchObject(
      { ...policy, key: 'SecurityPolicy.gateway.envoyproxy.io/payments/auth' as typeof policy.key },
      'demo',
    );
    await fetchObject(topologyNode({ kind: 'GatewayClass', name: 'example' }), 'demo');
    expect(server.calls.map((call) => call.path)).toEqual([
      '/api/objects/demo/SecurityPolicy.gateway.envoyproxy.io/payments/auth',
      '/api/objects/demo/GatewayClass/_/example',
    ]);
  });

  it('sends the CSRF cookie back as x-gatemap-csrf on POST and DELETE, not on GET', async () => {
    document.cookie = 'gatemap_csrf=csrf-from-cookie; path=/';
    const server = fakeServer({
      'GET /api/session': () => json({ role: 'admin', user: 'admin' }),
      'POST /api/share-links': () => json({ id: 'l1', url: 'u', token: 't', link: {} }, 201),
      'DELETE /api/share-links/l1': () => json({ link: { id: 'l1' } }),
    });
    await fetchSession();
    await createShareLink({ namespaces: ['shop'], expiresIn: '24h', label: 'shop' });
    await revokeShareLink('l1');
    const [get, post, del] = server.calls;
    expect(get?.headers['x-gatemap-csrf']).toBeUndefined();
    expect(post?.headers['x-gatemap-csrf']).toBe('csrf-from-cookie');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.body).toEqual({ namespaces: ['shop'], expiresIn: '24h', label: 'shop' });
    expect(del?.headers['x-gatemap-csrf']).toBe('csrf-from-cookie');
    // An empty body declared as JSON is a 400 for the server.
    expect(del?.headers['content-type']).toBeUndefined();
  });

  it('carries the server message and status of a refusal', async () => {
    fakeServer({
      'POST /api/share-links': () => apiError(400, 'body/label must NOT have fewer than 1 characters'),
    });
    const error = await createShareLink({ namespaces: ['shop'], expiresIn: '24h', label: '' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).status).toBe(400);
    expect((error as ApiRequestError).message).toBe('body/label must NOT have fewer than 1 characters');
  });

  it('refuses a session answer it does not understand', async () => {
    fakeServer({ 'GET /api/session': () => json({ role: 'root' }) });
    await expect(fetchSession()).rejects.toThrow(/does not know/);
  });
});

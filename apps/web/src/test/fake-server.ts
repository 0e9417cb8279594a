/**
 * A stand-in for `gatemap serve` in component tests: `fetch` answered by handlers per
 * "METHOD /path", every call recorded with its headers and body; and an EventSource whose events
 * the test sends.
 */
import { vi } from 'vitest';

interface RecordedCall {
  readonly method: string;
  readonly path: string;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export type Handler = (
  call: RecordedCall,
) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

export function json(body: unknown, status = 200): { status: number; body: unknown } {
  return { status, body };
}

/** A handler whose answer waits until the test lets it go. */
export function heldAnswer(answer: () => ReturnType<typeof json>): { handler: Handler; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { handler: () => gate.then(answer), release };
}

export function apiError(status: number, message: string): { status: number; body: unknown } {
  return { status, body: { statusCode: status, error: 'Error', message } };
}

/** Installs a fetch that routes "METHOD /path" (exact, or with a trailing `*`) to handlers. */
export function fakeServer(routes: Record<string, Handler>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    const call: RecordedCall = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    calls.push(call);
    const key = `${call.method} ${call.path}`;
    const handler =
      routes[key] ??
      Object.entries(routes).find(
        ([pattern]) => pattern.endsWith('*') && key.startsWith(pattern.slice(0, -1)),
      )?.[1];
    const answer = handler ? await handler(call) : apiError(404, `no route ${key}`);
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    routes,
    callsTo: (method: string, path: string) =>
      calls.filter((call) => call.method === method && call.path === path),
  };
}

export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readonly url: string;
  readyState = FakeEventSource.CONNECTING;
  closed = false;

  constructor(url: string | URL) {
    super();
    this.url = String(url);
    FakeEventSource.instances.push(this);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
    this.closed = true;
  }

  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  emit(type: string, data: unknown, lastEventId = ''): void {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data), lastEventId }));
  }

  /** The connection failed: `closed` as when the server answered with an error status. */
  fail(closed: boolean): void {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
  }

  static install(): void {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  }
}

export const ADMIN_SESSION = { role: 'admin', user: 'admin' } as const;

export function shareSession(overrides: Record<string, unknown> = {}) {
  return {
    role: 'share',
    link: {
      label: 'shop team',
      cluster: 'demo',
      namespaces: ['shop-storefront', 'shop-preview'],
      createdAt: new Date(Date.now() - 60_000).toISOString(),
      expiresAt: new Date(Date.now() + 24 * 3_600_000 - 60_000).toISOString(),
      ...overrides,
    },
  } as const;
}

/** Clears every cookie the test set on the jsdom document. */
export function clearCookies(): void {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

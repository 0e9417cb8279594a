/**
 * A small Kubernetes HTTP client: JSON GETs, line-delimited watch streams, and the few JSON writes
 * gatemap makes (share-link records in its own namespace) over node:https.
 * client-node's KubeConfig supplies the credentials (certificates, tokens, exec plugins, proxies);
 * the transport is ours so that we control pagination, Accept headers, timeouts and cancellation.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** An API server answer other than success: an HTTP status or an in-stream watch `ERROR`. */
export class KubeApiError extends Error {
  /** HTTP status code, or the `code` of a `Status` delivered as a watch `ERROR` event. */
  readonly statusCode: number;
  /** `Status.reason`, e.g. `Expired`, `Forbidden`, `NotFound`. */
  readonly reason: string | undefined;
  /** From a Retry-After header (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(statusCode: number, message: string, reason?: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'KubeApiError';
    this.statusCode = statusCode;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request saw no bytes for too long (a silent watch, a hung LIST). */
export class InactivityTimeoutError extends Error {
  constructor(ms: number) {
    super(`no data from the API server for ${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);
    this.name = 'InactivityTimeoutError';
  }
}

export function isApiError(error: unknown, statusCode?: number): error is KubeApiError {
  return error instanceof KubeApiError && (statusCode === undefined || error.statusCode === statusCode);
}

/** One line of a watch stream. */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  readonly object: Readonly<Record<string, unknown>>;
}

interface GetOptions {
  readonly accept?: string;
  readonly signal: AbortSignal;
  /** Fails the request when no byte arrives for this long. */
  readonly timeoutMs?: number;
}

interface WatchOptions {
  readonly accept?: string;
  readonly signal: AbortSignal;
  /** Ends the watch with an {@link InactivityTimeoutError} when no byte arrives for this long. */
  readonly inactivityMs: number;
  /** Called once the server has accepted the watch (HTTP 200). */
  readonly onOpen?: () => void;
  /** Called synchronously for each event, in order. A throw ends the watch with that error. */
  readonly onEvent: (event: WatchEvent) => void;
}

interface SendOptions {
  readonly signal: AbortSignal;
  /** Default `application/json`; e.g. `application/merge-patch+json` for PATCH. */
  readonly contentType?: string;
  readonly timeoutMs?: number;
}

export interface KubeClient {
  readonly server: string;
  /** GET `path` (with query) and parse the JSON body; rejects with {@link KubeApiError} on a non-2xx. */
  get(path: string, options: GetOptions): Promise<unknown>;
  /** POST, PUT, PATCH or DELETE with a JSON body; resolves to the parsed answer, rejects like {@link get}. */
  send(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    options: SendOptions,
  ): Promise<unknown>;
  /**
   * Streams a watch. Resolves when the server ends the stream (e.g. at `timeoutSeconds`);
   * rejects on an HTTP error, an `ERROR` event (as {@link KubeApiError} with the Status code),
   * a network error or inactivity. Settles only once the connection is closed.
   */
  watch(path: string, options: WatchOptions): Promise<void>;
  /** Drops pooled connections. In-flight requests are ended by their signals. */
  close(): void;
}

export interface KubeClientOptions {
  /** At most this many GETs run at once (bounds bursts of LISTs at start-up and relists). */
  readonly maxConcurrentGets?: number;
  readonly getTimeoutMs?: number;
}

const JSON_ACCEPT = 'application/json';

export function createKubeClient(kc: KubeConfig, options: KubeClientOptions = {}): KubeClient {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig context "${kc.getCurrentContext()}" names no cluster`);
  const server = cluster.server.replace(/\/+$/, '');
  const getTimeoutMs = options.getTimeoutMs ?? 60_000;
  const gets = new Semaphore(options.maxConcurrentGets ?? 8);
  const agents = new AgentPool(!cluster.proxyUrl);

  async function open(
    path: string,
    accept: string,
    signal: AbortSignal,
    write?: { method: string; body: string; contentType: string },
  ): Promise<{ request: http.ClientRequest; response: http.IncomingMessage }> {
    const requestOptions: https.RequestOptions = {
      method: write?.method ?? 'GET',
      headers: {
        Accept: accept,
        'User-Agent': 'gatemap',
        ...(write
          ? { 'Content-Type': write.contentType, 'Content-Length': Buffer.byteLength(write.body) }
          : {}),
      },
    };
    // Re-applied per request: exec plugins and token files may rotate credentials.
    await kc.applyToHTTPSOptions(requestOptions);
    signal.throwIfAborted();
    const url = new URL(server + path);
    requestOptions.agent = agents.agentFor(requestOptions, url.protocol);
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const request = transport.request(url, { ...requestOptions, signal }, (response) =>
        resolve({ request, response }),
      );
      request.on('error', reject);
      request.end(write?.body);
    });
  }

  async function exchange(
    path: string,
    accept: string,
    signal: AbortSignal,
    timeoutMs: number,
    write?: { method: string; body: string; contentType: string },
  ): Promise<unknown> {
    const controller = new AbortController();
    const timer = new Timer(timeoutMs, () => controller.abort(new InactivityTimeoutError(timeoutMs)));
    const linked = AbortSignal.any([signal, controller.signal]);
    try {
      const { request, response } = await open(path, accept, linked, write);
      const body = await readBody(response, timer);
      await closed(request);
      if (!isSuccess(response.statusCode)) throw errorFromResponse(response, body);
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new Error(`${write?.method ?? 'GET'} ${path}: the API server sent a body that is not JSON`);
      }
    } catch (error) {
      throw unwrapAbort(error, linked);
    } finally {
      timer.clear();
    }
  }

  return {
    server,

    async get(path, { accept = JSON_ACCEPT, signal, timeoutMs = getTimeoutMs }) {
      return gets.run(() => exchange(path, accept, signal, timeoutMs));
    },

    async send(method, path, body, { signal, contentType = JSON_ACCEPT, timeoutMs = getTimeoutMs }) {
      return exchange(path, JSON_ACCEPT, signal, timeoutMs, {
        method,
        body: body === undefined ? '' : JSON.stringify(body),
        contentType,
      });
    },

    async watch(path, { accept = JSON_ACCEPT, signal, inactivityMs, onOpen, onEvent }) {
      const controller = new AbortController();
      const linked = AbortSignal.any([signal, controller.signal]);
      const timer = new Timer(inactivityMs, () => controller.abort(new InactivityTimeoutError(inactivityMs)));
      let request: http.ClientRequest | undefined;
      try {
        const opened = await open(path, accept, linked);
        request = opened.request;
        const { response } = opened;
        if (!isSuccess(response.statusCode))
          throw errorFromResponse(response, await readBody(response, timer));
        timer.reset();
        onOpen?.();
        await readEvents(response, timer, onEvent);
      } catch (error) {
        throw unwrapAbort(error, linked);
      } finally {
        timer.clear();
        if (request) {
          if (!request.destroyed) request.destroy();
          await closed(request);
        }
      }
    },

    close() {
      agents.destroy();
    },
  };
}

function isSuccess(statusCode: number | undefined): boolean {
  return statusCode !== undefined && statusCode >= 200 && statusCode < 300;
}

/**
 * Once our signal (inactivity timer, stop()) has aborted, whatever the socket reports (AbortError,
 * ECONNRESET "aborted") was caused by it: surface the abort's reason instead.
 */
function unwrapAbort(error: unknown, signal: AbortSignal): unknown {
  return signal.aborted ? ((signal.reason as unknown) ?? error) : error;
}

function closed(request: http.ClientRequest): Promise<void> {
  if (request.closed) return Promise.resolve();
  return new Promise((resolve) => request.once('close', () => resolve()));
}

function readBody(response: http.IncomingMessage, timer: Timer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => {
      timer.reset();
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('close', () => {
      if (!response.complete) reject(new Error('the API server closed the connection mid-response'));
    });
  });
}

function readEvents(
  response: http.IncomingMessage,
  timer: Timer,
  onEvent: (event: WatchEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      reject(error);
      response.destroy();
    };
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      if (failed) return;
      timer.reset();
      pending += chunk;
      let start = 0;
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
        const line = pending.slice(start, newline);
        start = newline + 1;
        if (line.trim() === '') continue;
        try {
          dispatch(line, onEvent);
        } catch (error) {
          fail(error);
          return;
        }
      }
      pending = pending.slice(start);
    });
    response.on('end', () => {
      if (!failed) resolve();
    });
    response.on('error', fail);
    response.on('close', () => {
      if (!response.complete) fail(new Error('the watch connection was closed'));
    });
  });
}

function dispatch(line: string, onEvent: (event: WatchEvent) => void): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error('the API server sent a watch event that is not JSON');
  }
  const event = parsed as { type?: unknown; object?: unknown };
  if (typeof event.object !== 'object' || event.object === null) {
    throw new Error(`watch event ${String(event.type)} has no object`);
  }
  const object = event.object as Record<string, unknown>;
  switch (event.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
    case 'BOOKMARK':
      onEvent({ type: event.type, object });
      return;
    case 'ERROR':
      throw errorFromStatus(object, 500);
    default:
      throw new Error(`unknown watch event type ${String(event.type)}`);
  }
}

function errorFromResponse(response: http.IncomingMessage, body: string): KubeApiError {
  const statusCode = response.statusCode ?? 0;
  const retryAfter = Number(response.headers['retry-after']);
  let status: unknown;
  try {
    status = JSON.parse(body);
  } catch {
    status = undefined;
  }
  const text = body.trim().slice(0, 300) || http.STATUS_CODES[statusCode] || 'error';
  return errorFromStatus(status, statusCode, text, Number.isFinite(retryAfter) ? retryAfter : undefined);
}

/** Reads a `metav1.Status`; its `code` wins over the HTTP status (they agree except in watch streams). */
function errorFromStatus(
  status: unknown,
  fallbackCode: number,
  fallbackMessage = 'error',
  retryAfterSeconds?: number,
): KubeApiError {
  const fields = (typeof status === 'object' && status !== null ? status : {}) as Record<string, unknown>;
  const code = typeof fields['code'] === 'number' ? fields['code'] : fallbackCode;
  const message = typeof fields['message'] === 'string' ? fields['message'] : fallbackMessage;
  const reason = typeof fields['reason'] === 'string' ? fields['reason'] : undefined;
  return new KubeApiError(code, message, reason, retryAfterSeconds);
}

/** A restartable one-shot timer. */
class Timer {
  private handle: NodeJS.Timeout | undefined;
  private readonly ms: number;
  private readonly onFire: () => void;

  constructor(ms: number, onFire: () => void) {
    this.ms = ms;
    this.onFire = onFire;
    this.reset();
  }

  reset(): void {
    clearTimeout(this.handle);
    this.handle = setTimeout(this.onFire, this.ms);
  }

  clear(): void {
    clearTimeout(this.handle);
    this.handle = undefined;
  }
}

class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  async run<Result>(task: () => Promise<Result>): Promise<Result> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Keep-alive agents keyed by the TLS material, so LIST pages reuse connections and a rotated
 * client certificate gets a fresh pool. With a proxy, client-node's own agent is kept as is.
 */
class AgentPool {
  private agent: http.Agent | undefined;
  private material = '';
  private readonly ownAgents: boolean;

  constructor(ownAgents: boolean) {
    this.ownAgents = ownAgents;
  }

  agentFor(options: https.RequestOptions, protocol: string): http.Agent | undefined {
    if (!this.ownAgents) return typeof options.agent === 'object' ? options.agent : undefined;
    const tls = {
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      pfx: options.pfx,
      passphrase: options.passphrase,
      servername: options.servername,
      ...(options.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: options.rejectUnauthorized }),
    };
    const material = JSON.stringify([protocol, tls]);
    if (!this.agent || material !== this.material) {
      this.agent?.destroy();
      const common = { keepAlive: true, maxFreeSockets: 16, scheduling: 'lifo' as const };
      this.agent = protocol === 'http:' ? new http.Agent(common) : new https.Agent({ ...common, ...tls });
      this.material = material;
    }
    return this.agent;
  }

  destroy(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}

/**
 * Stream clients that never read: each connects (optionally from its own loopback address, so
 * that limits per address do not hide the global budget), asks for /api/stream, reads the status
 * line and then stops reading, as a stalled or hostile client would.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

export interface IdleStream {
  readonly socket: Socket;
  /** The HTTP status the server answered with. */
  readonly status: number;
}

export async function openIdleStreams(options: {
  readonly port: number;
  readonly token: string;
  readonly count: number;
  /** Connect from 127.0.0.(2 + i) instead of 127.0.0.1. */
  readonly ownAddresses?: boolean;
}): Promise<IdleStream[]> {
  const streams: IdleStream[] = [];
  for (let i = 0; i < options.count; i++) {
    const socket = connect({
      host: '127.0.0.1',
      port: options.port,
      ...(options.ownAddresses ? { localAddress: `127.0.0.${2 + (i % 250)}` } : {}),
    });
    const status = await new Promise<number>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('data', (chunk: Buffer) => {
        socket.pause();
        resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1', 0, 64))?.[1] ?? 0));
      });
      socket.write(
        `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${options.token}\r\nAccept: text/event-stream\r\n\r\n`,
      );
    });
    streams.push({ socket, status });
  }
  return streams;
}

/** Resident and peak resident memory of a process, in bytes (Linux). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

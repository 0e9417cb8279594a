/**
 * The command line as a user runs it, in the test's process: `main` with streams that collect
 * what it writes, and manifest files in a directory of their own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/usage.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Streams for a command, with `stdin` as its input, and what it wrote to stdout and stderr. */
export function captureIo(stdin = ''): { io: Io; stdout: () => string; stderr: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    io: { stdout, stderr, stdin: Readable.from([stdin]), env: {} },
    stdout: () => out,
    stderr: () => err,
  };
}

/** `gatemap ARGS…` with `stdin` as its input. */
export async function runCli(args: readonly string[], stdin = ''): Promise<CliResult> {
  const captured = captureIo(stdin);
  const code = await main(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/**
 * A writer of manifest directories for the calling test file: each call makes a new directory
 * holding the files given (name → text), removed after each test.
 */
export function manifestDirectories(prefix: string): (entries: Record<string, string>) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  return (entries) => {
    const directory = mkdtempSync(join(tmpdir(), prefix));
    made.push(directory);
    for (const [name, text] of Object.entries(entries)) writeFileSync(join(directory, name), text);
    return directory;
  };
}

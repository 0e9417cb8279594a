/**
 * Reads `-f` inputs: files, directories (recursively: .yaml, .yml, .json) and `-` for stdin.
 * A file that cannot be read (missing, over the size limit, not text V8 can hold) is reported and
 * skipped; every other file is still read. A file's size is checked before it is read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DEFAULT_INPUT_LIMITS, formatSize } from '@gatemap/topology';

export interface InputFile {
  readonly name: string;
  readonly text: string;
}

/** A path that could not be read, and why. */
export interface InputError {
  readonly path: string;
  readonly reason: string;
}

export interface ReadResult {
  readonly files: InputFile[];
  readonly errors: InputError[];
}

const MANIFEST = /\.(ya?ml|json)$/i;

export async function readInputs(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream = process.stdin,
  maxFileBytes = DEFAULT_INPUT_LIMITS.maxFileBytes,
): Promise<ReadResult> {
  const files: InputFile[] = [];
  const errors: InputError[] = [];
  for (const path of paths) {
    if (path === '-') {
      const read = await readStream(stdin, maxFileBytes);
      if (typeof read === 'string') files.push({ name: '-', text: read });
      else errors.push({ path: '-', reason: read.reason });
      continue;
    }
    let directory: boolean;
    try {
      directory = (await stat(path)).isDirectory();
    } catch (error) {
      errors.push({ path, reason: readFailure(error) });
      continue;
    }
    if (!directory) {
      const read = await readManifestFile(path, maxFileBytes);
      if ('text' in read) files.push({ name: path, text: read.text });
      else errors.push({ path, reason: read.reason ?? 'no such file or directory' });
      continue;
    }
    const listing = await listManifests(path);
    for (const failed of listing.failed) errors.push(failed);
    if (listing.files.length === 0 && listing.failed.length === 0)
      errors.push({ path, reason: 'directory holds no .yaml, .yml or .json files' });
    for (const file of listing.files) {
      const name = relative(process.cwd(), file) || file;
      const read = await readManifestFile(file, maxFileBytes);
      // A file listed and gone before it was read is not an error: it is not there.
      if ('text' in read) files.push({ name, text: read.text });
      else if (read.reason !== undefined) errors.push({ path: name, reason: read.reason });
    }
  }
  return { files, errors };
}

/** Why reading failed, for people: the errno's meaning where there is one. */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ERR_STRING_TOO_LONG') return 'too large to hold as text';
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

/**
 * One file's text; `reason` when it cannot be read (over `maxFileBytes`, checked before reading;
 * unreadable); neither when it no longer exists.
 */
async function readManifestFile(
  path: string,
  maxFileBytes: number,
): Promise<{ readonly text: string } | { readonly reason?: string; readonly missing?: true }> {
  try {
    const info = await stat(path);
    if (info.size > maxFileBytes)
      return {
        reason: `${formatSize(info.size)}, over the file size limit of ${formatSize(maxFileBytes)} (--max-file-size)`,
      };
    return { text: await readFile(path, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { reason: readFailure(error) };
  }
}

/** Stdin's text, read up to `maxFileBytes`. */
async function readStream(
  stream: NodeJS.ReadableStream,
  maxFileBytes: number,
): Promise<string | { readonly reason: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxFileBytes)
        return { reason: `over the file size limit of ${formatSize(maxFileBytes)} (--max-file-size)` };
      chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    return { reason: readFailure(error) };
  }
}

/**
 * The manifest files under a directory, in name order (a subdirectory's files where its name
 * sorts), and the directories that could not be listed.
 */
export async function listManifests(
  directory: string,
): Promise<{ readonly files: string[]; readonly failed: InputError[] }> {
  const files: string[] = [];
  const failed: InputError[] = [];
  // Each level awaits its listing, so nesting costs no stack.
  const visit = async (current: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (error) {
      // A subdirectory removed while the tree is listed is simply not there.
      if (current === directory || (error as NodeJS.ErrnoException).code !== 'ENOENT')
        failed.push({ path: current, reason: readFailure(error) });
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile() && MANIFEST.test(entry.name)) files.push(path);
    }
  };
  await visit(directory);
  return { files, failed };
}

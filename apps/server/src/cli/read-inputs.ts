/**
 * Reads `-f` inputs: files, directories (recursively: .yaml, .yml, .json) and `-` for stdin.
 * A path that cannot be read is reported and skipped; the rest is still read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { text } from 'node:stream/consumers';

export interface InputFile {
  readonly name: string;
  readonly text: string;
}

export interface ReadResult {
  readonly files: InputFile[];
  readonly errors: string[];
}

const MANIFEST = /\.(ya?ml|json)$/i;

export async function readInputs(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<ReadResult> {
  const files: InputFile[] = [];
  const errors: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push({ name: '-', text: await text(stdin) });
      continue;
    }
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        const found = await listManifests(path);
        if (found.length === 0) errors.push(`${path}: directory holds no .yaml, .yml or .json files`);
        for (const file of found)
          files.push({ name: relative(process.cwd(), file) || file, text: await readFile(file, 'utf8') });
      } else {
        files.push({ name: path, text: await readFile(path, 'utf8') });
      }
    } catch (error) {
      errors.push(
        `${path}: cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`,
      );
    }
  }
  return { files, errors };
}

async function listManifests(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) for (const file of await listManifests(path)) out.push(file);
    else if (entry.isFile() && MANIFEST.test(entry.name)) out.push(path);
  }
  return out;
}

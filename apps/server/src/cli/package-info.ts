/**
 * What the installed gatemap package says of itself in its package.json (its version, its
 * homepage when it names one): in the repository two folders above this file (`apps/server`), in
 * the published package three (`lib/server/cli`). Each is undefined when not stated, so that a
 * report can leave it out rather than guess.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'gatemap';

export interface PackageInfo {
  readonly version?: string;
  readonly homepage?: string;
}

export function readPackageInfo(): PackageInfo {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(join(here, up, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const { name, version, homepage } = (manifest ?? {}) as Record<string, unknown>;
    if (name !== PACKAGE_NAME) continue;
    return {
      ...(typeof version === 'string' ? { version } : {}),
      ...(typeof homepage === 'string' ? { homepage } : {}),
    };
  }
  return {};
}

/**
 * The input limits as flags, shared by `analyze` and `serve`: `--max-file-size`,
 * `--max-document-size` (sizes: `3MiB`, `512KiB`, `10MB`, or bytes) and `--max-objects`.
 */
import { DEFAULT_INPUT_LIMITS, formatSize, type InputLimits } from '@gatemap/topology';

export const LIMIT_OPTIONS = {
  'max-file-size': { type: 'string' },
  'max-document-size': { type: 'string' },
  'max-objects': { type: 'string' },
} as const;

export const LIMITS_USAGE = `  --max-file-size SIZE      larger files are reported (GM101) and not read (default ${formatSize(DEFAULT_INPUT_LIMITS.maxFileBytes)})
  --max-document-size SIZE  larger documents (one object, a List item) are reported and skipped
                            (default ${formatSize(DEFAULT_INPUT_LIMITS.maxDocumentSize)}, the API server's request limit)
  --max-objects N           objects past the Nth are reported and skipped (default ${DEFAULT_INPUT_LIMITS.maxObjects})
`;

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/** A size flag's bytes, or undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** The limits the flags set (the defaults for those not given), or a message naming the bad flag. */
export function readLimitFlags(values: {
  readonly 'max-file-size'?: string | undefined;
  readonly 'max-document-size'?: string | undefined;
  readonly 'max-objects'?: string | undefined;
}): InputLimits | string {
  let { maxFileBytes, maxDocumentSize, maxObjects } = DEFAULT_INPUT_LIMITS;
  const file = values['max-file-size'];
  if (file !== undefined) {
    const bytes = parseSize(file);
    if (bytes === undefined) return `--max-file-size must be a size such as 256MiB, got "${file}"`;
    maxFileBytes = bytes;
  }
  const document = values['max-document-size'];
  if (document !== undefined) {
    const size = parseSize(document);
    if (size === undefined) return `--max-document-size must be a size such as 3MiB, got "${document}"`;
    maxDocumentSize = size;
  }
  const objects = values['max-objects'];
  if (objects !== undefined) {
    const count = /^\d+$/.test(objects) ? Number(objects) : 0;
    if (!(count > 0)) return `--max-objects must be a positive whole number, got "${objects}"`;
    maxObjects = count;
  }
  return { maxFileBytes, maxDocumentSize, maxObjects };
}

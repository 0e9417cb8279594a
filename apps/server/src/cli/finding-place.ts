/**
 * Where a finding is, for the CI outputs of `gatemap analyze`: the file and line at which its
 * subject's document starts (the place the text output prints beside the finding), or, for a
 * problem with the input itself (GM101 on text that is no object), the place its key names.
 *
 * Files are named as CI services name a repository's files: relative to the working directory
 * (the checkout, where a workflow runs), with forward slashes. A file outside it keeps its
 * absolute path; stdin (`-`) is named as such.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding, ObjectKey, SourceLocation } from '@gatemap/topology';

export type FindingPlace =
  | {
      readonly type: 'file';
      /** Relative to the working directory when `inside`, else absolute; `/`-separated. */
      readonly path: string;
      readonly inside: boolean;
      /** 1-based; absent where the input names no line (a file as a whole). */
      readonly line?: number;
    }
  | { readonly type: 'stdin'; readonly line?: number };

const INPUT_PREFIX = 'Input/';

export function findingPlace(
  item: Finding,
  sources: ReadonlyMap<ObjectKey, SourceLocation>,
  cwd: string,
): FindingPlace | undefined {
  const source = sources.get(item.subject) ?? inputSource(item.subject);
  if (!source) return undefined;
  const line = source.line >= 1 ? { line: source.line } : {};
  if (source.file === '-') return { type: 'stdin', ...line };
  const absolute = resolve(cwd, source.file);
  const path = relative(cwd, absolute);
  const inside = path !== '' && !path.startsWith(`..${sep}`) && path !== '..' && !isAbsolute(path);
  return { type: 'file', path: (inside ? path : absolute).split(sep).join('/'), inside, ...line };
}

/**
 * The place a key of the core's `inputKey` names (`Input/<file>:<line>`): the line is the digits
 * after the last colon, so a file name with colons in it is kept whole.
 */
function inputSource(key: ObjectKey): SourceLocation | undefined {
  if (!key.startsWith(INPUT_PREFIX)) return undefined;
  const colon = key.lastIndexOf(':');
  const line = key.slice(colon + 1);
  if (colon <= INPUT_PREFIX.length || !/^\d+$/.test(line)) return undefined;
  return { file: key.slice(INPUT_PREFIX.length, colon), line: Number(line) };
}

/** Whether a finding is about the input's text rather than an object (it has no object to name). */
export function isInputFinding(item: Finding): boolean {
  return item.subject.startsWith(INPUT_PREFIX);
}

/**
 * helm, built from its Go module by scripts/build-helm.sh (cached outside the repository), and
 * the chart's rendering.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './cluster.ts';

const run = promisify(execFile);

export const CHART_DIR = path.join(REPO_ROOT, 'deploy/helm/gatemap');

let binary: Promise<string> | undefined;

/** The helm binary's path; builds it the first time (a few minutes, needs Go). */
export function helmBinary(): Promise<string> {
  binary ??= run('bash', [path.join(REPO_ROOT, 'scripts/build-helm.sh')], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  }).then(({ stdout }) => stdout.trim().split('\n').at(-1) ?? '');
  return binary;
}

export interface HelmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs helm; resolves with its exit code and output whether it succeeds or not. */
export async function helm(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<HelmResult> {
  const bin = await helmBinary();
  try {
    const { stdout, stderr } = await run(bin, [...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** `helm template RELEASE CHART -n NAMESPACE` with `--set` pairs and extra flags; rejects on failure. */
export async function renderChart(options: {
  release?: string;
  namespace?: string;
  set?: Readonly<Record<string, string | number | boolean>>;
  args?: readonly string[];
}): Promise<string> {
  const sets = Object.entries(options.set ?? {}).flatMap(([key, value]) => [
    '--set',
    `${key}=${String(value)}`,
  ]);
  const result = await helm([
    'template',
    options.release ?? 'gatemap',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'gatemap',
    ...sets,
    ...(options.args ?? []),
  ]);
  if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * Why helm cannot be had on this machine (no cached binary and no Go to build one), or undefined.
 * Tests that need it are skipped with this reason in their title, never silently.
 */
export function helmUnavailable(): string | undefined {
  const goMod = readFileSync(path.join(REPO_ROOT, 'hack/tools/helm/go.mod'), 'utf8');
  const version = /^\s*(?:require\s+)?helm\.sh\/helm\/v4\s+(v\S+)/m.exec(goMod)?.[1] ?? '';
  const cache = process.env['GATEMAP_CACHE'] ?? path.join(homedir(), '.cache/gatemap');
  if (existsSync(path.join(cache, 'helm-bin', version, 'helm'))) return undefined;
  const hasGo = (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && existsSync(path.join(dir, 'go')));
  return hasGo ? undefined : 'helm is not built and Go is not on PATH to build it (scripts/build-helm.sh)';
}

/** The documents of a multi-document YAML text, as plain objects. */
export function documents(yaml: string): KubeDocument[] {
  return parseAllDocuments(yaml)
    .map((document) => document.toJS() as KubeDocument | null)
    .filter((document): document is KubeDocument => document !== null && typeof document === 'object');
}

export interface KubeDocument {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

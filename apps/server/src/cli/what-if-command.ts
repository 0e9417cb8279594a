/**
 * `gatemap analyze --context NAME` / `--kubeconfig PATH`: what a change would do to a live
 * cluster. Each cluster is read once (read-cluster.ts), the change is laid over it (the `-f`
 * files, `$patch: delete` documents and `--delete` flags: what-if-overlay.ts), and the core
 * predicts what would change (what-if.ts). Exits 1 when the change would break something that
 * works today in any context, 2 on bad usage, unreadable files or a cluster that could not be
 * read, 0 otherwise.
 */
import { parseManifests } from '@gatemap/manifests';
import {
  policyKindsFromNames,
  predictChange,
  WHAT_IF_FRAGMENT,
  whatIfManifests,
  type InputLimits,
  type ObjectKey,
  type ParsedManifests,
} from '@gatemap/topology';
import type { Palette } from './colors.ts';
import { escapeControl as safe } from './escape-control.ts';
import { clusterTarget, ClusterReadError, readCluster, type ClusterTarget } from './read-cluster.ts';
import { readInputs } from './read-inputs.ts';
import { renderWhatIf } from './render-what-if.ts';
import type { Io } from './usage.ts';
import {
  buildOverlay,
  createdAt,
  mergePolicyKinds,
  parseDeleteFlag,
  withPolicies,
} from './what-if-overlay.ts';
import type { ContextReport } from './what-if-report.ts';
import { writeJson } from './write-json.ts';

export interface WhatIfRequest {
  readonly filenames: readonly string[];
  /** `--delete` flags as written. */
  readonly deletes: readonly string[];
  /** Empty: the kubeconfig's current context. */
  readonly contexts: readonly string[];
  /** Default: as kubectl finds it (KUBECONFIG, ~/.kube/config). */
  readonly kubeconfig: string | undefined;
  /** Where objects that name no namespace go; default the context's namespace, as for `kubectl apply`. */
  readonly namespace: string | undefined;
  readonly output: 'text' | 'json';
  readonly limits: InputLimits;
  /** `--policy-kinds` as `Kind.group` names (validated by the caller), beside those discovered. */
  readonly policyKinds?: readonly string[];
  readonly color: Palette;
  /** The map's address (`--map`): the report ends with a link that opens the change on it. */
  readonly map?: string | undefined;
}

/** The most names of left-out objects one message lists. */
const MAX_NAMES = 5;
/** The longest link written (Chromium takes URLs up to 2 MB). */
const MAX_LINK = 2_000_000;

/** `--map`'s address, or why it is not one (http or https, without a fragment). */
function mapAddress(text: string): URL | { readonly error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `--map must be the map's address, e.g. https://gatemap.example/, got "${text}"` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { error: `--map must be an http or https address, got "${text}"` };
  return url;
}

/** The map's address with the manifests in its fragment (`#what-if=`, see the core's what-if-link.ts). */
function mapLink(map: URL, manifests: string): string {
  const url = new URL(map);
  url.hash = '';
  return `${url.href}#${WHAT_IF_FRAGMENT}${Buffer.from(manifests, 'utf8').toString('base64url')}`;
}

export async function runWhatIf(request: WhatIfRequest, io: Io): Promise<number> {
  const say = (message: string) => io.stderr.write(`gatemap analyze: ${safe(message)}\n`);
  const deletes: ObjectKey[] = [];
  for (const text of request.deletes) {
    const key = parseDeleteFlag(text);
    if (typeof key !== 'string') {
      say(key.error);
      return 2;
    }
    if (!deletes.includes(key)) deletes.push(key);
  }
  const map = request.map === undefined ? undefined : mapAddress(request.map);
  if (map !== undefined && 'error' in map) {
    say(map.error);
    return 2;
  }
  if (request.filenames.length === 0 && deletes.length === 0) {
    say('give the change: -f PATH (files to apply) or --delete KIND/NAMESPACE/NAME');
    return 2;
  }
  // Every context is checked before any cluster is read: a typo costs nothing.
  const targets: ClusterTarget[] = [];
  for (const context of request.contexts.length > 0 ? new Set(request.contexts) : [undefined]) {
    try {
      targets.push(clusterTarget(request.kubeconfig, context));
    } catch (error) {
      say((error as Error).message);
      return 2;
    }
  }

  const read = await readInputs(request.filenames, io.stdin, request.limits.maxFileBytes);
  for (const error of read.errors) say(`${error.path}: cannot read: ${error.reason}`);
  const parsed = read.files.map((file) =>
    parseManifests(file.text, file.name, { maxDocumentSize: request.limits.maxDocumentSize }),
  );
  let broken = read.errors.length > 0;
  const said = new Set<string>();
  const sayOnce = (message: string) => {
    if (said.has(message)) return;
    said.add(message);
    say(message);
  };

  const reports: ContextReport[] = [];
  for (const target of targets) {
    const predicted = await predictIn(target, { request, parsed, deletes, say, sayOnce });
    if (predicted.broken) broken = true;
    reports.push(predicted.report);
  }

  const link =
    map === undefined
      ? undefined
      : mapLink(
          map,
          whatIfManifests(
            read.files.map((file) => file.text),
            deletes,
          ),
        );
  if (link !== undefined && link.length > MAX_LINK) {
    say(
      `the link to the map would be ${link.length} characters, more than a browser takes; paste the files into the map instead`,
    );
  }
  const shown = link !== undefined && link.length <= MAX_LINK ? link : undefined;
  if (request.output === 'json')
    await writeJson(io.stdout, { contexts: reports, ...(shown ? { map: shown } : {}) });
  else {
    io.stdout.write(renderWhatIf(reports, request.color));
    if (shown) io.stdout.write(`\nOpen the change on the map (nothing is applied): ${shown}\n`);
  }
  if (broken) return 2;
  return reports.some((report) => 'breaks' in report && report.breaks) ? 1 : 0;
}

/** The report of one context; `broken` when its files or its cluster could not be read. */
async function predictIn(
  target: ClusterTarget,
  input: {
    readonly request: WhatIfRequest;
    readonly parsed: readonly ParsedManifests[];
    readonly deletes: readonly ObjectKey[];
    readonly say: (message: string) => void;
    /** For what is the same in every context: said in the first. */
    readonly sayOnce: (message: string) => void;
  },
): Promise<{ readonly report: ContextReport; readonly broken: boolean }> {
  const { request, say, sayOnce } = input;
  let broken = false;
  const built = buildOverlay({
    parsed: input.parsed,
    deletes: input.deletes,
    defaultNamespace: request.namespace ?? target.namespace,
    maxObjects: request.limits.maxObjects,
  });
  for (const issue of built.issues) {
    sayOnce(`${issue.severity}: ${issue.message}`);
    if (issue.severity === 'error') broken = true;
  }

  let cluster;
  try {
    cluster = await readCluster(target, {
      policyKinds: policyKindsFromNames(request.policyKinds ?? []).kinds,
    });
  } catch (error) {
    if (!(error instanceof ClusterReadError)) throw error;
    say(`context ${target.context}: cannot read the cluster: ${error.message}`);
    return { report: { context: target.context, error: error.message }, broken: true };
  }
  for (const kind of cluster.unread)
    say(`context ${target.context}: ${kind.kind} predicted without what could not be read: ${kind.message}`);
  for (const skipped of cluster.skipped)
    say(`context ${target.context}: skipping ${skipped.key ?? 'an object'}: ${skipped.message}`);
  const policyKinds = mergePolicyKinds(cluster.policyKinds, built.policyKinds);
  const { overlay, leftOut, sources } = withPolicies(built, policyKinds);
  if (leftOut.length > 0) {
    const names = leftOut.slice(0, MAX_NAMES).join(', ');
    const more = leftOut.length > MAX_NAMES ? ` and ${leftOut.length - MAX_NAMES} more` : '';
    sayOnce(`left out of the prediction, of kinds gatemap does not read: ${names}${more}`);
  }

  // An object of a kind the API server does not serve would not be created: kubectl apply fails for it.
  const notServed = new Map(cluster.notServed.map((kind) => [kind.kind, kind.message]));
  const upserts = overlay.upserts.filter((object) => {
    const why = notServed.get(object.info.kind);
    if (why !== undefined)
      say(`context ${target.context}: ${object.key} left out: ${why}, so applying it would fail`);
    return why === undefined;
  });
  const predicted = predictChange({
    base: cluster.objects,
    basePolicies: cluster.policies,
    policyKinds,
    overlay: createdAt(
      { ...overlay, upserts },
      new Set([...cluster.objects, ...cluster.policies].map((object) => object.key)),
      new Date(),
    ),
    // Extension kinds (ExtensionRef filter targets) are not read, so those references are not judged.
    options: { extensionRefs: 'trust' },
    readable: cluster.readable,
  });
  const deleted = new Set(built.overlay.deletes);
  const report: ContextReport = {
    context: cluster.context,
    server: cluster.server,
    objects: predicted.objects.map((object) => {
      const requested = deleted.has(object.key) ? 'delete' : 'apply';
      const source = requested === 'apply' ? sources.get(object.key) : undefined;
      return { ...object, requested, ...(source ? { source } : {}) };
    }),
    verdicts: predicted.verdicts,
    findings: predicted.findings,
    unread: cluster.unread,
    policyKinds: policyKinds.map((kind) => `${kind.kind}.${kind.group}`),
    breaks: predicted.breaks,
  };
  return { report, broken };
}

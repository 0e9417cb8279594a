/**
 * Which version of each known kind a cluster serves. Clusters differ (standard or experimental
 * channel, old CRD bundles), so versions are read from discovery, never assumed.
 */
import { KINDS, type KindInfo } from '@gatemap/topology';
import { isApiError, type KubeClient } from './kube-client.ts';

/** Served version → resource names (plurals) served in it. Empty when the group is not served. */
export type ServedResources = ReadonlyMap<string, ReadonlySet<string>>;

/** The API groups of {@link KINDS}, each with the versions any of its kinds can be read in. */
export function groupsToDiscover(kinds: readonly KindInfo[] = KINDS): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const info of kinds) {
    const versions = groups.get(info.group) ?? new Set<string>();
    for (const version of info.versions) versions.add(version);
    groups.set(info.group, versions);
  }
  return groups;
}

/**
 * Reads `/apis/<group>` and then `/apis/<group>/<version>` for each wanted version the group serves
 * (`/api/v1` for the core group). A group or version that is not served (404) is absent from the
 * result; any other failure rejects.
 */
export async function discoverGroup(
  client: KubeClient,
  group: string,
  wanted: ReadonlySet<string>,
  signal: AbortSignal,
): Promise<ServedResources> {
  let versions: string[];
  if (group === '') {
    versions = [...wanted];
  } else {
    const groupDoc = await getOrUndefined(client, `/apis/${group}`, signal);
    if (groupDoc === undefined) return new Map();
    const listed = (groupDoc as { versions?: { version?: unknown }[] }).versions ?? [];
    versions = listed
      .map((entry) => entry.version)
      .filter((version): version is string => typeof version === 'string' && wanted.has(version));
  }
  const served = new Map<string, Set<string>>();
  await Promise.all(
    versions.map(async (version) => {
      const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
      const doc = await getOrUndefined(client, path, signal);
      if (doc === undefined) return;
      const resources = (doc as { resources?: { name?: unknown }[] }).resources ?? [];
      served.set(
        version,
        new Set(
          resources
            .map((resource) => resource.name)
            .filter((name): name is string => typeof name === 'string' && !name.includes('/')),
        ),
      );
    }),
  );
  return served;
}

async function getOrUndefined(client: KubeClient, path: string, signal: AbortSignal): Promise<unknown> {
  try {
    return await client.get(path, { signal });
  } catch (error) {
    if (isApiError(error, 404)) return undefined;
    throw error;
  }
}

/** Where API discovery serves a kind: its resource name and scope, and the versions serving it. */
export interface FoundResource {
  readonly plural: string;
  readonly namespaced: boolean;
  /** The group's preferred version first, when it serves the kind. */
  readonly versions: readonly string[];
}

/**
 * Looks a kind up by group and kind in API discovery (for a kind named by the user, whose CRD may
 * not be readable); undefined when no served version has it. Any failure but 404 rejects.
 */
export async function findResource(
  client: KubeClient,
  group: string,
  kind: string,
  signal: AbortSignal,
): Promise<FoundResource | undefined> {
  let versions: string[];
  if (group === '') versions = ['v1'];
  else {
    const groupDoc = (await getOrUndefined(client, `/apis/${group}`, signal)) as
      { versions?: { version?: unknown }[]; preferredVersion?: { version?: unknown } } | undefined;
    if (groupDoc === undefined) return undefined;
    const preferred = groupDoc.preferredVersion?.version;
    versions = (groupDoc.versions ?? [])
      .map((entry) => entry.version)
      .filter((version): version is string => typeof version === 'string')
      .sort((left, right) => (left === preferred ? -1 : right === preferred ? 1 : 0));
  }
  let found: { plural: string; namespaced: boolean } | undefined;
  const serving: string[] = [];
  for (const version of versions) {
    const doc = (await getOrUndefined(
      client,
      group === '' ? '/api/v1' : `/apis/${group}/${version}`,
      signal,
    )) as { resources?: { name?: unknown; kind?: unknown; namespaced?: unknown }[] } | undefined;
    const resource = doc?.resources?.find(
      (entry) => entry.kind === kind && typeof entry.name === 'string' && !entry.name.includes('/'),
    );
    if (resource === undefined) continue;
    found ??= { plural: resource.name as string, namespaced: resource.namespaced !== false };
    serving.push(version);
  }
  return found && { ...found, versions: serving };
}

/** The first version in the kind's preference order that the server serves it in. */
export function pickVersion(info: KindInfo, served: ServedResources): string | undefined {
  return info.versions.find((version) => served.get(version)?.has(info.plural) === true);
}

/**
 * API groups the API server itself serves, not a CRD: a kind of these that is missing is one the
 * server's version or configuration leaves out (networking.k8s.io/v1 Ingress came in 1.19).
 */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set(['', 'networking.k8s.io']);

/** Why a kind that {@link pickVersion} found no version for is not available, naming its CRD. */
export function notInstalledMessage(info: KindInfo, served: ServedResources): string {
  const resource = info.group === '' ? info.plural : `${info.plural}.${info.group}`;
  const readable = info.versions.join(', ');
  if (BUILT_IN_GROUPS.has(info.group)) return `the API server does not serve ${resource} (${readable})`;
  if (served.size === 0) {
    return `CRD ${resource} is not installed (API group ${info.group} is not served)`;
  }
  return `CRD ${resource} is not installed, or serves none of the versions gatemap reads (${readable})`;
}

/**
 * The share-link form's pure parts: which namespaces and Routes can be chosen, what the form starts
 * with (the namespaces the map is filtered to, else the selected object's), the request it sends,
 * and how a link's state reads.
 */
import type { ClusterStatus, TopologyNode } from '@gatemap/topology';
import type { ExpiryChoice, NewShareLink, SharedScope, ShareLink } from '../api/access-api.ts';

export interface ShareForm {
  readonly cluster: string | undefined;
  readonly namespaces: readonly string[];
  /** `namespace/name`; empty shares every Route of the namespaces. */
  readonly routes: readonly string[];
  readonly expiresIn: ExpiryChoice;
  readonly label: string;
}

export const EXPIRY_TEXT: Record<ExpiryChoice, string> = {
  '1h': '1 hour',
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};

export interface ChoiceOption {
  readonly value: string;
  readonly count?: number;
  readonly detail?: string;
}

const inCluster = (node: TopologyNode, cluster: string | undefined): boolean =>
  cluster === undefined || node.cluster === undefined || node.cluster === cluster;

/**
 * Namespaces with objects in the cluster, with their object counts: the ones the form started
 * with first (so the prefilled choice is in sight), then the others by name.
 */
export function namespaceOptions(
  nodes: Iterable<TopologyNode>,
  cluster: string | undefined,
  first: readonly string[] = [],
): ChoiceOption[] {
  const counts = new Map<string, number>(first.map((namespace) => [namespace, 0]));
  for (const node of nodes) {
    if (node.ghost || node.namespace === undefined || !inCluster(node, cluster)) continue;
    counts.set(node.namespace, (counts.get(node.namespace) ?? 0) + 1);
  }
  const rank = (namespace: string): number => {
    const index = first.indexOf(namespace);
    return index < 0 ? first.length : index;
  };
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((left, right) => rank(left.value) - rank(right.value) || left.value.localeCompare(right.value));
}

/** The Routes (any Route kind) in the chosen namespaces, as `namespace/name`, with their kinds. */
export function routeOptions(
  nodes: Iterable<TopologyNode>,
  cluster: string | undefined,
  namespaces: readonly string[],
): ChoiceOption[] {
  const wanted = new Set(namespaces);
  const kinds = new Map<string, Set<string>>();
  for (const node of nodes) {
    if (node.ghost || node.summary.type !== 'route' || node.namespace === undefined) continue;
    if (!wanted.has(node.namespace) || !inCluster(node, cluster)) continue;
    const value = `${node.namespace}/${node.name}`;
    let set = kinds.get(value);
    if (!set) kinds.set(value, (set = new Set()));
    set.add(node.kind);
  }
  return [...kinds]
    .map(([value, set]) => ({ value, detail: [...set].sort().join(', ') }))
    .sort((left, right) => left.value.localeCompare(right.value));
}

/** Keeps only the Routes that lie in the namespaces (the server refuses the others). */
export function routesWithin(routes: readonly string[], namespaces: readonly string[]): string[] {
  const allowed = new Set(namespaces);
  return routes.filter((route) => allowed.has(route.split('/')[0] ?? ''));
}

/** The form as it opens: scoped to what the admin is looking at. */
export function initialShareForm(
  view: { readonly cluster: string | undefined; readonly namespaces: readonly string[] },
  selected: TopologyNode | undefined,
  clusters: readonly ClusterStatus[],
): ShareForm {
  const names = clusters.map((cluster) => cluster.name);
  const preferred = view.cluster ?? selected?.cluster;
  const cluster = preferred !== undefined && names.includes(preferred) ? preferred : names[0];
  const namespaces =
    view.namespaces.length > 0
      ? [...view.namespaces]
      : selected?.namespace !== undefined
        ? [selected.namespace]
        : [];
  return { cluster, namespaces, routes: [], expiresIn: '24h', label: '' };
}

/** What is missing before the form can be sent, as sentences. */
export function formProblems(form: ShareForm, clusters: readonly ClusterStatus[]): string[] {
  const problems: string[] = [];
  if (clusters.length > 1 && form.cluster === undefined) problems.push('Choose a cluster.');
  if (form.namespaces.length === 0) problems.push('Choose at least one namespace.');
  if (form.label.trim() === '') problems.push('Give the link a label (who it is for).');
  return problems;
}

/** The request body: routes only when some are chosen (none means every Route of the namespaces). */
export function shareRequest(form: ShareForm): NewShareLink {
  const routes = routesWithin(form.routes, form.namespaces);
  return {
    ...(form.cluster !== undefined ? { cluster: form.cluster } : {}),
    namespaces: [...form.namespaces],
    ...(routes.length > 0 ? { routes } : {}),
    expiresIn: form.expiresIn,
    label: form.label.trim(),
  };
}

export type LinkState = 'active' | 'expired' | 'revoked';

export function linkState(link: ShareLink, now: number): LinkState {
  if (link.revokedAt !== undefined) return 'revoked';
  return Date.parse(link.expiresAt) <= now ? 'expired' : 'active';
}

/** "cluster prod · namespaces a, b · Routes a/x, b/y" */
export function scopeText(
  scope: Pick<SharedScope, 'cluster' | 'namespaces' | 'routes'>,
  showCluster: boolean,
): string {
  const parts: string[] = [];
  if (showCluster && scope.cluster !== undefined) parts.push(`cluster ${scope.cluster}`);
  parts.push(`${scope.namespaces.length === 1 ? 'namespace' : 'namespaces'} ${scope.namespaces.join(', ')}`);
  if (scope.routes && scope.routes.length > 0)
    parts.push(`only ${scope.routes.length === 1 ? 'Route' : 'Routes'} ${scope.routes.join(', ')}`);
  return parts.join(' · ');
}

/**
 * Which CustomResourceDefinitions define policies (GEP-713 Policy Attachment), read from the CRDs
 * themselves rather than from a list of vendors. A CRD is a policy kind when it carries the label
 * `gateway.networking.k8s.io/policy` (any value, compared case-insensitively: P4–P6), or, without
 * the label (Envoy Gateway, Istio: P7), when its schema has a `spec.targetRef` or `spec.targetRefs`
 * of the policy-target-reference shape and a `status.ancestors` list. A kind whose schema has the
 * target reference but a flat status is a near miss: it is listed as skipped with its reason, and
 * is a policy only when named (`policyKindsFromNames`, for kinds the user knows to be policies).
 * Rule ids (P…) are those of the policy attachment digest beside the repository.
 * @see https://gateway-api.sigs.k8s.io/reference/policy-attachment/
 */
import { isPlainObject } from './schema.ts';

/** The label whose presence marks a policy CRD (`PolicyLabelKey` in `apis/v1/policy_types.go`). */
export const POLICY_LABEL = 'gateway.networking.k8s.io/policy';

/**
 * A kind of policy. `class` is the label's Direct or Inherited (non-normative since GEP-713's
 * rewrite, P2, and no predictor of behaviour, P8), `unknown` without it; `basis` says how the kind
 * was found: by the label, by its schema, or because it was named.
 */
export interface PolicyKind {
  readonly group: string;
  readonly kind: string;
  /** Lower-case plural used in API paths; undefined for a kind known only by name. */
  readonly plural: string | undefined;
  /** Served versions, storage first; empty for a kind known only by name (any version is read). */
  readonly versions: readonly string[];
  readonly storageVersion: string | undefined;
  readonly namespaced: boolean;
  readonly class: 'Direct' | 'Inherited' | 'unknown';
  readonly basis: 'label' | 'schema' | 'named';
  /** What the kind's schema offers to name targets (all false for a kind known only by name). */
  readonly targets: PolicyTargetShape;
  /** `ancestors`: `status.ancestors` (PolicyStatus); `conditions`: flat `status.conditions`. */
  readonly status: 'ancestors' | 'conditions' | 'none' | 'unknown';
  /** Whether the schema has `spec.defaults` / `spec.overrides` stanzas (GEP-713 merge strategies). */
  readonly stanzas: { readonly defaults: boolean; readonly overrides: boolean };
}

export interface PolicyTargetShape {
  /** A single `spec.targetRef` (P14: "MAY be used"). */
  readonly single: boolean;
  /** A `spec.targetRefs` list (P14: targets "MUST be declared in a `targetRefs` field"). */
  readonly list: boolean;
  /** `spec.targetSelectors` (label selectors, implementation-specific: P17). */
  readonly selectors: boolean;
  /** Target references may name a section (`…WithSectionName`, P10). */
  readonly sectionName: boolean;
  /** Target references may name a namespace (`NamespacedPolicyTargetReference`, P12). */
  readonly namespace: boolean;
}

/** A CRD that looked like a policy but is not one, and why (a reason code). */
export interface SkippedPolicyCandidate {
  readonly group: string;
  readonly kind: string;
  readonly reason: 'no-ancestors-status';
}

export interface PolicyDiscovery {
  readonly kinds: readonly PolicyKind[];
  readonly skipped: readonly SkippedPolicyCandidate[];
}

type Json = Readonly<Record<string, unknown>>;

const NO_TARGETS: PolicyTargetShape = Object.freeze({
  single: false,
  list: false,
  selectors: false,
  sectionName: false,
  namespace: false,
});

/**
 * The policy kinds among CustomResourceDefinitions as the API server returns them (`kubectl get
 * crd -o yaml` items); other objects and malformed CRDs are passed over. Sorted by group, then kind.
 */
export function discoverPolicyKinds(objects: Iterable<unknown>): PolicyDiscovery {
  const kinds: PolicyKind[] = [];
  const skipped: SkippedPolicyCandidate[] = [];
  for (const object of objects) {
    const found = readPolicyCrd(object);
    if (found === undefined) continue;
    if ('reason' in found) skipped.push(found);
    else kinds.push(found);
  }
  kinds.sort(byGroupKind);
  skipped.sort(byGroupKind);
  return { kinds, skipped };
}

/**
 * Whether `object` is the CustomResourceDefinition of one of `kinds`: read for discovery, it is
 * the kind's definition rather than an object of the topology, so sources pass it to discovery
 * and not to the graph (a CRD of no policy kind stays an object, kept and reported as unknown).
 */
export function definesPolicyKind(object: unknown, kinds: readonly PolicyKind[]): boolean {
  if (!isPlainObject(object) || object['kind'] !== 'CustomResourceDefinition') return false;
  const spec = record(object['spec']);
  const group = spec['group'];
  const kind = record(spec['names'])['kind'];
  return kinds.some((found) => found.basis !== 'named' && found.group === group && found.kind === kind);
}

/**
 * Policy kinds named as `Kind.group` (kubectl's resource notation; `Kind.` alone is the core
 * group), for kinds known to be policies whose CRDs are not at hand (P7). Entries not of that
 * shape are returned in `invalid`.
 */
export function policyKindsFromNames(names: Iterable<string>): {
  readonly kinds: readonly PolicyKind[];
  readonly invalid: readonly string[];
} {
  const kinds = new Map<string, PolicyKind>();
  const invalid: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    const dot = name.indexOf('.');
    const kind = dot < 0 ? '' : name.slice(0, dot);
    if (!/^[A-Za-z][-A-Za-z0-9]*$/.test(kind)) {
      invalid.push(raw);
      continue;
    }
    const group = name.slice(dot + 1);
    kinds.set(`${group}/${kind}`, {
      group,
      kind,
      plural: undefined,
      versions: [],
      storageVersion: undefined,
      namespaced: true,
      class: 'unknown',
      basis: 'named',
      targets: NO_TARGETS,
      status: 'unknown',
      stanzas: { defaults: false, overrides: false },
    });
  }
  return { kinds: [...kinds.values()].sort(byGroupKind), invalid };
}

function byGroupKind(a: { group: string; kind: string }, b: { group: string; kind: string }): number {
  return a.group === b.group ? (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) : a.group < b.group ? -1 : 1;
}

function readPolicyCrd(object: unknown): PolicyKind | SkippedPolicyCandidate | undefined {
  if (!isPlainObject(object) || object['kind'] !== 'CustomResourceDefinition') return undefined;
  const metadata = record(object['metadata']);
  const spec = record(object['spec']);
  const names = record(spec['names']);
  const group = spec['group'];
  const kind = names['kind'];
  if (typeof group !== 'string' || typeof kind !== 'string') return undefined;
  const versions = array(spec['versions']).filter(isPlainObject);
  const served = versions.filter(
    (version) => version['served'] === true && typeof version['name'] === 'string',
  );
  const storage = versions.find((version) => version['storage'] === true);
  // The schema read is the storage version's, else the first served one's: the shape stored.
  const schema = record(record(record(storage ?? served[0])['schema'])['openAPIV3Schema']);
  const specSchema = properties(schema)['spec'];
  const statusSchema = properties(schema)['status'];
  const targets = targetShape(specSchema);
  const status = statusShape(statusSchema);
  const label = labelValue(record(metadata['labels']));
  if (label === undefined) {
    if (!targets.single && !targets.list) return undefined;
    if (status !== 'ancestors') return { group, kind, reason: 'no-ancestors-status' };
  }
  const storageName = typeof storage?.['name'] === 'string' ? storage['name'] : undefined;
  const servedNames = served.map((version) => version['name'] as string);
  const specFields = properties(specSchema);
  return {
    group,
    kind,
    plural: typeof names['plural'] === 'string' ? names['plural'] : kind.toLowerCase(),
    versions:
      storageName !== undefined && servedNames.includes(storageName)
        ? [storageName, ...servedNames.filter((name) => name !== storageName)]
        : servedNames,
    storageVersion: storageName,
    namespaced: spec['scope'] !== 'Cluster',
    class: label === undefined ? 'unknown' : classOf(label),
    basis: label === undefined ? 'schema' : 'label',
    targets,
    status,
    stanzas: { defaults: 'defaults' in specFields, overrides: 'overrides' in specFields },
  };
}

/** The label's value, when the label is present (its presence alone marks a policy: P4). */
function labelValue(labels: Json): string | undefined {
  const value = labels[POLICY_LABEL];
  return typeof value === 'string' ? value : undefined;
}

/** P6: compared case-insensitively; `true` (accepted by gwctl, P43) reads as Direct. */
function classOf(label: string): PolicyKind['class'] {
  const value = label.trim().toLowerCase();
  if (value === 'direct' || value === 'true') return 'Direct';
  if (value === 'inherited') return 'Inherited';
  return 'unknown';
}

function targetShape(specSchema: unknown): PolicyTargetShape {
  const fields = properties(specSchema);
  const single = isTargetReference(fields['targetRef']);
  const listSchema = record(fields['targetRefs']);
  const list = listSchema['type'] === 'array' && isTargetReference(listSchema['items']);
  if (!single && !list) return NO_TARGETS;
  const refFields = {
    ...properties(single ? fields['targetRef'] : undefined),
    ...properties(listSchema['items']),
  };
  return {
    single,
    list,
    selectors: record(fields['targetSelectors'])['type'] === 'array',
    sectionName: 'sectionName' in refFields,
    namespace: 'namespace' in refFields,
  };
}

/**
 * The policy-target-reference shape (P9): an object with string `group`, `kind` and `name`, and
 * no other required field than those (a `sectionName` or `namespace` may be added: P10, P12).
 */
function isTargetReference(schema: unknown): boolean {
  const fields = properties(schema);
  for (const field of ['group', 'kind', 'name']) if (record(fields[field])['type'] !== 'string') return false;
  const required = array(record(schema)['required']);
  return required.every((field) => field === 'group' || field === 'kind' || field === 'name');
}

function statusShape(statusSchema: unknown): PolicyKind['status'] {
  const fields = properties(statusSchema);
  const ancestors = record(fields['ancestors']);
  if (ancestors['type'] === 'array' && 'ancestorRef' in properties(ancestors['items'])) return 'ancestors';
  if (record(fields['conditions'])['type'] === 'array') return 'conditions';
  return 'none';
}

function properties(schema: unknown): Json {
  return record(record(schema)['properties']);
}

function record(value: unknown): Json {
  return isPlainObject(value) ? value : {};
}

function array(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

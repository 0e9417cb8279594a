/**
 * A policy of a discovered kind (see `policy-discovery.ts`) read generically: what GEP-713 says
 * every policy has — target references, optional `defaults`/`overrides` stanzas, a status of
 * ancestors or flat conditions — and nothing of the kind's own fields. Never throws: malformed
 * entries are left out and named in `malformed`.
 * @see https://gateway-api.sigs.k8s.io/reference/policy-attachment/
 */
import type { Condition, KubeObject, ObjectMeta } from './meta.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import type { PolicyKind } from './policy-discovery.ts';
import { isPlainObject } from './schema.ts';

/** One target reference as written (P9, P10, P12), with the field it was read from. */
export interface PolicyTargetRef {
  /** Written out; `""` is the core group. An omitted group (the API server requires it) reads as core. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly sectionName?: string;
  /** `NamespacedPolicyTargetReference` only (P12); the policy's namespace when absent. */
  readonly namespace?: string;
  /** e.g. `spec.targetRefs[1]` or `spec.targetRef`. */
  readonly field: string;
}

/** An entry of `status.ancestors` (P18): the ancestorRef is a ParentReference (Gateway defaults). */
export interface ReportedPolicyAncestor {
  readonly ancestorRef: {
    readonly group?: string;
    readonly kind?: string;
    readonly namespace?: string;
    readonly name: string;
    readonly sectionName?: string;
  };
  readonly controllerName: string | undefined;
  readonly conditions: readonly Condition[];
}

export interface GenericPolicy {
  readonly key: ObjectKey;
  /** The kind's descriptor, as discovered. */
  readonly kind: PolicyKind;
  readonly metadata: ObjectMeta;
  /** `targetRefs` then `targetRef`, both read (P14), each target once. */
  readonly targetRefs: readonly PolicyTargetRef[];
  /** How many `targetSelectors` it has: implementation-specific (P17), listed but not resolved. */
  readonly selectors: number;
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
  readonly overrides: Readonly<Record<string, unknown>> | undefined;
  /** `status.ancestors` when the status has them, else undefined. */
  readonly ancestors: readonly ReportedPolicyAncestor[] | undefined;
  /** Flat `status.conditions` (P21: both shapes are legal). */
  readonly conditions: readonly Condition[] | undefined;
  /** Fields left out because they are not of their shape (the API server rejects such objects). */
  readonly malformed: readonly string[];
}

/** The `group/kind` of a policy kind, as the engine files kinds under. */
export function policyKindId(kind: { readonly group: string; readonly kind: string }): string {
  return `${kind.group}/${kind.kind}`;
}

/** Reads an object of a policy kind (its kind's descriptor given) as a generic policy. */
export function readGenericPolicy({
  object,
  kind,
}: {
  readonly object: KubeObject;
  readonly kind: PolicyKind;
}): GenericPolicy {
  const malformed: string[] = [];
  const spec = isPlainObject(object.spec) ? object.spec : {};
  const targetRefs: PolicyTargetRef[] = [];
  const seen = new Set<string>();
  const add = (raw: unknown, field: string) => {
    const ref = readTargetRef(raw, field);
    if (ref === undefined) {
      malformed.push(field);
      return;
    }
    const id = [ref.group, ref.kind, ref.namespace ?? '', ref.name, ref.sectionName ?? ''].join('/');
    if (seen.has(id)) return;
    seen.add(id);
    targetRefs.push(ref);
  };
  const list = spec['targetRefs'];
  if (Array.isArray(list)) list.forEach((raw, index) => add(raw, `spec.targetRefs[${index}]`));
  else if (list !== undefined && list !== null) malformed.push('spec.targetRefs');
  if (spec['targetRef'] !== undefined && spec['targetRef'] !== null) add(spec['targetRef'], 'spec.targetRef');
  const selectors = Array.isArray(spec['targetSelectors']) ? spec['targetSelectors'].length : 0;
  const status = isPlainObject(object.status) ? object.status : {};
  const namespace = kind.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
  return {
    key: objectKey(kind.group, kind.kind, namespace, object.metadata.name),
    kind,
    metadata: object.metadata,
    targetRefs,
    selectors,
    defaults: stanza(spec['defaults']),
    overrides: stanza(spec['overrides']),
    ancestors: Array.isArray(status['ancestors'])
      ? status['ancestors'].flatMap((entry) => readAncestor(entry) ?? [])
      : undefined,
    conditions: readConditions(status['conditions']),
    malformed,
  };
}

function readTargetRef(raw: unknown, field: string): PolicyTargetRef | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { group, kind, name, sectionName, namespace } = raw;
  if (typeof kind !== 'string' || kind === '' || typeof name !== 'string' || name === '') return undefined;
  if (group !== undefined && typeof group !== 'string') return undefined;
  return {
    group: group ?? '',
    kind,
    name,
    ...(typeof sectionName === 'string' && sectionName !== '' ? { sectionName } : {}),
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    field,
  };
}

function stanza(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return isPlainObject(value) ? value : undefined;
}

function readAncestor(raw: unknown): ReportedPolicyAncestor | undefined {
  if (!isPlainObject(raw) || !isPlainObject(raw['ancestorRef'])) return undefined;
  const ref = raw['ancestorRef'];
  if (typeof ref['name'] !== 'string') return undefined;
  const text = (field: string) => (typeof ref[field] === 'string' ? { [field]: ref[field] } : {});
  return {
    ancestorRef: {
      name: ref['name'],
      ...text('group'),
      ...text('kind'),
      ...text('namespace'),
      ...text('sectionName'),
    },
    controllerName: typeof raw['controllerName'] === 'string' ? raw['controllerName'] : undefined,
    conditions: readConditions(raw['conditions']) ?? [],
  };
}

function readConditions(value: unknown): readonly Condition[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (entry): entry is Condition =>
      isPlainObject(entry) && typeof entry['type'] === 'string' && typeof entry['status'] === 'string',
  );
}

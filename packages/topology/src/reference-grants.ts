/**
 * ReferenceGrant matching. A cross-namespace reference is permitted when a ReferenceGrant in the
 * target's namespace has a `from` entry equal to the referrer's group, kind and namespace and a
 * `to` entry equal to the target's group and kind, whose name is unset or the target's name.
 * A grant in the referrer's namespace does nothing.
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
import type { AnalysisContext } from './analysis-context.ts';
import { GATEWAY_GROUP } from './gateway-api.ts';
import type { ObjectKey } from './object-key.ts';
import { stringify } from 'yaml';

export interface ReferenceEnd {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

export interface ReferenceTarget extends ReferenceEnd {
  readonly name: string;
}

export type Permission =
  { readonly permitted: true; readonly grant?: ObjectKey } | { readonly permitted: false };

/** Checks one reference; a same-namespace reference needs no grant. */
export function checkReferencePermitted(
  ctx: AnalysisContext,
  from: ReferenceEnd,
  to: ReferenceTarget,
): Permission {
  if (from.namespace === to.namespace) return { permitted: true };
  for (const { key, grant } of ctx.grantsIn(to.namespace)) {
    const fromOk = grant.spec.from.some(
      (entry) =>
        (entry.group ?? '') === from.group && entry.kind === from.kind && entry.namespace === from.namespace,
    );
    if (!fromOk) continue;
    const toOk = grant.spec.to.some(
      (entry) =>
        (entry.group ?? '') === to.group &&
        entry.kind === to.kind &&
        (entry.name === undefined || entry.name === '' || entry.name === to.name),
    );
    if (toOk) return { permitted: true, grant: key };
  }
  return { permitted: false };
}

/**
 * Why no grant permits a reference, naming near misses: a grant in the referrer's namespace
 * (grants work only in the target's), or one in the target's namespace that differs in a field.
 * Empty when there is no grant to speak of. Kept apart from the message: hints name objects in
 * other namespaces.
 */
export function explainMissingGrant(ctx: AnalysisContext, from: ReferenceEnd, to: ReferenceTarget): string[] {
  const hints: string[] = [];
  for (const { key, grant } of ctx.grantsIn(to.namespace)) {
    const mismatches: string[] = [];
    const fromEntry = grant.spec.from.find((entry) => entry.kind === from.kind) ?? grant.spec.from[0];
    if (fromEntry) {
      if ((fromEntry.group ?? '') !== from.group)
        mismatches.push(`from.group is "${fromEntry.group ?? ''}", not "${from.group}"`);
      if (fromEntry.kind !== from.kind) mismatches.push(`from.kind is ${fromEntry.kind}, not ${from.kind}`);
      if (fromEntry.namespace !== from.namespace)
        mismatches.push(`from.namespace is ${fromEntry.namespace}, not ${from.namespace}`);
    }
    const toEntry = grant.spec.to.find((entry) => entry.kind === to.kind) ?? grant.spec.to[0];
    if (toEntry) {
      if ((toEntry.group ?? '') !== to.group)
        mismatches.push(`to.group is "${toEntry.group ?? ''}", not "${to.group}"`);
      if (toEntry.kind !== to.kind) mismatches.push(`to.kind is ${toEntry.kind}, not ${to.kind}`);
      if (toEntry.name && toEntry.name !== to.name)
        mismatches.push(`to.name is ${toEntry.name}, not ${to.name}`);
    }
    if (mismatches.length === 1)
      hints.push(`ReferenceGrant ${keyName(key)} comes close, but ${mismatches.join(' and ')}`);
  }
  if (from.namespace !== to.namespace) {
    for (const { key, grant } of ctx.grantsIn(from.namespace)) {
      if (grant.spec.to.some((entry) => entry.kind === to.kind)) {
        hints.push(
          `ReferenceGrant ${keyName(key)} lives in ${from.namespace}, the referrer's namespace; a grant takes effect only in the namespace of what it exposes (${to.namespace})`,
        );
      }
    }
  }
  return hints.map((hint) => `${hint}.`);
}

function keyName(key: ObjectKey): string {
  return key.split('/').slice(1).join('/');
}

/** The tally that records which references rely on a grant. */
export function grantUseTally(grant: ObjectKey): string {
  return `grant-use:${grant}`;
}

/** The ReferenceGrant that permits exactly this reference, as YAML to apply. */
export function referenceGrantYaml(
  from: ReferenceEnd & { readonly name: string },
  to: ReferenceTarget,
): string {
  const grant = {
    apiVersion: `${GATEWAY_GROUP}/v1beta1`,
    kind: 'ReferenceGrant',
    metadata: {
      name: grantName(from, to),
      namespace: to.namespace,
    },
    spec: {
      from: [{ group: from.group, kind: from.kind, namespace: from.namespace }],
      to: [{ group: to.group, kind: to.kind, name: to.name }],
    },
  };
  return stringify(grant, { lineWidth: 0, aliasDuplicateObjects: false });
}

function grantName(from: ReferenceEnd & { readonly name: string }, to: ReferenceTarget): string {
  const raw = `allow-${from.namespace}-${from.kind}-to-${to.kind}-${to.name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');
  return raw.length <= 63 ? raw.replace(/-+$/, '') : raw.slice(0, 63).replace(/-+$/, '');
}

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
  | { readonly permitted: true; readonly grant?: ObjectKey }
  | { readonly permitted: false };

/** Checks one reference; a same-namespace reference needs no grant. */
export function checkReferencePermitted(ctx: AnalysisContext, from: ReferenceEnd, to: ReferenceTarget): Permission {
  if (from.namespace === to.namespace) return { permitted: true };
  for (const { key, grant } of ctx.grantsIn(to.namespace)) {
    const fromOk = grant.spec.from.some(
      (entry) => (entry.group ?? '') === from.group && entry.kind === from.kind && entry.namespace === from.namespace,
    );
    if (!fromOk) continue;
    const toOk = grant.spec.to.some(
      (entry) => (entry.group ?? '') === to.group && entry.kind === to.kind && (entry.name === undefined || entry.name === '' || entry.name === to.name),
    );
    if (toOk) return { permitted: true, grant: key };
  }
  return { permitted: false };
}

/** The tally that records which references rely on a grant. */
export function grantUseTally(grant: ObjectKey): string {
  return `grant-use:${grant}`;
}

/** The ReferenceGrant that permits exactly this reference, as YAML to apply. */
export function referenceGrantYaml(from: ReferenceEnd & { readonly name: string }, to: ReferenceTarget): string {
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
  return stringify(grant, { lineWidth: 0 });
}

function grantName(from: ReferenceEnd & { readonly name: string }, to: ReferenceTarget): string {
  const raw = `allow-${from.namespace}-${from.kind}-to-${to.kind}-${to.name}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return raw.length <= 63 ? raw.replace(/-+$/, '') : raw.slice(0, 63).replace(/-+$/, '');
}

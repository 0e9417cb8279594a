/**
 * What a change does to policies of discovered kinds (GEP-713): a target that goes away, a new
 * policy that challenges an established one, and the age a re-applied policy keeps. Rule ids (P…)
 * are those of the policy attachment digest (../shared/policy-attachment.md beside the repository).
 */
import { gateway, gatewayClass, httpRoute, type KubeObject } from '@gatemap/fixtures';
import { describe, expect, it } from 'vitest';
import { decodeObject, type UnknownObject } from './decode-object.ts';
import type { ObjectKey } from './object-key.ts';
import { policy, policyKind, routeTarget } from './policy-test-support.ts';
import { decoded, TS_NEW, TS_OLD } from './test-support.ts';
import { predictChange, type PredictedChange } from './what-if.ts';

const ROUTE = 'HTTPRoute/default/httproute' as ObjectKey;
const key = (name: string) => `TestPolicy.example.com/default/${name}`;
const scene = [gatewayClass(), gateway(), httpRoute()].map(decoded);

function unknown(raw: KubeObject): UnknownObject {
  const result = decodeObject(raw);
  if (!result.ok || !('unknown' in result)) throw new Error('not an object of an unknown kind');
  return result.unknown;
}

function predict(input: {
  basePolicies: readonly KubeObject[];
  policies?: readonly KubeObject[];
  deletes?: readonly ObjectKey[];
  kinds?: boolean;
}): PredictedChange {
  return predictChange({
    base: scene,
    basePolicies: input.basePolicies.map(unknown),
    ...(input.kinds === false ? {} : { policyKinds: [policyKind()] }),
    overlay: { upserts: [], deletes: input.deletes ?? [], policies: (input.policies ?? []).map(unknown) },
  });
}

/** `id before → after` of each verdict change of one object. */
const flips = (result: PredictedChange, name: string) =>
  result.verdicts
    .filter((change) => change.key === key(name))
    .map(
      (change) =>
        `${change.direction} ${change.after?.type ?? change.before?.type} ${change.before?.value ?? '-'} → ${change.after?.value ?? '-'}`,
    );

describe('predictChange: policies of discovered kinds', () => {
  it("raises a policy's missing target when its Route is deleted (P13)", () => {
    const result = predict({
      basePolicies: [policy({ name: 'retries', targetRefs: [routeTarget()] })],
      deletes: [ROUTE],
    });
    expect(result.objects).toEqual([{ key: ROUTE, change: 'removed', fields: [] }]);
    expect(flips(result, 'retries')).toContainEqual('broke GM604 - → raised (warning)');
    expect(result.findings.map((item) => [item.subject, item.slug])).toContainEqual([
      key('retries'),
      'policy-attachment-target-missing',
    ]);
    // Its ancestor goes with the target: nothing left to be Accepted on.
    expect(flips(result, 'retries')).toContain('changed Accepted True (Accepted) → -');
  });

  it('predicts a new policy on a target an older one holds Conflicted, the older kept (P28, P29)', () => {
    const result = predict({
      basePolicies: [policy({ name: 'held', creationTimestamp: TS_OLD, targetRefs: [routeTarget()] })],
      policies: [policy({ name: 'challenger', creationTimestamp: TS_NEW, targetRefs: [routeTarget()] })],
    });
    expect(result.objects.map((object) => [object.key, object.change])).toEqual([
      [key('challenger'), 'added'],
    ]);
    expect(flips(result, 'challenger')).toEqual([
      'changed Accepted - → False (Conflicted)',
      'changed GM606 - → raised (error)',
    ]);
    expect(flips(result, 'held')).toEqual([]);
    expect(result.breaks).toBe(false);
  });

  it('keeps the age of a policy applied again without creationTimestamp: it still holds its target', () => {
    const result = predict({
      basePolicies: [
        policy({ name: 'held', creationTimestamp: TS_OLD, targetRefs: [routeTarget()] }),
        policy({ name: 'later', creationTimestamp: TS_NEW, targetRefs: [routeTarget()] }),
      ],
      policies: [policy({ name: 'held', targetRefs: [routeTarget()], defaults: { retries: 3 } })],
    });
    expect(result.objects.map((object) => [object.key, object.change])).toEqual([[key('held'), 'replaced']]);
    expect(flips(result, 'held')).toEqual([]);
    expect(flips(result, 'later')).toEqual([]);
  });

  it('reads nothing of such objects while their kind is not given', () => {
    const result = predict({
      basePolicies: [policy({ name: 'retries', targetRefs: [routeTarget()] })],
      deletes: [ROUTE],
      kinds: false,
    });
    expect(flips(result, 'retries')).toEqual([]);
  });
});

/**
 * The engine's secondary indexes: ReferenceGrants by namespace, ListenerSets by the Gateway they
 * name, BackendTLSPolicies by the Service they target, policies of discovered kinds by the
 * objects they target. Each bucket has the key its readers record
 * a read of (see `dependency`), and filing an object in or out of a bucket touches that key.
 */
import { policyTargets } from './analyze-policy.ts';
import type { DecodedObject } from './decode-object.ts';
import type { BackendTLSPolicy, ListenerSet, ReferenceGrant } from './gateway-api.ts';
import type { GenericPolicy } from './generic-policy.ts';
import type { ObjectKey } from './object-key.ts';
import { resolveListenerSetParent, resolveLocalRef, resolvePolicyTargetRef } from './resolve-refs.ts';

/** The key a reader of a bucket records: a policy's Service bucket is the Service's own key. */
export const dependency = {
  grants: (namespace: string) => `grants:${namespace}`,
  listenerSets: (gateway: string) => `listenersets-of:${gateway}`,
  policies: (service: string) => service,
  /**
   * A Service's generic policies are read under its own key, as its BackendTLSPolicies are: the
   * Routes that read the Service learn of them at no extra cost. Other targets (a Gateway, read by
   * every Route attached to it) have a bucket of their own, read only by policies.
   */
  policiesOn: (target: string) =>
    target.startsWith('Service/') || target.startsWith('ServiceImport/') ? target : `policies-on:${target}`,
} as const;

interface Membership {
  readonly dependency: string;
  readonly map: Map<string, Map<ObjectKey, unknown>>;
  readonly bucket: string;
  readonly item: unknown;
}

const NO_MEMBERSHIPS: readonly Membership[] = Object.freeze([]);
const NONE: readonly never[] = Object.freeze([]);

export class ObjectIndexes {
  private readonly grantsByNamespace = new Map<string, Map<ObjectKey, unknown>>();
  private readonly setsByGateway = new Map<string, Map<ObjectKey, unknown>>();
  private readonly policiesByTarget = new Map<string, Map<ObjectKey, unknown>>();
  private readonly genericByTarget = new Map<string, Map<ObjectKey, GenericPolicy>>();
  /** Called with the dependency key of each bucket an object is filed in or out of. */
  private readonly touch: (dependency: string) => void;

  constructor(touch: (dependency: string) => void) {
    this.touch = touch;
  }

  /** Files an object in the buckets it belongs to. */
  add(object: DecodedObject): void {
    const memberships = this.memberships(object);
    if (memberships === NO_MEMBERSHIPS) return;
    for (const { dependency, map, bucket, item } of memberships) {
      let entries = map.get(bucket);
      if (!entries) map.set(bucket, (entries = new Map()));
      entries.set(object.key, item);
      this.touch(dependency);
    }
  }

  /** Files an object (as it was added) out of its buckets. */
  remove(object: DecodedObject): void {
    const memberships = this.memberships(object);
    if (memberships === NO_MEMBERSHIPS) return;
    for (const { dependency, map, bucket } of memberships) {
      const entries = map.get(bucket);
      entries?.delete(object.key);
      if (entries?.size === 0) map.delete(bucket);
      this.touch(dependency);
    }
  }

  grantsIn(namespace: string): readonly { readonly key: ObjectKey; readonly grant: ReferenceGrant }[] {
    const bucket = this.grantsByNamespace.get(namespace);
    if (!bucket) return NONE;
    return [...bucket.entries()].map(([key, grant]) => ({ key, grant: grant as ReferenceGrant }));
  }

  listenerSetsOf(gateway: string): readonly { readonly key: ObjectKey; readonly set: ListenerSet }[] {
    const bucket = this.setsByGateway.get(gateway);
    if (!bucket) return NONE;
    return [...bucket.entries()].map(([key, set]) => ({ key, set: set as ListenerSet }));
  }

  policiesFor(service: string): readonly { readonly key: ObjectKey; readonly policy: BackendTLSPolicy }[] {
    const bucket = this.policiesByTarget.get(service);
    if (!bucket) return NONE;
    return [...bucket.entries()].map(([key, policy]) => ({ key, policy: policy as BackendTLSPolicy }));
  }

  /** Files a generic policy under each object it targets (once per object). */
  addPolicy(policy: GenericPolicy): void {
    for (const target of targetKeys(policy)) {
      let entries = this.genericByTarget.get(target);
      if (!entries) this.genericByTarget.set(target, (entries = new Map()));
      entries.set(policy.key, policy);
      this.touch(dependency.policiesOn(target));
    }
  }

  /** Files a generic policy (as it was added) out of its targets' buckets. */
  removePolicy(policy: GenericPolicy): void {
    for (const target of targetKeys(policy)) {
      const entries = this.genericByTarget.get(target);
      entries?.delete(policy.key);
      if (entries?.size === 0) this.genericByTarget.delete(target);
      this.touch(dependency.policiesOn(target));
    }
  }

  /** Generic policies that target an object, in the order they were filed. */
  policiesTargeting(target: string): readonly GenericPolicy[] {
    const bucket = this.genericByTarget.get(target);
    return bucket ? [...bucket.values()] : NONE;
  }

  /**
   * The buckets an object belongs to. Most objects belong to none, and are not read any further
   * (a first load visits 144,000).
   */
  private memberships(object: DecodedObject): readonly Membership[] {
    const role = object.role;
    if (role !== 'referencegrant' && role !== 'listenerset' && role !== 'policy') return NO_MEMBERSHIPS;
    const namespace = object.object.metadata.namespace ?? 'default';
    switch (object.role) {
      case 'referencegrant':
        return [
          {
            dependency: dependency.grants(namespace),
            map: this.grantsByNamespace,
            bucket: namespace,
            item: object.object,
          },
        ];
      case 'listenerset': {
        const set = object.object;
        const parent = resolveListenerSetParent(namespace, set.spec.parentRef).key;
        return [
          { dependency: dependency.listenerSets(parent), map: this.setsByGateway, bucket: parent, item: set },
        ];
      }
      case 'policy': {
        const policy = object.object;
        return policyTargets(policy).map((target) => {
          const service = resolveLocalRef(namespace, target).key;
          return {
            dependency: dependency.policies(service),
            map: this.policiesByTarget,
            bucket: service,
            item: policy,
          };
        });
      }
    }
  }
}

function targetKeys(policy: GenericPolicy): ReadonlySet<ObjectKey> {
  const namespace = policy.metadata.namespace ?? 'default';
  return new Set(policy.targetRefs.map((ref) => resolvePolicyTargetRef(namespace, ref).key));
}

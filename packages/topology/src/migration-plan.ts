/**
 * The migration of a topology's Ingresses to the Gateway API, checked before it is proposed: the
 * coverage of every Ingress (ingress-coverage.ts), the replacement of those not covered
 * (ingress-replacement.ts), and the replacement laid over the same objects by the what-if engine
 * (what-if.ts), so that only objects that would be accepted are proposed; one that would not says
 * why. The coverage the change would leave is judged the same way, from the same analysis.
 * @see ../shared/ingress-migration.md beside the repository
 */
import { stringify } from 'yaml';
import type { AnalyzerOptions } from './analysis-context.ts';
import { decodeObject, objectOfKind, type DecodedObject } from './decode-object.ts';
import { TopologyEngine } from './engine.ts';
import type { Ingress } from './ingress.ts';
import { migrationCoverage, type CoverageSummary, type IngressCoverage } from './ingress-coverage.ts';
import { generateReplacement } from './ingress-replacement.ts';
import type { GeneratedObject } from './replacement-target.ts';
import { untranslatedAnnotations, type UntranslatedAnnotation } from './nginx-annotations.ts';
import { objectKey, type ObjectKey } from './object-key.ts';
import { predictOn } from './what-if.ts';

export interface MigrationPlanInput {
  /** The objects of the cluster (or of the files): Ingresses, Services, Gateways, Routes, … */
  readonly objects: readonly DecodedObject[];
  /** The Gateway the routes go to; by default the only Gateway among the objects. */
  readonly gateway?: { readonly namespace: string; readonly name: string };
  /** Replace only these Ingresses (the map's replacement of one Ingress); by default every one not covered. */
  readonly only?: readonly ObjectKey[];
  readonly options?: AnalyzerOptions;
}

/** A generated object and what the analysis says of it once applied. */
export interface ProposedObject {
  readonly key: ObjectKey;
  readonly object: GeneratedObject;
  /** Every parent accepts it and its references resolve (for a Gateway: its listeners are accepted). */
  readonly accepted: boolean;
  /** Why it would not be accepted, one line each. */
  readonly reasons: readonly string[];
}

/** One Ingress in the plan: its coverage now, the objects made from it, and what was not translated. */
export interface IngressMigration {
  readonly coverage: IngressCoverage;
  readonly routes: readonly string[];
  readonly problems: readonly string[];
  readonly untranslated: readonly UntranslatedAnnotation[];
}

export interface MigrationPlan {
  /** The Gateway the routes go to, or why none could be picked. */
  readonly gateway: { readonly key: ObjectKey } | { readonly problem: string };
  readonly ingresses: readonly IngressMigration[];
  readonly summary: CoverageSummary;
  /** The objects that would be accepted, to apply. */
  readonly proposed: readonly ProposedObject[];
  /** The objects that would not be accepted, with why; never part of the manifests. */
  readonly rejected: readonly ProposedObject[];
  /** The coverage once `proposed` is applied. */
  readonly after: CoverageSummary;
  /** Applying them would break something that works today (what-if.ts). */
  readonly breaks: boolean;
}

/** Plans the migration of the Ingresses among `objects` (see the module header). */
export function planMigration(input: MigrationPlanInput): MigrationPlan {
  const engine = new TopologyEngine(input.options);
  engine.apply(input.objects.map((object) => ({ type: 'upsert', object })));
  const { coverages, summary } = migrationCoverage(engine);
  const ingresses = new Map<ObjectKey, Ingress>();
  for (const object of input.objects) if (object.role === 'ingress') ingresses.set(object.key, object.object);
  const picked = pickGateway(input);
  const pending = coverages.filter(
    (item) => item.state !== 'covered' && (input.only === undefined || input.only.includes(item.key)),
  );
  if ('problem' in picked || pending.length === 0) {
    return {
      gateway: 'problem' in picked ? picked : { key: gatewayKey(picked.target) },
      ingresses: coverages.map((coverage) => ({
        coverage,
        routes: [],
        problems: [],
        untranslated: untranslatedAnnotations(ingresses.get(coverage.key)?.metadata.annotations),
      })),
      summary,
      proposed: [],
      rejected: [],
      after: summary,
      breaks: false,
    };
  }
  const replacement = generateReplacement({
    ingresses: pending.flatMap((item) => ingresses.get(item.key) ?? []),
    target: {
      ...picked.target,
      ...(picked.gateway ? { gateway: picked.gateway } : {}),
    },
    service: (namespace, name) =>
      objectOfKind(engine.object(objectKey('', 'Service', namespace, name)), 'Service'),
  });
  const generated = [
    ...(replacement.gateway ? [replacement.gateway] : []),
    ...replacement.referenceGrants,
    ...replacement.routes,
  ];
  const rejected: ProposedObject[] = [];
  let candidates: { readonly object: GeneratedObject; readonly decoded: DecodedObject }[] = [];
  for (const object of generated) {
    const decoded = decodeObject(object);
    if (decoded.ok && 'value' in decoded) candidates.push({ object, decoded: decoded.value });
    else {
      const why = decoded.ok
        ? 'not a kind gatemap reads'
        : decoded.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
      rejected.push({ key: keyOf(object), object, accepted: false, reasons: [`does not decode: ${why}`] });
    }
  }
  // What is proposed must hold without what is not (a Route on a listener of a Gateway change that
  // is itself rejected): the check is repeated without the rejected objects until none is left.
  let after: TopologyEngine;
  let change: ReturnType<typeof predictOn>;
  for (;;) {
    after = new TopologyEngine(input.options);
    change = predictOn(after, {
      base: input.objects,
      overlay: { upserts: candidates.map((item) => item.decoded), deletes: [] },
    });
    const engine = after;
    const judged = candidates.map((item) => ({ item, reasons: judge(engine, item.decoded.key) }));
    const failed = judged.filter((entry) => entry.reasons.length > 0);
    for (const { item, reasons } of failed)
      rejected.push({ key: item.decoded.key, object: item.object, accepted: false, reasons });
    if (failed.length === 0) break;
    candidates = judged.filter((entry) => entry.reasons.length === 0).map((entry) => entry.item);
  }
  const proposed: ProposedObject[] = candidates.map((item) => ({
    key: item.decoded.key,
    object: item.object,
    accepted: true,
    reasons: [],
  }));
  const notes = new Map(replacement.notes.map((note) => [note.ingress, note]));
  return {
    gateway: {
      key: objectKey('gateway.networking.k8s.io', 'Gateway', picked.target.namespace, picked.target.name),
    },
    ingresses: coverages.map((coverage) => {
      const note = notes.get(`${coverage.namespace}/${coverage.name}`);
      return {
        coverage,
        routes: note?.routes ?? [],
        problems: note?.problems ?? [],
        untranslated: untranslatedAnnotations(ingresses.get(coverage.key)?.metadata.annotations),
      };
    }),
    summary,
    proposed,
    rejected,
    after: migrationCoverage(after).summary,
    breaks: change.breaks,
  };
}

/** The proposed objects as YAML documents, ready for `kubectl apply -f -`. */
export function migrationManifests(plan: MigrationPlan): string {
  return plan.proposed
    .map((item) => stringify(item.object, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}

function pickGateway(input: MigrationPlanInput):
  | { readonly problem: string }
  | {
      readonly target: { readonly namespace: string; readonly name: string };
      readonly gateway?: DecodedObject<'Gateway'>['object'];
    } {
  // An object given twice is the one given last, as the engine keeps it.
  const gateways = [
    ...new Map(
      input.objects.filter((object) => object.role === 'gateway').map((object) => [object.key, object]),
    ).values(),
  ];
  if (input.gateway) {
    const key = objectKey(
      'gateway.networking.k8s.io',
      'Gateway',
      input.gateway.namespace,
      input.gateway.name,
    );
    const found = gateways.find((object) => object.key === key);
    if (!found)
      return { problem: `Gateway ${input.gateway.namespace}/${input.gateway.name} is not among the objects` };
    return { target: input.gateway, gateway: objectOfKind(found, 'Gateway') };
  }
  const only = gateways.length === 1 ? gateways[0] : undefined;
  if (!only)
    return {
      problem:
        gateways.length === 0
          ? 'no Gateway is among the objects: pick one with --gateway NAMESPACE/NAME and give its manifest'
          : `${gateways.length} Gateways are among the objects: pick one with --gateway NAMESPACE/NAME`,
    };
  return {
    target: { namespace: only.object.metadata.namespace ?? 'default', name: only.object.metadata.name },
    gateway: objectOfKind(only, 'Gateway'),
  };
}

function gatewayKey(target: { readonly namespace: string; readonly name: string }): ObjectKey {
  return objectKey('gateway.networking.k8s.io', 'Gateway', target.namespace, target.name);
}

function keyOf(object: GeneratedObject): ObjectKey {
  const slash = object.apiVersion.lastIndexOf('/');
  return objectKey(
    slash < 0 ? '' : object.apiVersion.slice(0, slash),
    object.kind,
    object.metadata.namespace,
    object.metadata.name,
  );
}

/** Why an applied object would not be accepted, from the analysis of the engine it was applied to. */
function judge(engine: TopologyEngine, key: ObjectKey): string[] {
  const reasons: string[] = [];
  const route = engine.route(key);
  if (route) {
    for (const parent of route.parents) {
      if (!parent.written) {
        reasons.push(`${parent.parent.key}: ${parent.unwrittenBecause ?? 'no controller writes its status'}`);
        continue;
      }
      for (const condition of parent.conditions)
        if (
          (condition.type === 'Accepted' || condition.type === 'ResolvedRefs') &&
          condition.status !== 'True'
        )
          reasons.push(
            `${condition.type}=${condition.status} (${condition.reason}) on ${parent.parent.key}: ${condition.message}`,
          );
    }
  }
  const gateway = engine.gateway(key);
  if (gateway)
    for (const listener of gateway.listeners)
      if (!listener.accepted || listener.conflicted || !listener.resolvedRefs)
        for (const condition of listener.conditions)
          if (condition.status !== (condition.type === 'Conflicted' ? 'False' : 'True'))
            reasons.push(
              `listener ${listener.name}: ${condition.type}=${condition.status} (${condition.reason}): ${condition.message}`,
            );
  for (const item of engine.findingsFor(key))
    if (item.severity === 'error' && !reasons.some((reason) => reason.includes(item.message)))
      reasons.push(`${item.code}: ${item.message}`);
  return reasons;
}

/**
 * The wire protocol between gatemap's server and its clients (the map, `analyze -o json`):
 * topology nodes and edges, findings, snapshots and deltas. Plain JSON-able data.
 */
import type { Condition } from './meta.ts';
import type { PredictedCondition } from './conditions.ts';
import type { Finding, Severity } from './findings.ts';
import type { Mention } from './mention.ts';
import type { ObjectKey } from './object-key.ts';

export interface ListenerSummary {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly hostname?: string;
  readonly tlsMode?: string;
  readonly attachedRoutes: number;
  /** attachedRoutes as the controller reported it, when it did. */
  readonly reportedAttachedRoutes?: number;
  readonly supportedKinds: readonly string[];
  readonly allowedNamespaces: string;
  readonly state: 'ok' | 'invalid' | 'conflicted' | 'not-accepted';
  readonly predicted: readonly PredictedCondition[];
  readonly reported: readonly Condition[];
}

export type NodeSummary =
  | { readonly type: 'gatewayclass'; readonly controllerName: string }
  | {
      readonly type: 'gateway';
      readonly className: string;
      readonly listeners: readonly ListenerSummary[];
      readonly attachedListenerSets?: number;
    }
  | {
      readonly type: 'listenerset';
      readonly parent: ObjectKey;
      readonly listeners: readonly ListenerSummary[];
    }
  | {
      readonly type: 'route';
      readonly hostnames: readonly string[];
      readonly rules: number;
      readonly parents: number;
    }
  | {
      readonly type: 'backend';
      readonly ports: readonly {
        readonly name?: string;
        readonly port: number;
        readonly protocol?: string;
      }[];
      readonly serviceType?: string;
    }
  | {
      readonly type: 'referencegrant';
      readonly from: readonly string[];
      readonly to: readonly string[];
      readonly usedBy: number;
    }
  | { readonly type: 'policy'; readonly targets: readonly ObjectKey[] }
  | {
      readonly type: 'ingress';
      /** The class asked for (`spec.ingressClassName`, else the deprecated annotation). */
      readonly className?: string;
      /** The hosts of its rules; an empty string stands for a rule without a host. */
      readonly hosts: readonly string[];
      /** Its routing keys: each host and path, the defaultBackend, each TLS host. */
      readonly keys: number;
      readonly coverage: IngressCoverageSummary;
      /**
       * Backends that name a typed local object instead of a Service (`backend.resource`, I11):
       * no edge is drawn to them, so the node lists them; absent when there are none.
       */
      readonly resourceBackends?: readonly IngressResourceBackend[];
    }
  | { readonly type: 'ingressclass'; readonly controller: string; readonly isDefault: boolean }
  | { readonly type: 'other' };

/** A `backend.resource` of an Ingress: implementation-specific, so neither drawn, compared nor translated. */
export interface IngressResourceBackend {
  /** Where it is, e.g. `spec.rules[0].http.paths[1].backend`. */
  readonly field: string;
  readonly apiGroup?: string;
  readonly kind: string;
  readonly name: string;
}

/** How far accepted Gateway API Routes already serve an Ingress (judged by `ingress-coverage.ts`). */
export type IngressCoverageState = 'covered' | 'partial' | 'not-started';

/** One routing key of an Ingress that no Route serves identically, and why. */
export interface UnservedIngressKey {
  /** The key as a reader finds it in the Ingress: `shop.example.com /api (Prefix) → storefront:80`. */
  readonly key: string;
  /** Where it is in the Ingress, e.g. `spec.rules[0].http.paths[1]`. */
  readonly field: string;
  /** The core's code for why (`no-route`, `route-rejected`, `different-backend`, `not-comparable`…; see `ingress-coverage.ts`). */
  readonly reason: string;
  /** For `route-rejected`: the reason of the Route's `Accepted` condition (`NoMatchingListenerHostname`…). */
  readonly routeReason?: string;
  readonly message: string;
}

export interface IngressCoverageSummary {
  readonly state: IngressCoverageState;
  /** Keys served identically by an accepted Route on an accepted listener. */
  readonly served: number;
  readonly total: number;
  readonly unserved: readonly UnservedIngressKey[];
}

export interface TopologyNode {
  /** `<Kind>/<namespace>/<name>` or `<Kind>/<name>`; prefixed `<cluster>:` by a multi-cluster server. */
  readonly id: string;
  readonly key: ObjectKey;
  readonly cluster?: string;
  readonly kind: string;
  readonly group: string;
  readonly namespace?: string;
  readonly name: string;
  /** Referenced but absent: drawn as a ghost. */
  readonly ghost: boolean;
  /** A kind or version gatemap keeps but does not analyze. */
  readonly unanalyzed?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly generation?: number;
  /** The reported status's observedGeneration is behind metadata.generation. */
  readonly stale: boolean;
  readonly summary: NodeSummary;
  readonly predicted: readonly PredictedCondition[];
  readonly reported: readonly Condition[];
  readonly severity?: Severity;
  readonly findings: number;
}

export type EdgeType =
  'class' | 'parent' | 'backend' | 'mirror' | 'listenerset-parent' | 'certificate' | 'policy-target';

export interface TopologyEdge {
  readonly id: string;
  readonly cluster?: string;
  readonly type: EdgeType;
  readonly from: string;
  readonly to: string;
  /** Field path in the `from` object. */
  readonly field: string;
  /** For parent edges: the listeners the Route attaches to, or the one its sectionName names. */
  readonly listeners?: readonly string[];
  /**
   * parent/listenerset-parent edges: accepted, rejected or pending; reference edges: resolved or
   * unresolved; class edges: resolved or unresolved.
   */
  readonly state: 'accepted' | 'rejected' | 'pending' | 'resolved' | 'unresolved';
  readonly reason: string;
  readonly message: string;
  /** Objects a predicted message names besides the edge's ends. */
  readonly mentions?: readonly Mention[];
  /** `reported` when a controller wrote the state; `predicted` when gatemap derived it. */
  readonly source: 'reported' | 'predicted';
  /** What gatemap predicts, when a controller reported something else. */
  readonly predicted?: { readonly state: string; readonly reason: string };
  readonly weight?: number;
  /** Share of its rule's traffic, in percent. */
  readonly share?: number;
  readonly rule?: number;
  readonly crossNamespace: boolean;
  /** The ReferenceGrant that permits this reference. */
  readonly grant?: string;
  /** The reference crosses namespaces and no ReferenceGrant permits it. */
  readonly missingGrant?: boolean;
}

export interface TopologySnapshot {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  readonly findings: readonly Finding[];
}

export interface TopologyDelta {
  readonly upsertNodes: readonly TopologyNode[];
  readonly removeNodes: readonly string[];
  readonly upsertEdges: readonly TopologyEdge[];
  readonly removeEdges: readonly string[];
  readonly upsertFindings: readonly Finding[];
  readonly removeFindings: readonly string[];
}

export function isEmptyDelta(delta: TopologyDelta): boolean {
  return (
    delta.upsertNodes.length === 0 &&
    delta.removeNodes.length === 0 &&
    delta.upsertEdges.length === 0 &&
    delta.removeEdges.length === 0 &&
    delta.upsertFindings.length === 0 &&
    delta.removeFindings.length === 0
  );
}

/**
 * The HTTP API of `gatemap serve`, as types shared by the server and the map.
 *
 *   GET /api/clusters                                  → ClustersResponse
 *   GET /api/topology                                  → TopologyResponse
 *   GET /api/topology?at=<ISO>[&cluster=]              → TopologyResponse with asOf (the map as it was)
 *   GET /api/history?[cluster=][&object=<ObjectKey>][&since=<ISO>][&until=<ISO>][&limit=<n ≤ 500>]
 *                    [&cursor=][&problems=true]        → HistoryPage (history.ts), newest first
 *   GET /api/objects/:cluster/:kind/:namespace/:name   → ObjectResponse  (namespace `_` for cluster-scoped kinds)
 *   GET /api/summary                                   → SummaryResponse (estate-summary.ts; a share link's counts only what it sees)
 *   GET /api/overview                                  → OverviewResponse (estate-overview.ts; the big picture ahead of the topology)
 *   GET /api/stream                                    → Server-Sent Events:
 *       event: snapshot   data: TopologyResponse        (first, and after a reset)
 *       event: delta      data: StreamDelta             (id: the revision it leads to)
 *       event: clusters   data: ClustersResponse        (sync state changed)
 *       event: history    data: { entries }             (new history entries, oldest first)
 *       event: revoked    data: { message }             (share links: the link was revoked or expired)
 *       comment heartbeats (`: ping`) every 15 s; frames are encoded by stream-frame.ts
 *   A client reconnecting with Last-Event-ID gets the deltas it missed, or a snapshot when the
 *   server no longer holds them.
 *   GET /api/session                                   → Session
 *   GET /api/share-links                               → { links: ShareLink[] }  (admin)
 *   GET /api/share-links/:id/uses                      → { uses: ShareLinkUse[] }  (admin)
 *   POST /api/what-if  { manifests, cluster? }         → WhatIfResponse  (admin; nothing is applied)
 *   POST /api/ingress-replacement { ingress, gateway, cluster? }
 *                                                      → IngressReplacementResponse  (admin; nothing is applied)
 */
import type { EstateOverview } from './estate-overview.ts';
import type { EstateSummary } from './estate-summary.ts';
import type { Finding } from './findings.ts';
import type { OverlaidTopology } from './what-if-overlay.ts';
import type { PredictedStatus } from './predicted-status.ts';
import type { ObjectPolicies } from './policy-details.ts';
import type { ReportedConditions } from './reported-conditions.ts';
import type { ObjectKey } from './object-key.ts';
import type { IngressCoverageState, TopologyDelta, TopologyEdge, TopologyNode } from './protocol.ts';

/** How far one kind of one cluster is in its list+watch. */
type KindSyncState = 'syncing' | 'synced' | 'forbidden' | 'not-installed' | 'error';

export interface KindStatus {
  readonly kind: string;
  readonly group: string;
  /** The served version being watched, when discovered. */
  readonly version?: string;
  readonly state: KindSyncState;
  /** Why it is forbidden, absent or failing, or which namespaces are forbidden. */
  readonly message?: string;
  readonly objects: number;
}

export interface ClusterStatus {
  readonly name: string;
  /** `kube` (a live API server), `files` (-f DIR, reloaded on change) or `demo` (bundled examples). */
  readonly source: 'kube' | 'files' | 'demo';
  readonly server?: string;
  /** connecting: first sync not done; synced: every kind synced, forbidden or absent; reconnecting: a watch is retrying. */
  readonly state: 'connecting' | 'synced' | 'reconnecting' | 'error';
  readonly message?: string;
  readonly kinds: readonly KindStatus[];
}

export interface ClustersResponse {
  readonly clusters: readonly ClusterStatus[];
}

export interface TopologyResponse {
  /** The revision this snapshot is at; deltas with higher ids follow it. */
  readonly revision: number;
  /**
   * The live topology's stream event id at `revision`: opening `GET /api/stream?since=<eventId>`
   * sends only what followed this snapshot (or a snapshot, when the server no longer holds that).
   */
  readonly eventId?: string;
  readonly clusters: readonly ClusterStatus[];
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  readonly findings: readonly Finding[];
  /** The moment a rebuilt topology shows (`?at=`), ISO 8601; absent for the live one. */
  readonly asOf?: string;
}

/** The estate summary of the topology at `revision`, as the caller may see it. */
export interface SummaryResponse {
  readonly revision: number;
  readonly summary: EstateSummary;
}

/**
 * The big picture of the topology at `revision` ahead of its objects, as the caller may see it;
 * absent when the estate is small enough to send whole at once (see estate-overview.ts).
 */
export interface OverviewResponse {
  readonly revision: number;
  readonly overview?: EstateOverview;
  /** With the overview, the estate summary of the same revision: the first view shows it too. */
  readonly summary?: EstateSummary;
}

export interface StreamDelta extends TopologyDelta {
  readonly revision: number;
}

export interface ObjectResponse {
  readonly cluster: string;
  readonly node: TopologyNode;
  /** The object as stored, without managedFields and kubectl's last-applied annotation. */
  readonly object: Readonly<Record<string, unknown>>;
  readonly yaml: string;
  /** What a conformant controller would write; undefined for kinds without status. */
  readonly predicted?: PredictedStatus;
  /**
   * Conditions as the controller wrote them, by where they sit: `status`, `listener http`,
   * `parent Gateway infra/web (https)`, `ancestor Gateway infra/web` (see reported-conditions.ts).
   */
  readonly reported: readonly ReportedConditions[];
  readonly findings: readonly Finding[];
  readonly edges: readonly TopologyEdge[];
  /**
   * Routes, Gateways, ListenerSets and Services: their effective policy stacks; a policy of a
   * discovered kind: its kind, targets and predicted ancestors (see policy-details.ts).
   */
  readonly policies?: ObjectPolicies;
}

export interface ApiError {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
}

/** What a share link shows, as the server tells the person using it. */
export interface SharedScope {
  readonly label: string;
  readonly cluster?: string;
  readonly namespaces: readonly string[];
  /** `namespace/name`; when present, only these Routes (and what they attach to) are shown. */
  readonly routes?: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Who is looking. */
export type Session =
  { readonly role: 'admin'; readonly user: string } | { readonly role: 'share'; readonly link: SharedScope };

/** A share link as the admin sees it. */
export interface ShareLink extends SharedScope {
  readonly id: string;
  readonly revokedAt?: string;
  readonly createdBy: string;
  readonly uses: number;
  readonly lastUsedAt?: string;
}

/** Uses of one kind from one address. */
export interface ShareLinkUse {
  /** The last such use. */
  readonly at: string;
  readonly firstAt: string;
  readonly count: number;
  /** `open` (the /s/ URL), `api` or `stream`. */
  readonly what: string;
  readonly remote?: string;
}

/**
 * Manifests overlaid on a cluster's current objects (what-if-overlay.ts): the predicted object and
 * verdict changes, and the topology after the overlay, with ids as the map's (prefixed with the
 * cluster when several are served).
 */
export interface WhatIfResponse extends OverlaidTopology {
  readonly cluster: string;
}

/** A generated object of a replacement and what the analysis says of it once applied. */
interface ReplacementObject {
  readonly key: ObjectKey;
  /** Every parent accepts it and its references resolve (a Gateway: its listeners are accepted). */
  readonly accepted: boolean;
  /** Why it would not be accepted, one line each. */
  readonly reasons: readonly string[];
}

/**
 * The Gateway API objects that would replace one Ingress on a Gateway the admin picked, generated
 * by the core (migration-plan.ts) and checked by the what-if analysis against the cluster's
 * current objects: only those that would be accepted are in `yaml`.
 */
export interface IngressReplacementResponse {
  readonly cluster: string;
  readonly ingress: ObjectKey;
  readonly gateway: ObjectKey;
  /** The objects that would be accepted, as YAML documents for `kubectl apply -f -`; empty when none. */
  readonly yaml: string;
  readonly proposed: readonly ReplacementObject[];
  /** Objects that would not be accepted, with why; never part of `yaml`. */
  readonly rejected: readonly ReplacementObject[];
  /** Paths or annotations the generator could not translate, each with why. */
  readonly problems: readonly string[];
  /** Annotations with no Gateway API equivalent: never dropped silently. */
  readonly untranslated: readonly {
    readonly annotation: string;
    readonly value: string;
    readonly meaning: string;
  }[];
  /** The Ingress's coverage now, and once the proposed objects are applied. */
  readonly coverage: IngressCoverageState;
  readonly coverageAfter: IngressCoverageState;
  /** Applying the proposal would break something that works today. */
  readonly breaks: boolean;
}

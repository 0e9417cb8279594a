/**
 * @gatemap/topology: the Gateway API model, reference resolution, the status analyzer, the
 * topology graph and the wire protocol. Pure: no I/O, no framework.
 *
 * The public API: what the server, the map, the manifest readers and the tests use, module by
 * module. Anything else a module exports is the core's own.
 */
export type { Condition, KubeObject } from './meta.ts';
export { GATEWAY_GROUP, type LabelSelector, type ParentReference } from './gateway-api.ts';
export { KINDS, kindInfo, type KindInfo, type KnownKind } from './kinds.ts';
export {
  DEFAULT_CLASS_ANNOTATION,
  INGRESS_CLASS_ANNOTATION,
  NETWORKING_GROUP,
  ingressClassOf,
  type HTTPIngressPath,
  type Ingress,
  type IngressBackend,
  type IngressClass,
  type IngressPathType,
  type IngressRule,
  type IngressTLS,
  type ServiceBackendPort,
} from './ingress.ts';
export {
  entriesServing,
  indexServedRoutes,
  type HttpsListener,
  type ServedBackend,
  type ServedMatch,
  type ServedRouteIndex,
  type ServingListener,
} from './ingress-route-index.ts';
export {
  ingressCoverage,
  migrationCoverage,
  summarizeCoverage,
  type CoverageCounts,
  type CoverageState,
  type CoverageSummary,
  type IngressCoverage,
  type KeyVerdict,
  type NamespaceCoverage,
  type PathCoverage,
  type ServedBy,
  type TlsCoverage,
  type UncoveredReason,
} from './ingress-coverage.ts';
export { nameFromHost } from './replacement-names.ts';
export {
  generateReplacement,
  type IngressReplacementNotes,
  type Replacement,
  type ReplacementInput,
} from './ingress-replacement.ts';
export type { GeneratedObject, ReplacementTarget } from './replacement-target.ts';
export {
  TRANSLATED_ANNOTATIONS,
  untranslatedAnnotations,
  type UntranslatedAnnotation,
} from './nginx-annotations.ts';
export {
  migrationManifests,
  planMigration,
  type IngressMigration,
  type MigrationPlan,
  type MigrationPlanInput,
  type ProposedObject,
} from './migration-plan.ts';
export { objectKey, parseObjectKey, toObjectKey, type ObjectKey } from './object-key.ts';
export { mentionListener, mentionObject } from './mention.ts';
export { isPlainObject } from './schema.ts';
export {
  discoverPolicyKinds,
  definesPolicyKind,
  policyKindsFromNames,
  POLICY_LABEL,
  type PolicyDiscovery,
  type PolicyKind,
  type PolicyTargetShape,
  type SkippedPolicyCandidate,
} from './policy-discovery.ts';
export type { GenericPolicy, PolicyTargetRef, ReportedPolicyAncestor } from './generic-policy.ts';
export type {
  GenericPolicyAnalysis,
  PolicyAncestorPrediction,
  PolicyTargetAnalysis,
  PolicyTargetLevel,
  PolicyTargetState,
} from './policy-attachment.ts';
export {
  listenerPolicyStack,
  routePolicyStacks,
  servicePolicyStack,
  type MergedPolicyField,
  type PolicyKindStack,
  type PolicyStack,
  type PolicyStackEntry,
  type PolicyStackSource,
  type RoutePolicyStack,
  type ServicePolicyStack,
} from './policy-stack.ts';
export {
  objectPolicies,
  scopeObjectPolicies,
  type ListenerPolicyStack,
  type ObjectPolicies,
  type PolicyDetailsSource,
} from './policy-details.ts';
export {
  buildPolicyReport,
  type PolicyReport,
  type PolicyReportEntry,
  type PolicyReportSource,
  type PolicyReportTarget,
} from './policy-report.ts';
export { decodeObject, type DecodedObject, type UnknownObject } from './decode-object.ts';
export { DEFAULT_INPUT_LIMITS, MAX_NESTING, formatSize, listLimits, type InputLimits } from './limits.ts';
export { matchLabelSelector } from './label-selector.ts';
export type { PredictedCondition } from './conditions.ts';
export { resolveBackendRef } from './resolve-refs.ts';
export { FINDINGS, finding, type Finding, type FindingSlug, type Severity } from './findings.ts';
export type { AnalyzerOptions, ReadGuardedKind } from './analysis-context.ts';
export { TopologyEngine, type Change, type ChangeSet } from './engine.ts';
export { predictStatus } from './predicted-status.ts';
export { reportedConditions } from './reported-conditions.ts';
export { pairConditions, type ConditionRow } from './pair-conditions.ts';
export {
  formatSource,
  ingestManifests,
  unreadableFileFinding,
  type ManifestDocument,
  type ManifestError,
  type ParsedManifests,
  type SourceLocation,
} from './ingest-manifests.ts';
export {
  isEmptyDelta,
  type IngressCoverageState,
  type EdgeType,
  type IngressCoverageSummary,
  type IngressResourceBackend,
  type ListenerSummary,
  type TopologyDelta,
  type TopologyEdge,
  type TopologyNode,
  type TopologySnapshot,
  type UnservedIngressKey,
} from './protocol.ts';
export { SnapshotDiffer, applyDeltas } from './snapshot-diff.ts';
export { TopologyView } from './topology-view.ts';
export { buildStatusList, withoutBookkeeping } from './status-list.ts';
export type {
  ApiError,
  ClusterStatus,
  ClustersResponse,
  IngressReplacementResponse,
  KindStatus,
  ObjectResponse,
  OverviewResponse,
  Session,
  ShareLink,
  ShareLinkUse,
  SharedScope,
  StreamDelta,
  SummaryResponse,
  TopologyResponse,
  WhatIfResponse,
} from './api.ts';
export {
  STREAM_HEARTBEAT,
  streamFrame,
  streamRetryFrame,
  type StreamEventName,
  type StreamEvents,
} from './stream-frame.ts';
export { ShareNames } from './share-names.ts';
export { scopeView, type ShareScope } from './share-scope.ts';
export {
  figureKey,
  figureObjects,
  parseFigureKey,
  summarizeEstate,
  TOP_NAMESPACES,
  type EstateSummary,
  type ListenerTally,
  type NamespaceCount,
  type ParentTally,
  type ReasonCount,
  type ReasonTally,
  type SummaryFigure,
  type SummarySource,
} from './estate-summary.ts';
export {
  compareChanges,
  diffVerdicts,
  verdictsOf,
  type Verdict,
  type VerdictAspect,
  type VerdictChange,
  type VerdictDirection,
  type Verdicts,
} from './verdicts.ts';
export { diffObjects, type FieldChange, type ObjectChange } from './object-diff.ts';
export {
  predictChange,
  splitDeletions,
  type Overlay,
  type PredictedChange,
  type PredictedObjectChange,
  type ReadableNamespaces,
} from './what-if.ts';
export { overlayManifests, type OverlaidTopology } from './what-if-overlay.ts';
export type {
  HistoryCause,
  HistoryEntry,
  HistoryObjectEntry,
  HistoryPage,
  HistoryVerdictEntry,
} from './history.ts';
export { canSeeHistoryOf, scopeHistory, type HistoryScope } from './share-history.ts';
export { viewOfObjects } from './topology-at.ts';
export { WHAT_IF_FRAGMENT, whatIfManifests } from './what-if-link.ts';
export { COLUMNS, ROUTE_COLUMN, columnOf, columnX, type Column } from './map-columns.ts';
export { isProblemEdge, isProblemNode, problemEdgeEnds } from './problem-nodes.ts';
export {
  groupGraph,
  STATE_RANK,
  type AggregateEdgeItem,
  type AggregateItem,
  type GraphItem,
  type GroupBy,
  type GroupOptions,
  type GroupableGraph,
  type GroupedGraph,
  type Lane,
} from './group-graph.ts';
export { findingNodeId } from './finding-node.ts';
export { estateOverview, OVERVIEW_MIN_OBJECTS, type EstateOverview } from './estate-overview.ts';

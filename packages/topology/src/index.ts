/**
 * @gatemap/topology: the Gateway API model, reference resolution, the status analyzer, the
 * topology graph and the wire protocol. Pure: no I/O, no framework.
 */
export * from './meta.ts';
export * from './gateway-api.ts';
export * from './core-v1.ts';
export * from './kinds.ts';
export * from './object-key.ts';
export * from './mention.ts';
export * from './schema.ts';
export * from './decode-object.ts';
export * from './limits.ts';
export * from './label-selector.ts';
export * from './hostnames.ts';
export * from './conditions.ts';
export * from './resolve-refs.ts';
export * from './reference-grants.ts';
export * from './findings.ts';
export * from './analysis-context.ts';
export * from './analyze-listeners.ts';
export * from './analyze-gateway-class.ts';
export * from './analyze-gateway.ts';
export * from './analyze-listener-set.ts';
export * from './analyze-route.ts';
export * from './analyze-policy.ts';
export * from './analyze-reference-grant.ts';
export * from './compare-status.ts';
export * from './precedence.ts';
export * from './engine.ts';
export * from './predicted-status.ts';
export * from './condition-scope.ts';
export * from './reported-conditions.ts';
export * from './pair-conditions.ts';
export * from './verdicts.ts';
export * from './object-diff.ts';
export * from './what-if.ts';
export * from './ingest-manifests.ts';
export * from './protocol.ts';
export * from './snapshot-diff.ts';
export * from './topology-view.ts';
export * from './status-list.ts';
export * from './api.ts';
export * from './stream-frame.ts';
export * from './share-names.ts';
export * from './share-scope.ts';

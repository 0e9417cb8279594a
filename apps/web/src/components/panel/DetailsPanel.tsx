import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Finding, ObjectKey, TopologyEdge, TopologyNode } from '@gatemap/topology';
import { fetchObject } from '../../api/api-client.ts';
import type { FindingIndex } from '../../store/finding-index.ts';
import type { TopologyStore } from '../../store/topology-store.ts';
import { useTopologyStore } from '../../store/useTopologyStore.ts';
import { useSession } from '../../session/session-context.ts';
import { accessibleName } from '../../graph/to-flow-elements.ts';
import { CopyButton } from '../CopyButton.tsx';
import { Timeline } from '../history/Timeline.tsx';
import { summaryLine } from '../node-summary.ts';
import { conditionRows } from './condition-rows.ts';
import { ConditionsTable } from './ConditionsTable.tsx';
import { describeRules } from './describe-rules.ts';
import { FindingCard } from './FindingCard.tsx';
import { IngressMigration } from './IngressMigration.tsx';
import { PolicyDetails } from './PolicyDetails.tsx';
import { RouteRules } from './RouteRules.tsx';

/** A number per distinct node object: the object query refetches when the server's node changes. */
const versions = new WeakMap<TopologyNode, number>();
let nextVersion = 0;
function versionOf(node: TopologyNode): number {
  let version = versions.get(node);
  if (version === undefined) {
    version = nextVersion += 1;
    versions.set(node, version);
  }
  return version;
}

function EdgeList({
  edges,
  nodeId,
  onSelect,
}: {
  edges: readonly TopologyEdge[];
  nodeId: string;
  onSelect: (id: string) => void;
}) {
  if (edges.length === 0) return <p className="gm-muted">No references to or from this object.</p>;
  return (
    <ul className="gm-edges">
      {edges.map((edge) => {
        const other = edge.from === nodeId ? edge.to : edge.from;
        const outgoing = edge.from === nodeId;
        return (
          <li key={edge.id} className={`gm-edge-row gm-edge-row--${edge.state}`}>
            <span className={`gm-pill gm-pill--${edge.state}`}>{edge.state}</span>{' '}
            <span className="gm-muted">{outgoing ? `${edge.type} →` : `← ${edge.type}`}</span>{' '}
            <button type="button" className="gm-linkbutton" onClick={() => onSelect(other)}>
              {other}
            </button>
            {edge.listeners && edge.listeners.length > 0 && (
              <span className="gm-muted"> listener {edge.listeners.join(', ')}</span>
            )}
            {edge.share !== undefined && <span className="gm-muted"> · {edge.share}%</span>}
            <div className="gm-edge-row__reason">
              <strong>{edge.reason}</strong>
              {edge.source === 'predicted' ? ' (predicted by gatemap)' : ' (reported)'}
              {edge.predicted && ` — gatemap predicts ${edge.predicted.state}, ${edge.predicted.reason}`}
              {edge.message !== '' && edge.message !== 'Resolved.' && <div>{edge.message}</div>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function DetailsPanel({
  id,
  findingIndex,
  onClose,
  onFocus,
  onSelect,
  onShow,
  drawn,
  drawnAs,
}: {
  id: string;
  findingIndex: FindingIndex;
  onClose: () => void;
  onFocus: (id: string) => void;
  onSelect: (id: string) => void;
  /** Shows an object of a cluster on the map (a cause in the timeline). */
  onShow: (cluster: string, key: ObjectKey) => void;
  /** The store the map draws, when not the live one (the map as it was, a what-if overlay). */
  drawn?: TopologyStore | undefined;
  /** What the map draws instead of the live map, if anything: the details below are live. */
  drawnAs?: 'past' | 'what-if' | undefined;
}) {
  const node = useTopologyStore((state) => state.nodes.get(id), drawn);
  const { session } = useSession();
  const storeNodes = useTopologyStore((state) => state.nodes, drawn);
  const gateways = useMemo(
    () =>
      node?.summary.type === 'ingress'
        ? [...storeNodes.values()].filter(
            (other) => other.kind === 'Gateway' && other.cluster === node.cluster,
          )
        : [],
    [storeNodes, node],
  );
  const clusters = useTopologyStore((state) => state.clusters);
  const storeEdges = useTopologyStore((state) => state.edges, drawn);
  const fallbackCluster = clusters[0]?.name ?? 'default';
  const query = useQuery({
    queryKey: ['object', id, node ? versionOf(node) : 0],
    queryFn: ({ signal }) => fetchObject(node as TopologyNode, fallbackCluster, signal),
    enabled: node !== undefined && !node.ghost,
    retry: 1,
    staleTime: Infinity,
  });
  const localEdges = useMemo(
    () => [...storeEdges.values()].filter((edge) => edge.from === id || edge.to === id),
    [storeEdges, id],
  );
  const details = query.data;
  // Drawing the past or an overlay, findings and references are the drawn map's, not the live object's.
  const live = drawnAs === undefined ? details : undefined;
  const findings: readonly Finding[] = live?.findings ?? findingIndex.byNode.get(id) ?? [];
  const edges = live?.edges ?? localEdges;
  const rows = useMemo(() => (details ? conditionRows(details) : []), [details]);
  const rules = useMemo(
    () =>
      details && node?.summary.type === 'route' ? describeRules(details.object, details.edges) : undefined,
    [details, node],
  );

  if (!node) {
    return (
      <aside className="gm-panel" aria-label="Details">
        <div className="gm-panel__head">
          <h2>{id}</h2>
          <button type="button" className="gm-button" onClick={onClose} aria-label="Close details">
            ✕
          </button>
        </div>
        <p>This object is not in the topology any more (deleted, or not watched).</p>
      </aside>
    );
  }

  return (
    <aside className="gm-panel" aria-label={`Details of ${accessibleName(node)}`}>
      <div className="gm-panel__head">
        <div>
          <div className="gm-panel__kind">
            {node.kind}
            {node.cluster !== undefined && clusters.length > 1 && (
              <span className="gm-muted"> · {node.cluster}</span>
            )}
          </div>
          <h2 className="gm-panel__title">
            {node.namespace !== undefined && <span className="gm-muted">{node.namespace}/</span>}
            {node.name}
          </h2>
          <div className="gm-muted">{summaryLine(node)}</div>
        </div>
        <div className="gm-panel__actions">
          <button type="button" className="gm-button" onClick={() => onFocus(id)}>
            Focus neighbourhood
          </button>
          <button type="button" className="gm-button" onClick={onClose} aria-label="Close details">
            ✕
          </button>
        </div>
      </div>

      {drawnAs !== undefined && (
        <p className="gm-callout gm-callout--warning">
          The map shows {drawnAs === 'past' ? 'the past' : 'a what-if overlay'}; the findings and references
          above the timeline are as drawn, the conditions and YAML below are the object as it is now.
        </p>
      )}
      {node.ghost && (
        <p className="gm-callout gm-callout--error">
          Nothing by this name exists. Something refers to it: see the references below.
        </p>
      )}
      {node.stale && (
        <p className="gm-callout gm-callout--warning">
          Status is stale: some conditions were written for an older generation than{' '}
          {node.generation ?? 'the current one'}. The controller has not processed the latest spec (or is not
          running).
        </p>
      )}

      {node.summary.type === 'ingress' && (
        <IngressMigration
          node={node}
          gateways={gateways}
          canReplace={(session?.role ?? 'admin') === 'admin' && drawnAs === undefined}
        />
      )}

      <section>
        <h3>Findings ({findings.length})</h3>
        {findings.length === 0 ? (
          <p className="gm-muted">No problems found.</p>
        ) : (
          <ul className="gm-findings">
            {findings.map((finding) => (
              <FindingCard key={finding.id} finding={finding} />
            ))}
          </ul>
        )}
      </section>

      <section>
        <h3>References</h3>
        <EdgeList edges={edges} nodeId={id} onSelect={onSelect} />
      </section>

      <Timeline cluster={node.cluster ?? clusters[0]?.name} objectKey={node.key} onShow={onShow} />

      {query.isPending && !node.ghost && <p className="gm-muted">Loading conditions, rules and YAML…</p>}
      {query.error && (
        <p className="gm-callout gm-callout--error">
          Could not load this object from the server: {query.error.message}.{' '}
          <button type="button" className="gm-linkbutton" onClick={() => void query.refetch()}>
            Try again
          </button>
        </p>
      )}
      {details && (
        <>
          <section>
            <h3>Conditions</h3>
            <p className="gm-muted gm-small">
              generation {node.generation ?? '—'}. Predicted conditions say how sure gatemap is: <em>spec</em>{' '}
              follows from the spec, <em>implementation</em> is the controller's choice, <em>runtime</em> only
              the data plane knows.
            </p>
            <ConditionsTable rows={rows} generation={node.generation} />
          </section>
          {rules && (
            <section>
              <h3>Rules</h3>
              <RouteRules rules={rules} />
            </section>
          )}
          {details.policies && (
            <PolicyDetails
              policies={details.policies}
              // The details name objects by key; the map by wire id (`cluster:` first, with several).
              onSelect={(key) => onSelect(`${node.id.slice(0, node.id.length - node.key.length)}${key}`)}
            />
          )}
          <section>
            <div className="gm-section-head">
              <h3>YAML</h3>
              <CopyButton text={details.yaml} label="Copy YAML" />
            </div>
            <pre className="gm-code gm-yaml" tabIndex={0}>
              {details.yaml}
            </pre>
          </section>
        </>
      )}
    </aside>
  );
}

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ListenerSummary } from '@gatemap/topology';
import { listenerHandleId, type GatewayFlowNode } from '../../graph/flow-types.ts';
import { summaryLine } from '../node-summary.ts';
import type { PolicyBadge } from '../../graph/policy-badges.ts';
import { OverlayBadges } from './OverlayBadges.tsx';
import { PolicyMark } from './PolicyMark.tsx';
import { objectNodeClasses, useOverlayMark } from './overlay-marks.ts';
import { SeverityBadge } from './SeverityBadge.tsx';
import { useZoomedOut } from './useZoomedOut.ts';

const STATE_TEXT: Record<ListenerSummary['state'], string> = {
  ok: 'ok',
  invalid: 'invalid',
  conflicted: 'conflicted',
  'not-accepted': 'not accepted',
};

const NO_BADGES: readonly PolicyBadge[] = [];

function ListenerRow({
  listener,
  zoomedOut,
  policies,
}: {
  listener: ListenerSummary;
  zoomedOut: boolean;
  policies: readonly PolicyBadge[];
}) {
  const reported = listener.reportedAttachedRoutes;
  const attachedTitle =
    reported !== undefined && reported !== listener.attachedRoutes
      ? `gatemap counts ${listener.attachedRoutes} attached Routes; the controller reports ${reported}`
      : `${listener.attachedRoutes} attached Route${listener.attachedRoutes === 1 ? '' : 's'}`;
  return (
    <li
      className={`gm-listener gm-listener--${listener.state}`}
      title={`allowed namespaces: ${listener.allowedNamespaces}`}
    >
      {!zoomedOut && (
        <>
          <span className="gm-listener__name">{listener.name}</span>
          <span className="gm-listener__proto">
            {listener.protocol}:{listener.port}
          </span>
          <span className="gm-listener__host">
            {listener.hostname ?? '*'}
            <PolicyMark badges={policies} on={`listener ${listener.name}`} />
          </span>
          <span className="gm-listener__attached" title={attachedTitle}>
            {listener.attachedRoutes}
            {reported !== undefined && reported !== listener.attachedRoutes ? ` (${reported})` : ''}
          </span>
          <span className={`gm-listener__state gm-state--${listener.state}`}>
            {STATE_TEXT[listener.state]}
          </span>
        </>
      )}
      <Handle
        type="source"
        position={Position.Right}
        id={listenerHandleId(listener.name)}
        isConnectable={false}
        className="gm-listener__handle"
      />
    </li>
  );
}

function GatewayNodeView({ data, selected }: NodeProps<GatewayFlowNode>) {
  const { node, listeners } = data;
  const own = data.policies.filter((badge) => badge.listener === undefined);
  const zoomedOut = useZoomedOut();
  const mark = useOverlayMark(node.id);
  const className = `gm-node gm-node--gateway ${objectNodeClasses(data, selected, mark)}`;
  return (
    <div className={className}>
      <Handle
        type="target"
        position={Position.Left}
        id="in"
        isConnectable={false}
        className="gm-handle--head"
      />
      <div className="gm-node__header">
        {!zoomedOut && (
          <>
            <div className="gm-node__head">
              <span className="gm-node__kind">{node.kind}</span>
              {node.stale && <span className="gm-tag gm-tag--stale">stale status</span>}
              <PolicyMark badges={own} on={node.kind} />
              <SeverityBadge severity={node.severity} count={node.findings} />
              <OverlayBadges mark={mark} />
            </div>
            <div className="gm-node__name" title={node.name}>
              {node.name}
            </div>
            <div className="gm-node__meta">
              <span className="gm-node__ns">{node.namespace}</span>
              <span>{summaryLine(node)}</span>
            </div>
          </>
        )}
      </div>
      <ul className="gm-listeners" aria-label="listeners">
        {listeners.map((listener) => (
          <ListenerRow
            key={listener.name}
            listener={listener}
            zoomedOut={zoomedOut}
            policies={onListener(data.policies, listener.name)}
          />
        ))}
        {listeners.length === 0 && <li className="gm-listener gm-listener--empty">no listeners</li>}
      </ul>
      <Handle
        type="source"
        position={Position.Right}
        id="out"
        isConnectable={false}
        className="gm-handle--head"
      />
    </div>
  );
}

/** The badges of policies that name a listener, the same empty list for a listener without any. */
function onListener(badges: readonly PolicyBadge[], listener: string): readonly PolicyBadge[] {
  if (!badges.some((badge) => badge.listener === listener)) return NO_BADGES;
  return badges.filter((badge) => badge.listener === listener);
}

export const GatewayNode = memo(GatewayNodeView);

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ObjectFlowNode } from '../../graph/flow-types.ts';
import { summaryLine } from '../node-summary.ts';
import { CoverageBadge } from './CoverageBadge.tsx';
import { OverlayBadges } from './OverlayBadges.tsx';
import { PolicyMark } from './PolicyMark.tsx';
import { objectNodeClasses, useOverlayMark } from './overlay-marks.ts';
import { SeverityBadge } from './SeverityBadge.tsx';
import { useZoomedOut } from './useZoomedOut.ts';

function ObjectNodeView({ data, selected }: NodeProps<ObjectFlowNode>) {
  const { node } = data;
  const zoomedOut = useZoomedOut();
  const mark = useOverlayMark(node.id);
  const className = `gm-node ${objectNodeClasses(data, selected, mark)}`;
  return (
    <div className={className}>
      <Handle type="target" position={Position.Left} id="in" isConnectable={false} />
      {!zoomedOut && (
        <>
          <div className="gm-node__head">
            <span className="gm-node__kind">{node.kind}</span>
            {node.ghost && <span className="gm-tag gm-tag--ghost">missing</span>}
            {node.stale && <span className="gm-tag gm-tag--stale">stale status</span>}
            {node.unanalyzed && <span className="gm-tag">not analyzed</span>}
            {node.summary.type === 'ingress' && <CoverageBadge coverage={node.summary.coverage} />}
            <PolicyMark badges={data.policies} on={node.kind} />
            <SeverityBadge severity={node.severity} count={node.findings} />
            <OverlayBadges mark={mark} />
          </div>
          <div className="gm-node__name" title={node.name}>
            {node.name}
          </div>
          <div className="gm-node__meta" title={summaryLine(node)}>
            {node.namespace !== undefined && <span className="gm-node__ns">{node.namespace}</span>}
            <span>{summaryLine(node)}</span>
          </div>
        </>
      )}
      <Handle type="source" position={Position.Right} id="out" isConnectable={false} />
    </div>
  );
}

export const ObjectNode = memo(ObjectNodeView);

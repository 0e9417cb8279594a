import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { AggregateFlowNode } from '../../graph/flow-types.ts';
import { useMapActions } from '../map-actions.ts';
import { SeverityBadge } from './SeverityBadge.tsx';
import { TileNode } from './TileNode.tsx';

function CollapsedNamespace({ data }: NodeProps<AggregateFlowNode>) {
  const { aggregate } = data;
  const { expand } = useMapActions();
  return (
    <div
      className={`gm-node gm-node--aggregate${aggregate.severity ? ` severity-${aggregate.severity}` : ''}`}
    >
      <Handle type="target" position={Position.Left} id="in" isConnectable={false} />
      <div className="gm-node__head">
        <span className="gm-node__kind">Namespace (collapsed)</span>
        <SeverityBadge severity={aggregate.severity} count={aggregate.findings} />
      </div>
      <div className="gm-node__name">{aggregate.namespace}</div>
      <div className="gm-node__meta">
        {aggregate.counts.map((entry) => `${entry.count} ${entry.kind}`).join(' · ')}
      </div>
      <div className="gm-aggregate__foot">
        <span>{aggregate.problems > 0 ? `${aggregate.problems} need attention` : 'no problems'}</span>
        <button
          type="button"
          className="gm-button gm-button--small nodrag nopan"
          onClick={(event) => {
            event.stopPropagation();
            expand(aggregate.expandKey);
          }}
        >
          Expand
        </button>
      </div>
      <Handle type="source" position={Position.Right} id="out" isConnectable={false} />
    </div>
  );
}

function AggregateNodeView(props: NodeProps<AggregateFlowNode>) {
  return props.data.tileFont !== undefined ? <TileNode {...props} /> : <CollapsedNamespace {...props} />;
}

export const AggregateNode = memo(AggregateNodeView);

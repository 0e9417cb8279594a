import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { LaneFlowNode } from '../../graph/flow-types.ts';

function LaneNodeView({ data }: NodeProps<LaneFlowNode>) {
  return (
    <div className="gm-lane" aria-hidden="true">
      <span className="gm-lane__label">{data.label}</span>
    </div>
  );
}

export const LaneNode = memo(LaneNodeView);

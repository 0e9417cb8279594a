import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { MapFlowEdge } from '../../graph/flow-types.ts';
import { tooltipOf } from '../../graph/to-flow-elements.ts';
import { EdgeTag } from './EdgeTag.tsx';

function strokeWidth(data: MapFlowEdge['data']): number | undefined {
  if (!data) return undefined;
  if (data.missingGrant) return 3;
  if (data.count > 1) return Math.min(6, 1.5 + Math.log2(data.count));
  return undefined;
}

function MapEdgeView({
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
}: EdgeProps<MapFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  if (!data) return <BaseEdge path={path} />;
  const className = [
    'gm-edge',
    `gm-edge--${data.category}`,
    `gm-edge--${data.state}`,
    data.predicted ? 'gm-edge--predicted' : '',
    data.missingGrant ? 'gm-edge--missing-grant' : '',
    data.dimmed ? 'is-dimmed' : '',
  ].join(' ');
  const fix = data.missingGrant ? data.finding?.fix?.yaml : undefined;
  const width = strokeWidth(data);
  const tooltip = tooltipOf(data);
  return (
    <>
      <title>{tooltip}</title>
      <BaseEdge
        path={path}
        className={className}
        interactionWidth={12}
        {...(width === undefined ? {} : { style: { strokeWidth: width } })}
      />
      {data.label !== undefined && fix === undefined && (
        <g
          className={`gm-edge-label gm-edge-label--${data.state}`}
          transform={`translate(${labelX} ${labelY})`}
        >
          <rect
            className="gm-edge-label__bg"
            x={-labelWidth(data.label) / 2}
            y={-9}
            width={labelWidth(data.label)}
            height={18}
            rx={4}
          />
          <text className="gm-edge-label__text" textAnchor="middle" dominantBaseline="central">
            {data.label}
          </text>
        </g>
      )}
      {fix !== undefined && (
        <EdgeLabelRenderer>
          <EdgeTag data={data} x={labelX} y={labelY} />
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** Width of a label's background, from a per-character estimate (no text measuring per frame). */
function labelWidth(label: string): number {
  return Math.ceil(label.length * 6.4) + 12;
}

export const MapEdge = memo(MapEdgeView);

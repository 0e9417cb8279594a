import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { MapFlowEdge } from '../../graph/flow-types.ts';
import { tooltipOf } from '../../graph/to-flow-elements.ts';
import { CopyButton } from '../CopyButton.tsx';

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
  stroke,
}: EdgeProps<MapFlowEdge> & { readonly stroke: boolean }) {
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  if (!data) return stroke ? <BaseEdge path={path} /> : null;
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
      {stroke && (
        <BaseEdge
          path={path}
          className={className}
          interactionWidth={12}
          {...(width === undefined ? {} : { style: { strokeWidth: width } })}
        />
      )}
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
          <div
            className="gm-edge-fix nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={tooltip}
          >
            <span className="gm-edge-fix__reason">
              {data.category === 'mirror' ? `mirror · ${data.reason}` : data.reason}
            </span>
            <CopyButton
              text={fix}
              label="Copy ReferenceGrant"
              title="Copy the ReferenceGrant that permits this reference"
            />
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** Width of a label's background, from a per-character estimate (no text measuring per frame). */
function labelWidth(label: string): number {
  return Math.ceil(label.length * 6.4) + 12;
}

export const MapEdge = memo(function MapEdge(props: EdgeProps<MapFlowEdge>) {
  return <MapEdgeView {...props} stroke />;
});

/** An edge whose line `EdgeCanvas` draws: only its label, reason and fix are elements. */
export const MapEdgeLabel = memo(function MapEdgeLabel(props: EdgeProps<MapFlowEdge>) {
  return <MapEdgeView {...props} stroke={false} />;
});

import type { MapEdgeData } from '../../graph/flow-types.ts';
import { tooltipOf } from '../../graph/to-flow-elements.ts';
import { CopyButton } from '../CopyButton.tsx';

/**
 * An edge's label as an element centred on (x, y) in flow coordinates: the fix for a missing
 * ReferenceGrant (its reason and a button that copies the grant), or else the edge's label (the
 * reason it is not accepted). Nothing for an edge with neither.
 */
export function EdgeTag({
  data,
  x,
  y,
  width,
  height,
  scale = 1,
}: {
  data: MapEdgeData;
  x: number;
  y: number;
  /** The box the label was placed in (edge-strokes.ts); its own size when absent. */
  width?: number;
  height?: number;
  /** Drawn this much bigger, about its centre (its box, placed, included). */
  scale?: number;
}) {
  const fix = data.missingGrant ? data.finding?.fix?.yaml : undefined;
  const transform = `translate(-50%, -50%) translate(${x}px, ${y}px)${scale === 1 ? '' : ` scale(${scale})`}`;
  const style =
    width === undefined || height === undefined
      ? { transform }
      : { transform, width: width / scale, height: height / scale };
  if (fix !== undefined)
    return (
      <div
        className={`gm-edge-fix nodrag nopan${width === undefined ? '' : ' is-placed'}`}
        style={style}
        title={tooltipOf(data)}
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
    );
  if (data.label === undefined) return null;
  return (
    <div
      className={`gm-edge-tag gm-edge-tag--${data.state}${width === undefined ? '' : ' is-placed'}`}
      style={style}
      title={tooltipOf(data)}
    >
      {data.label}
    </div>
  );
}

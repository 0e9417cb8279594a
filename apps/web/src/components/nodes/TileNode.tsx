import { useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo, useCallback, useMemo, type CSSProperties } from 'react';
import type { AggregateFlowNode } from '../../graph/flow-types.ts';
import { tileContents } from '../../graph/tile-contents.ts';
import { kindClass } from '../node-summary.ts';
import { useMapActions } from '../map-actions.ts';
import './tiles.css';

/**
 * A tile of the big picture opens to its Routes and Services once it is this wide on screen:
 * zoomed out it is a name and a problem count, zoomed in a list to click through.
 */
const TILE_OPEN_WIDTH = 360;

/** The open tile's title row and padding, in tile fonts (tiles.css); the members fill the rest. */
const OPEN_HEAD = 0.25;
const OPEN_PADDING = 0.05;

function TileContentsView({
  data,
  width,
  height,
}: {
  data: AggregateFlowNode['data'];
  width: number;
  height: number;
}) {
  const { select } = useMapActions();
  const loading = data.aggregate.members.length === 0 && data.aggregate.total > 0;
  const contents = useMemo(() => {
    const font = data.tileFont ?? 20;
    return tileContents(
      data.aggregate.members,
      width - 2 * OPEN_PADDING * font,
      height - (OPEN_HEAD + OPEN_PADDING) * font,
    );
  }, [data.aggregate.members, data.tileFont, width, height]);
  // A group of problems holds Routes of many namespaces: then each says its namespace.
  const mixed = data.aggregate.members.some((member) => member.namespace !== data.aggregate.namespace);
  const style = {
    gridTemplateColumns: `repeat(${contents.columns}, minmax(0, 1fr))`,
    fontSize: `${contents.font}px`,
    lineHeight: `${contents.font * 1.3}px`,
    gridAutoRows: `${contents.font * 1.3}px`,
  } as CSSProperties;
  // The big picture came ahead of the objects (estate-overview.ts): they follow with the topology.
  if (loading) return <p className="gm-tile__loading">Loading its {data.aggregate.total} objects…</p>;
  return (
    <div className="gm-tile__items" style={style}>
      {contents.items.map((member) => (
        <button
          key={member.id}
          type="button"
          className={`gm-tile__item ${kindClass(member.kind)}${member.severity ? ` severity-${member.severity}` : ''} nodrag nopan`}
          data-id={member.id}
          title={`${member.kind} ${member.namespace ?? ''}/${member.name}`}
          onClick={(event) => {
            event.stopPropagation();
            select(member.id);
          }}
        >
          {mixed ? `${member.namespace ?? ''}/${member.name}` : member.name}
        </button>
      ))}
    </div>
  );
}

function TileNodeView({
  data,
  width = 0,
  height = 0,
  positionAbsoluteX,
  positionAbsoluteY,
}: NodeProps<AggregateFlowNode>) {
  const { aggregate } = data;
  // Only a tile in view opens: the map keeps every tile in the DOM (TopologyMap), since culling
  // them added and removed elements on every step of a pan across the fitted grid. Re-renders
  // only when the answer flips, not on every step of a pan or zoom.
  const isOpen = useCallback(
    (state: ReactFlowState): boolean => {
      const [x, y, zoom] = state.transform;
      if (zoom * width < TILE_OPEN_WIDTH) return false;
      const left = positionAbsoluteX * zoom + x;
      const top = positionAbsoluteY * zoom + y;
      return (
        left + width * zoom >= 0 && left <= state.width && top + height * zoom >= 0 && top <= state.height
      );
    },
    [width, height, positionAbsoluteX, positionAbsoluteY],
  );
  const open = useStore(isOpen);
  const counts = aggregate.counts.map((entry) => `${entry.count} ${entry.kind}`).join(', ');
  return (
    <div
      className={`gm-tile${aggregate.problems > 0 ? ' has-problems' : ''}${open ? ' is-open' : ''}`}
      style={{ '--gm-tile': `${data.tileFont ?? 20}px` } as CSSProperties}
      title={`${aggregate.expandKey}: ${counts}; ${aggregate.problems} need attention`}
    >
      <div className="gm-tile__head">
        <span className="gm-tile__name gm-node__name">{aggregate.expandKey}</span>
        <span className="gm-tile__count" aria-label={`${aggregate.problems} need attention`}>
          {aggregate.problems}
        </span>
      </div>
      {open && <TileContentsView data={data} width={width} height={height} />}
    </div>
  );
}

export const TileNode = memo(TileNodeView);

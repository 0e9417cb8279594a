import { useStore, type ReactFlowState } from '@xyflow/react';

/** Below this zoom, nodes of a big map drop their text: unreadable there, and the costliest part to draw. */
export const DETAIL_ZOOM = 0.35;
/** Small maps always keep their text: they are cheap, and zoomed out is how they are read whole. */
const DETAIL_MIN_NODES = 300;

const zoomedOut = (state: ReactFlowState): boolean =>
  state.transform[2] < DETAIL_ZOOM && state.nodes.length >= DETAIL_MIN_NODES;

/** Re-renders only when the answer flips, not on every pan or zoom step. */
export function useZoomedOut(): boolean {
  return useStore(zoomedOut);
}

/**
 * What the map's nodes and edges can ask of the page, handed down through context so that the
 * memoised node components stay independent of the page's state.
 */
import { createContext, useContext } from 'react';

export interface MapActions {
  readonly select: (id: string) => void;
  readonly focus: (id: string) => void;
  readonly expand: (expandKey: string) => void;
}

const noop = (): void => {};

export const MapActionsContext = createContext<MapActions>({ select: noop, focus: noop, expand: noop });

export function useMapActions(): MapActions {
  return useContext(MapActionsContext);
}

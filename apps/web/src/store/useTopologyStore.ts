import { createContext, useContext, useSyncExternalStore } from 'react';
import type { TopologyStore } from './topology-store.ts';
import type { TopologyState } from './topology-state.ts';

export const TopologyStoreContext = createContext<TopologyStore | undefined>(undefined);

export function useTopologyStoreInstance(): TopologyStore {
  const store = useContext(TopologyStoreContext);
  if (!store) throw new Error('useTopologyStore needs a TopologyStoreContext provider');
  return store;
}

/**
 * The store's current state, or a part of it; re-renders only when the selected value changes.
 * `drawn` reads another store than the context's (the map as it was, a what-if overlay).
 */
export function useTopologyStore<Selected>(
  select: (state: TopologyState) => Selected,
  drawn?: TopologyStore,
): Selected {
  const live = useTopologyStoreInstance();
  const store = drawn ?? live;
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}

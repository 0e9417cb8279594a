import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { MapScreen } from './components/MapScreen.tsx';
import { SessionGate } from './session/SessionGate.tsx';
import { TopologyStore } from './store/topology-store.ts';
import { TopologyStoreContext } from './store/useTopologyStore.ts';

export function App({ store, queryClient }: { store?: TopologyStore; queryClient?: QueryClient }) {
  const [ownStore] = useState(() => store ?? new TopologyStore());
  const [client] = useState(() => queryClient ?? new QueryClient());
  return (
    <QueryClientProvider client={client}>
      <TopologyStoreContext.Provider value={ownStore}>
        <SessionGate>
          <MapScreen />
        </SessionGate>
      </TopologyStoreContext.Provider>
    </QueryClientProvider>
  );
}

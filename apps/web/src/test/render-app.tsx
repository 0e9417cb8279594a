/**
 * The whole map as the tests of its panels render it: at a URL, with a fresh store and a query
 * client that does not retry, against the fake server and event stream of fake-server.ts.
 */
import { QueryClient } from '@tanstack/react-query';
import { render, waitFor, type RenderResult } from '@testing-library/react';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { App } from '../App.tsx';
import { TopologyStore } from '../store/topology-store.ts';
import { clearCookies, FakeEventSource } from './fake-server.ts';

/** Installs the fake event stream before each test of the calling file and undoes it all after. */
export function useFakeBrowser(): void {
  beforeEach(() => {
    FakeEventSource.install();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    clearCookies();
    window.history.replaceState(null, '', '/');
  });
}

export function renderApp(url = '/'): RenderResult & { store: TopologyStore } {
  window.history.replaceState(null, '', url);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const store = new TopologyStore();
  return { ...render(<App store={store} queryClient={queryClient} />), store };
}

/** Waits for the map to draw its first node. */
export async function mapShown(container: HTMLElement): Promise<void> {
  await waitFor(() => expect(container.querySelector('.react-flow__node')).not.toBeNull());
}

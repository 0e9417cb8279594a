/**
 * The generated estates the large-estate specs run on (e2e/estates.ts): the real server serves
 * every generated object, and the map opens on it.
 */
import type { TopologyResponse } from '../packages/topology/src/api.ts';
import { test } from './estates.ts';
import { adminJson, expect, signIn, waitForMap } from './fixtures.ts';

test('serves the generated estate through the real server', async ({ page, estate }) => {
  const topology = await adminJson<TopologyResponse>(estate.server, '/api/topology');
  const routes = topology.nodes.filter((node) => node.kind === 'HTTPRoute');
  expect(routes).toHaveLength(estate.routes);
  const namespaces = new Set(routes.map((node) => node.namespace));
  expect([...namespaces].sort()).toEqual([...estate.namespaces].sort());
  await signIn(page, estate.server);
  await waitForMap(page);
});

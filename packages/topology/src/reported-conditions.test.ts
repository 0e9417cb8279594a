import { describe, expect, it } from 'vitest';
import type { KubeObject } from './meta.ts';
import { reportedConditions } from './reported-conditions.ts';

const accepted = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'ok' } as const;

function object(kind: string, status: unknown): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name: 'x', namespace: 'shop' },
    status,
  };
}

describe('reportedConditions', () => {
  it("lists a Gateway's own conditions, then each listener's with its attachedRoutes", () => {
    const entries = reportedConditions(
      object('Gateway', {
        conditions: [accepted],
        listeners: [{ name: 'http', supportedKinds: [], attachedRoutes: 2, conditions: [accepted] }],
      }),
    );
    expect(entries).toEqual([
      { scope: 'status', conditions: [accepted] },
      { scope: 'listener http', listener: 'http', conditions: [accepted], attachedRoutes: 2 },
    ]);
  });

  it("names parents with the resolver's defaults: a Gateway of the Route's namespace, and its section", () => {
    const entries = reportedConditions(
      object('HTTPRoute', {
        parents: [
          { parentRef: { name: 'web', sectionName: 'https' }, controllerName: 'c', conditions: [accepted] },
          { parentRef: { kind: 'Service', namespace: 'mesh', name: 'api' }, controllerName: 'c' },
        ],
      }),
    );
    expect(entries.map((entry) => [entry.scope, entry.controllerName, entry.conditions.length])).toEqual([
      ['parent Gateway shop/web (https)', 'c', 1],
      ['parent Service mesh/api', 'c', 0],
    ]);
    expect(entries[0]?.parentRef).toEqual({ name: 'web', sectionName: 'https' });
  });

  it("names a policy's ancestors as the controller referred to them", () => {
    const entries = reportedConditions(
      object('BackendTLSPolicy', {
        ancestors: [
          { ancestorRef: { name: 'web', namespace: 'infra' }, controllerName: 'c', conditions: [] },
        ],
      }),
    );
    expect(entries.map((entry) => entry.scope)).toEqual(['ancestor Gateway infra/web']);
  });

  it('lists nothing for an object without status', () => {
    expect(reportedConditions(object('Gateway', undefined))).toEqual([]);
  });
});

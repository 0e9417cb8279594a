import { describe, expect, it } from 'vitest';
import type { PredictedCondition } from './conditions.ts';
import type { ParentReference } from './gateway-api.ts';
import type { Condition } from './meta.ts';
import { pairConditions } from './pair-conditions.ts';
import type { PredictedStatus } from './predicted-status.ts';
import { reportedConditions } from './reported-conditions.ts';

function predicted(type: string, status: 'True' | 'False' | 'Unknown', reason: string): PredictedCondition {
  return { type, status, reason, message: '', basis: 'spec' };
}

function reported(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  observedGeneration?: number,
): Condition {
  return {
    type,
    status,
    reason,
    message: '',
    ...(observedGeneration === undefined ? {} : { observedGeneration }),
  };
}

function routeStatus(
  ...parents: { readonly parentRef: ParentReference; readonly conditions: PredictedCondition[] }[]
): PredictedStatus {
  return {
    kind: 'route',
    status: { parents: parents.map((parent) => ({ ...parent, controllerName: 'c' })) },
  };
}

/** A Route of namespace `shop` whose status the controller wrote. */
function route(parents: unknown[]) {
  return reportedConditions({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'store', namespace: 'shop' },
    status: { parents },
  });
}

const summary = (rows: ReturnType<typeof pairConditions>) =>
  rows.map((row) => [row.scope, row.type, row.reported?.reason, row.predicted?.reason]);

describe('pairConditions', () => {
  it('pairs a parent written without defaults with the same parent written with them', () => {
    const rows = pairConditions({
      namespace: 'shop',
      predicted: routeStatus({
        parentRef: { name: 'web', namespace: 'infra' },
        conditions: [predicted('Accepted', 'True', 'Accepted')],
      }),
      reported: route([
        {
          parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra', name: 'web' },
          controllerName: 'c',
          conditions: [reported('Accepted', 'True', 'Accepted')],
        },
      ]),
    });
    expect(summary(rows)).toEqual([['parent Gateway infra/web', 'Accepted', 'Accepted', 'Accepted']]);
  });

  it('applies the parent defaults from the object namespace: a parent of the same name elsewhere is another place', () => {
    const rows = pairConditions({
      namespace: 'shop',
      predicted: routeStatus({
        parentRef: { name: 'web' },
        conditions: [predicted('Accepted', 'True', 'Accepted')],
      }),
      reported: route([
        {
          parentRef: { name: 'web', namespace: 'infra' },
          controllerName: 'c',
          conditions: [reported('Accepted', 'False', 'NotAllowedByListeners')],
        },
      ]),
    });
    expect(summary(rows)).toEqual([
      ['parent Gateway shop/web', 'Accepted', undefined, 'Accepted'],
      ['parent Gateway infra/web', 'Accepted', 'NotAllowedByListeners', undefined],
    ]);
  });

  it('tells parents of different kinds apart, and pairs sections of one parent, named as predicted', () => {
    const rows = pairConditions({
      namespace: 'shop',
      predicted: routeStatus(
        {
          parentRef: { name: 'web', sectionName: 'https' },
          conditions: [predicted('Accepted', 'True', 'Accepted')],
        },
        {
          parentRef: { kind: 'Service', name: 'web' },
          conditions: [predicted('Accepted', 'True', 'Accepted')],
        },
      ),
      reported: route([
        {
          parentRef: { name: 'web' },
          controllerName: 'c',
          conditions: [reported('Accepted', 'True', 'Accepted')],
        },
      ]),
    });
    expect(summary(rows)).toEqual([
      ['parent Gateway shop/web (https)', 'Accepted', 'Accepted', 'Accepted'],
      ['parent Service shop/web', 'Accepted', undefined, 'Accepted'],
    ]);
  });

  it("pairs a Gateway's own conditions and each listener's, listing predicted types first", () => {
    const rows = pairConditions({
      namespace: 'infra',
      generation: 4,
      predicted: {
        kind: 'gateway',
        status: {
          conditions: [predicted('Accepted', 'True', 'Accepted')],
          listeners: [
            {
              name: 'http',
              supportedKinds: [],
              attachedRoutes: 1,
              conditions: [predicted('ResolvedRefs', 'True', 'ResolvedRefs')],
            },
          ],
        },
      },
      reported: reportedConditions({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'web', namespace: 'infra', generation: 4 },
        status: {
          conditions: [
            reported('Programmed', 'True', 'Programmed', 4),
            reported('Accepted', 'True', 'Accepted', 3),
          ],
          listeners: [
            {
              name: 'http',
              attachedRoutes: 1,
              conditions: [reported('ResolvedRefs', 'False', 'InvalidCertificateRef', 4)],
            },
          ],
        },
      }),
    });
    expect(rows.map((row) => [row.scope, row.type, row.stale, row.differs])).toEqual([
      ['status', 'Accepted', true, false],
      ['status', 'Programmed', false, false],
      ['listener http', 'ResolvedRefs', false, true],
    ]);
  });

  it("pairs a policy's ancestors by the Gateway they resolve to", () => {
    const rows = pairConditions({
      namespace: 'shop',
      predicted: {
        kind: 'policy',
        status: {
          ancestors: [
            {
              ancestorRef: {
                group: 'gateway.networking.k8s.io',
                kind: 'Gateway',
                namespace: 'infra',
                name: 'web',
              },
              controllerName: 'c',
              conditions: [predicted('Accepted', 'True', 'Accepted')],
            },
          ],
        },
      },
      reported: reportedConditions({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'BackendTLSPolicy',
        metadata: { name: 'tls', namespace: 'shop' },
        status: {
          ancestors: [
            {
              ancestorRef: { name: 'web', namespace: 'infra' },
              controllerName: 'c',
              conditions: [reported('Accepted', 'False', 'Invalid')],
            },
          ],
        },
      }),
    });
    expect(rows.map((row) => [row.scope, row.type, row.differs])).toEqual([
      ['ancestor Gateway infra/web', 'Accepted', true],
    ]);
  });

  it('does not hold the controller to a runtime or RBAC prediction', () => {
    const unknown = (basis: 'runtime' | 'rbac'): PredictedStatus => ({
      kind: 'gatewayclass',
      status: {
        conditions: [{ type: 'Accepted', status: 'Unknown', reason: 'Pending', message: '', basis }],
      },
    });
    for (const basis of ['runtime', 'rbac'] as const) {
      const rows = pairConditions({
        namespace: 'default',
        predicted: unknown(basis),
        reported: [{ scope: 'status', conditions: [reported('Accepted', 'True', 'Accepted')] }],
      });
      expect(rows.map((row) => row.differs)).toEqual([false]);
    }
  });

  it('lists reported conditions alone when nothing is predicted', () => {
    const rows = pairConditions({
      namespace: 'shop',
      predicted: undefined,
      reported: route([
        {
          parentRef: { name: 'web' },
          controllerName: 'c',
          conditions: [reported('Accepted', 'True', 'Accepted')],
        },
      ]),
    });
    expect(summary(rows)).toEqual([['parent Gateway shop/web', 'Accepted', 'Accepted', undefined]]);
  });
});
